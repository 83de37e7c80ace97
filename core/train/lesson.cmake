# Sources of one feature, kept in their own list so that work on it touches no shared file.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/lesson.h ${CMAKE_CURRENT_LIST_DIR}/lesson.cpp)
