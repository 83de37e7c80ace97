#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace sl {

// One change of one layer's mask. Indices are flat, row-major (row * inputs + column), the
// order h5py and NumPy use. pruned and grown are disjoint: a weight dropped at an update is
// not a candidate for regrowth at the same update.
struct MaskUpdateEvent {
    long long step = 0;  // optimizer steps done when the mask changed
    int layer = 0;       // index among the prunable layers
    std::vector<std::int32_t> prunedIndices;
    std::vector<std::int32_t> grownIndices;
    // Why: the largest |w| that was dropped and the smallest grow score that was grown
    // (|gradient| for rigl, latent |w| for movement, a random draw for set). NaN when the
    // method has no such cut-off (one-shot pruning has no growth).
    float dropCutoff = std::numeric_limits<float>::quiet_NaN();
    float growCutoff = std::numeric_limits<float>::quiet_NaN();
    // The drop fraction α_t of a drop-and-grow update (rigl, set): it dropped
    // min(round(α_t × active weights before it), inactive weights before it). NaN for methods
    // whose updates follow no drop fraction. Kept with the event so that "why this update"
    // states the engine's α instead of working it out again from the config.
    double dropFraction = std::numeric_limits<double>::quiet_NaN();
    // The scores behind the choice, index for index: |w| of each pruned weight, and the grow
    // criterion of each grown one (empty for random growth).
    std::vector<float> prunedScores;
    std::vector<float> grownScores;

    // A layer without a dense view (PrunableLayer::hasDenseView) lists no int32 indices: its
    // flat indices pass 2^31, and a giant layer moves millions of weights per update. Its
    // changes are counted here, and at most kEventPositionBound of each are kept for views:
    // 64-bit flat indices, ascending, evenly spaced over all the changes (keptInBoundedList in
    // sparse_drop_grow.h; all of them up to the bound), so that a density map's highlights
    // fall where the changes are; prunedScores and grownScores index for index with them.
    long long prunedUnlisted = 0;
    long long grownUnlisted = 0;
    std::vector<long long> prunedPositions;
    std::vector<long long> grownPositions;
    static constexpr std::size_t kEventPositionBound = 65536;

    int pruned() const { return static_cast<int>(prunedIndices.size() + prunedUnlisted); }
    int grown() const { return static_cast<int>(grownIndices.size() + grownUnlisted); }
};

}  // namespace sl
