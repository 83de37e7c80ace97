#pragma once

#include "nn/prunable_layer.h"
#include "nn/sparse_dense.h"
#include "sparsity/mask_event.h"
#include "util/rng.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sl {

// Drop and grow on a layer's sparse backend, without a rows × cols array: what RigL and SET
// do on the dense mask (drop_and_grow.h), with the same choices for the same inputs.

// A position (row-major flat index) and the score it was chosen by.
struct ScoredPosition {
    long long index = 0;
    float score = 0.0f;
};

// The k inactive positions with the largest |dL/dW|, ties to the lower index (like topK on
// the dense gradient). The gradient is formed in blocks of rows from the last backward pass
// and streamed through a heap of size k: memory O(k + block), never rows × cols.
// Returned in ascending index order. blockRows 0 picks a block of about 4 MB.
std::vector<ScoredPosition> topInactiveGradient(const SparseWeights& layer, long long k,
                                                int blockRows = 0);

// k distinct inactive positions, uniform: the partial Fisher-Yates shuffle that SET runs on
// the ascending list of inactive indices, run on a virtual list (only the swapped places are
// stored), so it draws the same numbers from rng and picks the same positions.
// Ascending order.
std::vector<long long> sampleInactive(const CsrMatrix& w, long long k, Rng& rng);

// The CSR positions of the k active weights with the smallest |w| (ties: the higher index is
// dropped first, as topK keeps the lower), ascending.
std::vector<std::int32_t> smallestActive(const CsrMatrix& w, long long k);

// Whether the i-th of n changes (0 <= i < n) is among the at most `bound` a layer without a
// dense view lists (mask_event.h): changes ceil(j·n/bound) for j = 0 … bound-1, evenly spaced
// over all n so that the views' highlights fall where the changes are — the first change, one
// in the last n/bound, and every one when n <= bound. Scores kept for the listed positions
// use the same test, so they stay index for index.
inline bool keptInBoundedList(std::size_t i, std::size_t n, std::size_t bound) {
    if (n <= bound) return true;
    // i·bound/n crosses an integer at i: floor((i-1)·bound/n) < floor(i·bound/n).
    return i == 0 || (i - 1) * bound / n != i * bound / n;
}

// Drops the given CSR positions and grows the given flat positions (at 0), in the layer's
// CSR and its dense mask view (O(k) there), and reports it as a mask event; the optimizer
// state follows via SparseWeights' pending remap. A layer without a dense view has no mask
// to update and reports counts with bounded position lists (mask_event.h).
MaskUpdateEvent dropAndGrowSparse(PrunableLayer& layer, SparseWeights& sparse,
                                  const std::vector<std::int32_t>& dropped,
                                  const std::vector<long long>& grown, long long step,
                                  int layerIndex);

// Methods that start dense and prune (magnitude, nm) rank a layer's weights before it has a
// CSR: a layer born without a dense view (above kDenseViewLimit) is refused with a
// ConfigError naming the method and the layer's shape.
void requireDenseStart(const char* method, const PrunableLayer& layer);

}  // namespace sl
