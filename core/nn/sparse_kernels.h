#pragma once

#include "nn/csr_matrix.h"

#include <string>

namespace sl {

// Kernels of the sparse backend. Activations enter them batch-major: xt is (features, batch)
// row-major, so one feature across the batch is contiguous. Then a weight's forward term is
// one axpy over the batch and its gradient one dot product over the batch (measured against
// the gather form on the model's feature-major layout: see README's speed table).
//
// Each output row is computed by one thread in a fixed order, so results do not depend on
// the thread count (exact resume, and tests that compare runs).

// yt (rows, batch) = W · xt + bias; bias may be null. xt is (cols, batch).
void csrMultiply(const CsrMatrix& w, const float* bias, const Tensor& xt, Tensor& yt);
// The same on raw batch-major buffers, xt (cols × batch) and yt (rows × batch): for
// activations a neighbouring sparse layer already keeps batch-major (Model's hand-off).
void csrMultiply(const CsrMatrix& w, const float* bias, const float* xt, int batch, float* yt);
// y (rows) = W · x + bias for one example, x (cols): batch-1 inference, no scratch and one
// thread below the parallel threshold.
void csrMultiplyOne(const CsrMatrix& w, const float* bias, const float* x, float* y);
// The same from W's values in column order (t's order, columnValues), adding only the
// columns of the non-zero inputs: bias first, then y += x[j] · W[:, j] for j ascending.
void cscMultiplyOne(const CscIndex& t, const float* columnValues, int rows, int cols,
                    const float* bias, const float* x, float* y);
// Whether the column form is the cheaper one for input x (cols) against nnz active weights:
// it scans x and costs a pass over the active weights of its non-zero inputs only.
bool columnsPay(const float* x, int cols, long long nnz);
// Off: batch-1 always takes the row form (benchmarks compare the two).
void setColumnInference(bool on);
// Off: batch-1 never takes the AVX-512 layout (LaneSlices), but the row or column form.
void setLaneSliceInference(bool on);
bool laneSliceInference();
// Layout changes between the Model's activations and the kernels', in 8 × 8 tiles (a plain
// Eigen assignment between storage orders walked one of them with a stride: measured 9% of
// a 98%-sparse step in perf).
void toBatchMajor(const Activations& x, Tensor& xt);    // x (f, b) col-major -> xt (f, b) row-major
void toFeatureMajor(const Tensor& yt, Activations& y);  // the reverse
// grad[k] = dyt.row(i) · xt.row(colIdx[k]) for every active weight k of row i: dL/dW at the
// active positions only. dyt is (rows, batch).
void csrSampledGradient(const CsrMatrix& w, const Tensor& dyt, const Tensor& xt, float* grad);
void csrSampledGradient(const CsrMatrix& w, const float* dyt, const float* xt, int batch,
                        float* grad);
// dxt (cols, batch) = Wᵀ · dyt, gathered per input feature through the transposed index t.
void csrTransposeMultiply(const CsrMatrix& w, const CscIndex& t, const Tensor& dyt, Tensor& dxt);
void csrTransposeMultiply(const CsrMatrix& w, const CscIndex& t, const float* dyt, int batch,
                          float* dxt);
// The same product by scattering each row into dxt, one thread: the alternative the
// benchmark measures the gather against.
void csrTransposeMultiplyScatter(const CsrMatrix& w, const Tensor& dyt, Tensor& dxt);

// Off: every sparse layer takes and gives the Model's feature-major activations, with a
// layout change on each side (tests and benchmarks compare the two; see Model::forward).
void setBatchMajorHandoff(bool on);
bool batchMajorHandoff();

// Multiply-adds per call from which a kernel splits its work over sparseThreads() threads.
long long sparseParallelWork();

// Threads the kernels use (default: one per core, at most 2 on this machine's budget).
void setSparseThreads(int threads);
int sparseThreads();
// The instruction set the kernels dispatched to at run time: "avx2+fma" or "sse2", plus
// ", batch-1 avx512f" where one-example forwards take the AVX-512 layout (LaneSlices).
std::string sparseKernelIsa();

}  // namespace sl
