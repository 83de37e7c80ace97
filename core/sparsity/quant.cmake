# Sources of one feature, kept in their own list so that work on it touches no shared file.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/fake_quant.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/fake_quant.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/storage_size.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/storage_size.cpp
)
