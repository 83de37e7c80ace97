#include "nn/csr_matrix.h"

#include "util/error.h"

#include <limits>
#include <string>

namespace sl {

CsrMatrix CsrMatrix::fromDense(const Tensor& weight, const Tensor& mask) {
    if (weight.rows() != mask.rows() || weight.cols() != mask.cols())
        throw ShapeError("CSR from dense: weight is (" + std::to_string(weight.rows()) + ", " +
                         std::to_string(weight.cols()) + "), mask (" + std::to_string(mask.rows()) +
                         ", " + std::to_string(mask.cols()) + ") — expected the same shape");
    long long count = 0;
    for (Eigen::Index i = 0; i < mask.size(); ++i) count += mask.data()[i] != 0.0f;
    // int32 indices (scipy's default) hold any layer whose active count fits in them.
    if (count > std::numeric_limits<std::int32_t>::max() ||
        weight.cols() > std::numeric_limits<std::int32_t>::max())
        throw ShapeError("CSR from dense: " + std::to_string(count) +
                         " active weights — expected at most 2^31 - 1 per layer");
    CsrMatrix m;
    m.rows = static_cast<int>(weight.rows());
    m.cols = static_cast<int>(weight.cols());
    m.rowPtr.assign(static_cast<std::size_t>(m.rows) + 1, 0);
    m.colIdx.reserve(static_cast<std::size_t>(count));
    m.values.resize(count, 1);
    std::int32_t k = 0;
    for (int r = 0; r < m.rows; ++r) {
        for (int c = 0; c < m.cols; ++c) {
            if (mask(r, c) == 0.0f) continue;
            m.colIdx.push_back(c);
            m.values(k++, 0) = weight(r, c);
        }
        m.rowPtr[static_cast<std::size_t>(r) + 1] = k;
    }
    return m;
}

void CsrMatrix::toDense(Tensor& out) const {
    out.setZero(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (std::int32_t k = rowPtr[static_cast<std::size_t>(r)]; k < rowPtr[r + 1]; ++k)
            out(r, colIdx[static_cast<std::size_t>(k)]) = values(k, 0);
}

void CsrMatrix::validate(const char* what) const {
    auto fail = [what](const std::string& detail) {
        throw ShapeError(std::string(what) + ": " + detail);
    };
    if (rows < 0 || cols < 0) fail("negative shape");
    if (rowPtr.size() != static_cast<std::size_t>(rows) + 1)
        fail("indptr has " + std::to_string(rowPtr.size()) +
             " entries — expected rows + 1 = " + std::to_string(rows + 1));
    if (rowPtr.front() != 0 || rowPtr.back() != static_cast<std::int32_t>(colIdx.size()))
        fail("indptr must start at 0 and end at nnz (" + std::to_string(colIdx.size()) + ")");
    if (values.rows() != static_cast<Eigen::Index>(colIdx.size()) || values.cols() != 1)
        fail("data has " + std::to_string(values.size()) +
             " values — expected nnz = " + std::to_string(colIdx.size()));
    // All row pointers first: a later row's decrease would otherwise let an earlier row
    // run past the column indices.
    for (int r = 0; r < rows; ++r)
        if (rowPtr[static_cast<std::size_t>(r) + 1] < rowPtr[static_cast<std::size_t>(r)])
            fail("indptr decreases at row " + std::to_string(r));
    for (int r = 0; r < rows; ++r) {
        for (std::int32_t k = rowPtr[static_cast<std::size_t>(r)]; k < rowPtr[r + 1]; ++k) {
            const std::int32_t c = colIdx[static_cast<std::size_t>(k)];
            if (c < 0 || c >= cols)
                fail("column index " + std::to_string(c) + " in row " + std::to_string(r) +
                     " — expected 0 to " + std::to_string(cols - 1));
            if (k > rowPtr[static_cast<std::size_t>(r)] &&
                colIdx[static_cast<std::size_t>(k) - 1] >= c)
                fail("column indices of row " + std::to_string(r) + " are not strictly ascending");
        }
    }
}

CscIndex CscIndex::of(const CsrMatrix& w) {
    CscIndex t;
    t.colPtr.assign(static_cast<std::size_t>(w.cols) + 1, 0);
    for (std::int32_t c : w.colIdx) ++t.colPtr[static_cast<std::size_t>(c) + 1];
    for (int c = 0; c < w.cols; ++c) t.colPtr[static_cast<std::size_t>(c) + 1] += t.colPtr[c];
    t.rowIdx.resize(w.colIdx.size());
    t.csrPos.resize(w.colIdx.size());
    std::vector<std::int32_t> next(t.colPtr.begin(), t.colPtr.end() - 1);
    // Rows are visited in order, so each column's entries come out by ascending row: the
    // gather then sums in the same order as the dense product would.
    for (int r = 0; r < w.rows; ++r)
        for (std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)]; k < w.rowPtr[r + 1]; ++k) {
            const auto slot = static_cast<std::size_t>(
                next[static_cast<std::size_t>(w.colIdx[static_cast<std::size_t>(k)])]++);
            t.rowIdx[slot] = r;
            t.csrPos[slot] = k;
        }
    return t;
}

}  // namespace sl
