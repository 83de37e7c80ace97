# Sources of one feature, kept in their own list so that work on it touches no shared file.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../nn/conv2d.h
    ${CMAKE_CURRENT_LIST_DIR}/../nn/conv2d.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../nn/max_pool.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../train/cnn_builder.cpp
)
