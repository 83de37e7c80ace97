# Sources of one feature, kept in their own list so that work on it touches no shared file.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/emergent_mask.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/emergent_mask.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/hard_concrete.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/hard_concrete.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/l1.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/l1.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/l0.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/l0.cpp
)
