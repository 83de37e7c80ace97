# Sources of one feature, kept in their own list so that work on it touches no shared file.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/structured.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/structured.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/nm.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/nm.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/nm_pattern.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/nm_pattern.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../io/compact_export.h
    ${CMAKE_CURRENT_LIST_DIR}/../io/compact_export.cpp
)
