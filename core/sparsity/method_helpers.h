#pragma once

#include "sparsity/distribution.h"
#include "sparsity/method.h"

#include <vector>

namespace sl {

// Pieces several methods share: the layers' shapes, per-layer keep counts for a target, and
// masks chosen at random or by score.
std::vector<LayerShape> layerShapes(const std::vector<PrunableLayer*>& layers);

// How many weights each layer keeps at `sparsity` under the configured distribution; the
// global distribution ranks `scores` (one tensor per layer).
std::vector<long long> keepCounts(const SparsitySettings& settings, double sparsity,
                                  const std::vector<PrunableLayer*>& layers,
                                  const std::vector<const Tensor*>& scores);

// Sets each layer's mask to its `keep` entries with the largest score; returns the changes.
std::vector<MaskUpdateEvent> maskByScore(const std::vector<PrunableLayer*>& layers,
                                         const std::vector<const Tensor*>& scores,
                                         const std::vector<long long>& keep, long long step);

// Sets each layer's mask to `keep` entries drawn at random.
std::vector<MaskUpdateEvent> maskAtRandom(const std::vector<PrunableLayer*>& layers,
                                          const std::vector<long long>& keep, Rng& rng,
                                          long long step);

// The start of every sparse-from-scratch method (static, rigl, set): a random mask at the
// target under the distribution, pruned weights zeroed, the optimizers told to mask.
std::vector<MaskUpdateEvent> randomMaskAtTarget(const SparsitySettings& settings,
                                                SparsityContext& context);

// Methods that re-rank every ΔT steps (movement, movement-score): a multiple of ΔT or a step
// of the gradual schedule, once the schedule asks for any sparsity.
bool isRemaskStep(const SparsitySchedule& schedule, int deltaT, long long step);

std::vector<Tensor> magnitudesOf(const std::vector<PrunableLayer*>& layers);
std::vector<const Tensor*> pointers(const std::vector<Tensor>& tensors);

}  // namespace sl
