# Sources of one feature, kept in their own list so that work on it touches no shared file.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/moe.h ${CMAKE_CURRENT_LIST_DIR}/moe.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../train/moe_builder.cpp
)
