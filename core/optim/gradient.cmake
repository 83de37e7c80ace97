# Sources of one feature, kept in their own list so that work on it touches no shared file.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../optim/gradient_settings.h
    ${CMAKE_CURRENT_LIST_DIR}/../optim/gradient_filter.h
    ${CMAKE_CURRENT_LIST_DIR}/../optim/gradient_filter.cpp
)
