#pragma once

#include "nn/csr_matrix.h"

namespace sl::simd {

// AVX2 + FMA versions of the sparse kernels' inner loops, chosen at run time (hasAvx2Fma).
// Activations are batch-major ((features, batch) row-major). Each output row keeps a chunk
// of 64 examples in eight YMM registers while it adds the x rows of its active columns, so
// the output is loaded and stored once per row instead of once per active weight. Sums run
// in the same order as the portable loops (k ascending, one FMA per term), so both give the
// same bits whatever the thread count.

bool hasAvx2Fma();

// yt rows [r0, r1) = W · xt + bias (bias may be null).
void multiplyRows(const CsrMatrix& w, const float* bias, const float* xt, float* yt, int batch,
                  int r0, int r1);
// dxt rows [c0, c1) = Wᵀ · dyt through the transposed index.
void transposeColumns(const CscIndex& t, const float* vals, const float* dyt, float* dxt, int batch,
                      int c0, int c1);
// grad[k] = dyt.row(r) · xt.row(colIdx[k]) for the active weights of rows [r0, r1): four
// independent FMA chains (one chain waits on each FMA's latency).
void gradientRows(const CsrMatrix& w, const float* dyt, const float* xt, float* grad, int batch,
                  int r0, int r1);
// dst (cols, rows) row-major = src (rows, cols) row-major transposed, in 8 × 8 tiles.
void transpose(const float* src, int rows, int cols, float* dst);
// One example: y[r] = bias[r] + Σ v·x[col], rows [r0, r1), scalar FMAs on four chains.
void multiplyOne(const CsrMatrix& w, const float* bias, const float* x, float* y, int r0, int r1);

}  // namespace sl::simd
