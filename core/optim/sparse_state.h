#pragma once

#include "nn/prunable_layer.h"
#include "optim/optimizer.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sl {

// Optimizer state of a parameter whose entries were rearranged (a sparse layer's values
// after drop and grow): new entry k takes the state of old entry oldOfNew[k], or zero state
// when oldOfNew[k] is -1 (a grown weight). Dropped entries take their state with them.
// Before the optimizer's first step there is no state and nothing to do.
void remapOptimizerState(Optimizer& optimizer, std::size_t param,
                         const std::vector<std::int32_t>& oldOfNew);

// For every sparse layer whose structure changed since the last call, finds its weight in
// params (by address) and remaps the optimizer's state for it.
void applySparseRemaps(const std::vector<PrunableLayer*>& layers, Optimizer& optimizer,
                       const std::vector<Param>& params);

// Checkpoints keep a sparse layer's optimizer state in the weight's dense shape, so that the
// file reads like a dense run's and resumes on either backend (the layout is unchanged).
// The weight params of sparse layers: {index in params, index in layers}.
std::vector<std::pair<std::size_t, std::size_t>>
sparseWeightParams(const std::vector<PrunableLayer*>& layers, const std::vector<Param>& params);
// A per-active-weight column (nnz, 1) spread to the layer's (rows, cols), zeros elsewhere.
Tensor denseStateOf(PrunableLayer& layer, const Tensor& column);
// The entries of a (rows, cols) tensor where mask is non-zero, row-major, as (nnz, 1).
// Throws ShapeError naming `what` when the shapes differ.
Tensor gatherAtMask(const Tensor& mask, const Tensor& dense, const std::string& what);

}  // namespace sl
