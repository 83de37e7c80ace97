#pragma once

#include "nn/tensor.h"

#include <cstdint>
#include <vector>

namespace sl {

// A sparse weight in compressed sparse row form, one row per output unit, the layout of
// scipy.sparse.csr_matrix: row i's active weights are values[rowPtr[i] .. rowPtr[i+1]) at
// columns colIdx[...], ascending within the row. values is an (nnz, 1) Tensor so that an
// optimizer can treat the active weights as one ordinary parameter.
struct CsrMatrix {
    int rows = 0;
    int cols = 0;
    std::vector<std::int32_t> rowPtr{0};  // (rows + 1)
    std::vector<std::int32_t> colIdx;     // (nnz)
    Tensor values;                        // (nnz, 1)

    long long nnz() const { return static_cast<long long>(colIdx.size()); }
    // Row-major flat index row * cols + col of active weight k, the index of mask events.
    long long flatIndex(int row, std::int32_t k) const {
        return static_cast<long long>(row) * cols + colIdx[static_cast<std::size_t>(k)];
    }

    // The entries of weight where mask is non-zero, in row-major order.
    static CsrMatrix fromDense(const Tensor& weight, const Tensor& mask);
    // Dense (rows, cols) copy with zeros at inactive positions.
    void toDense(Tensor& out) const;
    // Throws ShapeError unless the row pointers, column indices and values agree.
    void validate(const char* what) const;
};

// The transposed structure of a CsrMatrix (CSC), for gathering Wᵀ·dY one input feature at a
// time: column j's entries are rows rowIdx[colPtr[j] .. colPtr[j+1]), whose values sit at
// csrPos[...] in the CSR's values. Values are not copied, so the index stays valid across
// optimizer steps and is rebuilt only when the structure changes.
struct CscIndex {
    std::vector<std::int32_t> colPtr{0};  // (cols + 1)
    std::vector<std::int32_t> rowIdx;     // (nnz)
    std::vector<std::int32_t> csrPos;     // (nnz)

    static CscIndex of(const CsrMatrix& w);
};

}  // namespace sl
