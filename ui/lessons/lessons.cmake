# Guided lessons (#17): the runner, the lesson dock, the picker. The lesson files are embedded
# as :/lessons/<name>.json; the list is explicit (no GLOB): a new lesson adds a line here.
target_sources(sparselab_ui PRIVATE
    lessons/lesson_runner.h lessons/lesson_runner.cpp
    lessons/lesson_library.h lessons/lesson_library.cpp
    lessons/lesson_sidebar.h lessons/lesson_sidebar.cpp
    lessons/lesson_picker.h lessons/lesson_picker.cpp
    lessons/lesson_ui.h lessons/lesson_ui.cpp)
set(_sl_lesson_files
    fashion-mnist-rigl.json
    fashion-mnist-dense-static-rigl.json
    fashion-mnist-delta-t.json
    fashion-mnist-erk-uniform.json
    fashion-mnist-gradual-magnitude.json
    fashion-mnist-structured-nm.json
    fashion-mnist-sparsegpt.json
    fashion-mnist-gradient-topk.json
    fashion-mnist-moe.json
    fashion-mnist-lottery.json
    tang-poems-pruning-a-poet.json)
list(TRANSFORM _sl_lesson_files PREPEND ${PROJECT_SOURCE_DIR}/resources/lessons/)
qt_add_resources(sparselab_ui "sparselab_lessons"
    PREFIX /lessons
    BASE ${PROJECT_SOURCE_DIR}/resources/lessons
    FILES ${_sl_lesson_files})
