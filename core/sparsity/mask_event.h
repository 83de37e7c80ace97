#pragma once

#include <cstdint>
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

    int pruned() const { return static_cast<int>(prunedIndices.size()); }
    int grown() const { return static_cast<int>(grownIndices.size()); }
};

} // namespace sl
