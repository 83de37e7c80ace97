#include "sparsity/methods/nm.h"

#include "sparsity/mask_ops.h"
#include "sparsity/nm_pattern.h"

#include <algorithm>
#include <cmath>

namespace sl {

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
    for (PrunableLayer* d : context.layers) d->setWeightMode(WeightMode::Masked);
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
        // Pruned weights are exactly zero, so they rank last in their group and stay pruned
        // while the kept count only falls.
        const Tensor scores = layer.weight.cwiseAbs();
        auto event = setActive(layer.mask, nmPatternIndices(scores, keep, m_settings.nmM), step,
                               static_cast<int>(l));
        zeroMasked(layer);
        if (event.pruned() + event.grown() == 0) continue;
        for (std::int32_t i : event.prunedIndices) event.prunedScores.push_back(scores.data()[i]);
        if (!event.prunedScores.empty())
            event.dropCutoff = *std::max_element(event.prunedScores.begin(), event.prunedScores.end());
        events.push_back(std::move(event));
    }
    return events;
}

void NmPruning::setDeltaT(int deltaT) {
    SparsityMethod::setDeltaT(deltaT);
    m_schedule.deltaT = std::max(1, deltaT);
}

} // namespace sl
