#include "sparsity/methods/nm.h"

#include "nn/sparse_dense.h"
#include "sparsity/mask_ops.h"
#include "sparsity/methods/sparse_drop_grow.h"
#include "sparsity/nm_pattern.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace sl {
namespace {

// The pattern on a layer's CSR, O(active weights): inactive entries score 0 in the dense form
// and rank last in their group, so the survivors are the `keep` largest |w| among a group's
// active entries (ties to the lower column, as nmPatternIndices breaks them); a partial
// group keeps min(keep, its size). The other active entries are dropped.
std::vector<std::int32_t> nmDroppedPositions(const CsrMatrix& w, int keep, int m) {
    std::vector<std::int32_t> dropped, group;
    for (int r = 0; r < w.rows; ++r) {
        std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)];
        const std::int32_t end = w.rowPtr[static_cast<std::size_t>(r) + 1];
        while (k < end) {
            const std::int32_t g = w.colIdx[static_cast<std::size_t>(k)] / m;
            std::int32_t stop = k;
            while (stop < end && w.colIdx[static_cast<std::size_t>(stop)] / m == g) ++stop;
            const int size = std::min(m, w.cols - g * m);
            const int kept = nmKeptInGroup(keep, size);
            if (stop - k > kept) {
                group.resize(static_cast<std::size_t>(stop - k));
                std::iota(group.begin(), group.end(), k);
                std::partial_sort(group.begin(), group.begin() + kept, group.end(),
                                  [&](std::int32_t a, std::int32_t b) {
                                      const float sa = std::abs(w.values(a, 0));
                                      const float sb = std::abs(w.values(b, 0));
                                      return sa > sb || (sa == sb && a < b);
                                  });
                dropped.insert(dropped.end(), group.begin() + kept, group.end());
            }
            k = stop;
        }
    }
    std::sort(dropped.begin(), dropped.end());
    return dropped;
}

}  // namespace

NmPruning::NmPruning(SparsitySettings settings) : SparsityMethod(std::move(settings)) {
    // The step fields resolve against the run length in begin(); until then charts that ask
    // see the final target.
    m_schedule.kind = "constant";
    m_schedule.target = 1.0 - double(m_settings.nmN) / double(m_settings.nmM);
}

std::vector<MaskUpdateEvent> NmPruning::begin(SparsityContext& context) {
    const double target = 1.0 - double(m_settings.nmN) / double(m_settings.nmM);
    m_schedule = scheduleFor(context.totalSteps);
    m_schedule.target = target;
    m_schedule.initial = std::min<double>(m_settings.initial, target);
    for (PrunableLayer* d : context.layers) {
        requireDenseStart("nm", *d);
        d->setWeightMode(WeightMode::Masked);
    }
    if (m_schedule.at(0) > 0.0) return applyPattern(context, 0);
    return {};
}

std::vector<MaskUpdateEvent> NmPruning::afterOptimizerStep(SparsityContext& context,
                                                           long long step) {
    if (!m_schedule.isUpdateStep(step)) return {};
    return applyPattern(context, step);
}

int NmPruning::keptPerGroupAt(long long step) const {
    const int m = m_settings.nmM, n = m_settings.nmN;
    // The nearest whole count to the schedule's density, never below n.
    const long long kept = std::llround(double(m) * (1.0 - m_schedule.at(step)));
    return static_cast<int>(std::clamp<long long>(kept, n, m));
}

std::vector<MaskUpdateEvent> NmPruning::applyPattern(SparsityContext& context, long long step) {
    const int keep = keptPerGroupAt(step);
    std::vector<MaskUpdateEvent> events;
    for (std::size_t l = 0; l < context.layers.size(); ++l) {
        PrunableLayer& layer = *context.layers[l];
        if (SparseWeights* sparse = sparseWeightsOf(layer)) {
            // Sparse to sparse: no rows × cols array on the way.
            const auto dropped = nmDroppedPositions(sparse->matrix(), keep, m_settings.nmM);
            if (dropped.empty()) continue;
            events.push_back(
                dropAndGrowSparse(layer, *sparse, dropped, {}, step, static_cast<int>(l)));
            continue;
        }
        // Pruned weights are exactly zero, so they rank last in their group and stay pruned
        // while the kept count only falls.
        const Tensor scores = layer.weight.cwiseAbs();
        auto event = setActive(layer.mask, nmPatternIndices(scores, keep, m_settings.nmM), step,
                               static_cast<int>(l));
        zeroMasked(layer);
        if (event.pruned() + event.grown() == 0) continue;
        for (std::int32_t i : event.prunedIndices) event.prunedScores.push_back(scores.data()[i]);
        if (!event.prunedScores.empty())
            event.dropCutoff =
                *std::max_element(event.prunedScores.begin(), event.prunedScores.end());
        events.push_back(std::move(event));
    }
    return events;
}

void NmPruning::setDeltaT(int deltaT) {
    SparsityMethod::setDeltaT(deltaT);
    m_schedule.deltaT = std::max(1, deltaT);
}

}  // namespace sl
