#pragma once

#include "nn/csr_matrix.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace sl {

// A copy of a CSR weight laid out for batch-1 inference with AVX-512 (issue 12: one example
// through the reference MLP at 90 % at least 3× faster than dense).
//
// Why: a CSR row product loads a value, a column index and x[column] per active weight, and
// gathers are slower than those loads on this AMD EPYC, so the CSR loop stays near one weight
// per cycle. Here the input is read from registers instead: W is cut into slices of 16 rows
// and its columns into chunks of 32; the 32 inputs of a chunk are two ZMM loads, and one
// two-register permute (vpermi2ps) fetches 16 of them by byte offsets — one per row of the
// slice. A vector holds, for one chunk, the next active weight of each of the 16 rows in that
// chunk, so one FMA adds 16 rows' terms into the slice's 16 sums. Rows with fewer active
// weights in a chunk are padded with weight 0 (offset 0), so the copy holds more slots than
// weights. The rows are taken in order of falling active-weight count (rows of similar length
// share a slice, as in SELL-C-σ), which halved the padding of a RigL-trained layer whose
// growth had gathered weights in some rows; `of` keeps the layout to matrices where the
// padding stays small enough to win. A slice's vectors form one list, each naming its chunk:
// a loop per (slice, chunk) block mispredicted its exit at every block, which cost more than
// the loads it saved at 98 % sparsity.
//
// Sums run vector by vector on four interleaved accumulators: the bits differ from the CSR
// row loop's, as they already did between the row and the column forms.
struct LaneSlices {
    static constexpr int kRows = 16;  // rows per slice: one ZMM of float sums
    static constexpr int kCols = 32;  // columns per chunk: two ZMM registers of inputs

    int rows = 0;
    int cols = 0;
    int chunks = 0;  // ceil(cols / kCols)
    // Lane i of slice s computes row rowOrder[s * kRows + i] of W (-1: a padding lane past the
    // last row).
    std::vector<std::int32_t> rowOrder;
    std::vector<std::int32_t> sliceStart;  // slice s has vectors [sliceStart[s], sliceStart[s+1])
    std::vector<std::uint16_t> chunkOf;    // per vector: the chunk its offsets point into
    std::vector<float> values;             // 16 per vector, lane = row of the slice
    std::vector<std::uint8_t> offset;      // 16 per vector, column - chunk * kCols

    long long vectors() const { return static_cast<long long>(sliceStart.back()); }

    // The layout of w, or nothing when it would not pay: more than kMaxSlotsPerWeight
    // slots per active weight (a very sparse matrix, e.g. the giant model's layers, where a
    // vector would hold one or two weights), more than 65536 chunks, or no AVX-512 to run it.
    static std::optional<LaneSlices> of(const CsrMatrix& w);
    // The same without the checks of `of` (tests build it on any machine).
    static LaneSlices build(const CsrMatrix& w);
    static constexpr int kMaxSlotsPerWeight = 4;

    // y (rows) = W · x + bias for one example x (cols); bias may be null. AVX-512 when the
    // processor has it, else a scalar loop over the same slots in the same order (the same
    // bits: tests check the layout on any machine and the two loops against each other).
    void multiply(const float* bias, const float* x, float* y) const;
    void multiplyPortable(const float* bias, const float* x, float* y) const;
};

// Whether this processor runs LaneSlices' AVX-512 kernel (AVX-512F).
bool hasAvx512();

}  // namespace sl
