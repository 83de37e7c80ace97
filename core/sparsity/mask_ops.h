#pragma once

#include "nn/prunable_layer.h"
#include "sparsity/mask_event.h"
#include "util/rng.h"

#include <cstdint>
#include <vector>

namespace sl {

// The k candidates with the largest scores, ties broken by the lower index so that the
// choice is deterministic. Returns them in ascending index order.
std::vector<std::int32_t> topK(const float* scores, std::vector<std::int32_t> candidates,
                               long long k);

// Flat indices whose mask entry is 1 (active) or 0 (inactive), ascending.
std::vector<std::int32_t> activeIndices(const Tensor& mask);
std::vector<std::int32_t> inactiveIndices(const Tensor& mask);

// Makes exactly the given indices active and reports what changed as an event.
MaskUpdateEvent setActive(Tensor& mask, const std::vector<std::int32_t>& active, long long step,
                          int layer);

// k distinct positions of a rows × cols matrix drawn uniformly, as CSR row pointers (rows + 1)
// and ascending columns, with no rows × cols array: k flat positions are drawn, sorted, and
// the duplicates drawn again until k are distinct (a few rounds while k is a small fraction
// of rows × cols, as it is for the layers without a dense view). Throws ShapeError when k
// exceeds rows × cols or 2^31 - 1.
void randomStructure(int rows, int cols, long long k, Rng& rng, std::vector<std::int32_t>& rowPtr,
                     std::vector<std::int32_t>& colIdx);

// Zeroes the weights whose mask is 0 (methods that keep no latent weight).
void zeroMasked(PrunableLayer& layer);

}  // namespace sl
