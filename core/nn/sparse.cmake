# Sources of one feature, kept in their own list so that work on it touches no shared file.
# The sparse backend (issue 12): CSR storage, its kernels, per-active-weight optimizer state.
target_sources(sparselab_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../nn/csr_matrix.h
    ${CMAKE_CURRENT_LIST_DIR}/../nn/csr_matrix.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../nn/sparse_kernels.h
    ${CMAKE_CURRENT_LIST_DIR}/../nn/sparse_kernels.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../nn/sparse_simd.h
    ${CMAKE_CURRENT_LIST_DIR}/../nn/sparse_simd.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../nn/lane_slices.h
    ${CMAKE_CURRENT_LIST_DIR}/../nn/lane_slices.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../nn/dense_step_clock.h
    ${CMAKE_CURRENT_LIST_DIR}/../nn/dense_step_clock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../nn/sparse_dense.h
    ${CMAKE_CURRENT_LIST_DIR}/../nn/sparse_dense.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../optim/sparse_state.h
    ${CMAKE_CURRENT_LIST_DIR}/../optim/sparse_state.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/sparse_drop_grow.h
    ${CMAKE_CURRENT_LIST_DIR}/../sparsity/methods/sparse_drop_grow.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../io/checkpoint_csr.h
    ${CMAKE_CURRENT_LIST_DIR}/../io/checkpoint_csr.cpp
)
# The kernels split rows over their own helper threads (deterministic: one thread per row).
find_package(Threads REQUIRED)
target_link_libraries(sparselab_core PUBLIC Threads::Threads)
