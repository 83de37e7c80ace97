#pragma once

#include "nn/prunable_layer.h"
#include "sparsity/mask_event.h"

#include <cstdint>
#include <vector>

namespace sl {

// Per-layer bookkeeping of mask changes: active counts, the last update's churn, totals, and
// the in-time over-parameterization rate (Liu et al. 2021): the fraction of weights that have
// been active at any time so far. A layer without a dense view keeps no byte per weight: its
// ever-active count is the upper bound initial active + grown since (regrowing a weight that
// was active before is rare at its sparsity: at 99.9 % about one growth in a thousand).
class SparsityTracker {
public:
    struct LayerStats {
        long long parameters = 0;
        long long active = 0;
        long long everActive = 0;
        long long totalPruned = 0;
        long long totalGrown = 0;
        int lastPruned = 0;
        int lastGrown = 0;
        long long lastUpdateStep = -1;
        double sparsity() const {
            return parameters ? 1.0 - double(active) / double(parameters) : 0.0;
        }
        double itop() const { return parameters ? double(everActive) / double(parameters) : 0.0; }
    };

    // Starts from the layers' current masks (after the method's begin()).
    void reset(const std::vector<PrunableLayer*>& layers);
    void record(const std::vector<MaskUpdateEvent>& events);
    // For checkpoints: replaces the figures of a tracker reset() on the same layers. Throws
    // ShapeError when the layer count or a layer's size differs.
    void restore(std::vector<LayerStats> stats, std::vector<std::vector<std::uint8_t>> everActive);

    const std::vector<LayerStats>& layers() const { return m_layers; }
    double overallSparsity() const;
    double overallItop() const;
    long long totalGrown() const;
    long long totalPruned() const;
    // For checkpoints: which weights have ever been active, one byte per weight.
    const std::vector<std::vector<std::uint8_t>>& everActiveMasks() const { return m_ever; }

private:
    std::vector<LayerStats> m_layers;
    std::vector<std::vector<std::uint8_t>> m_ever;
};

}  // namespace sl
