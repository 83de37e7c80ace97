target_sources(sparselab_ui PRIVATE
    main_window.h main_window.cpp
    language.h language.cpp
    language_menu.h language_menu.cpp
    run_book.h run_book.cpp
    run_actions.h run_actions.cpp
    sweep_opener.h sweep_opener.cpp
    message_banner.h message_banner.cpp
    status_line.h status_line.cpp
    screen_fit.h screen_fit.cpp
    transport_keys.h transport_keys.cpp
    run_set_file.h run_set_file.cpp
    lesson_pace.h
    lesson_pacer.h lesson_pacer.cpp
    presentation_mode.h presentation_mode.cpp
)
