#include "sparsity/methods/magnitude.h"

#include "sparsity/mask_ops.h"
#include "sparsity/method_helpers.h"
#include "sparsity/nm_pattern.h"

#include <algorithm>

namespace sl {

std::vector<MaskUpdateEvent> MagnitudePruning::begin(SparsityContext& context) {
    m_schedule = scheduleFor(context.totalSteps);
    for (PrunableLayer* d : context.layers) d->setWeightMode(WeightMode::Masked);
    // A constant schedule (or one-shot at step 0) prunes before the first step.
    if (m_schedule.at(0) > 0.0) return pruneTo(context, 0);
    return {};
}

std::vector<MaskUpdateEvent> MagnitudePruning::afterOptimizerStep(SparsityContext& context,
                                                                  long long step) {
    if (!m_schedule.isUpdateStep(step)) return {};
    return pruneTo(context, step);
}

std::vector<MaskUpdateEvent> MagnitudePruning::pruneTo(SparsityContext& context, long long step) {
    // Pruned weights are exactly zero, so ranking |w| over all entries never revives one
    // while active weights outnumber the kept count.
    const auto scores = magnitudesOf(context.layers);
    auto keep = keepCounts(m_settings, m_schedule.at(step), context.layers, pointers(scores));
    if (m_settings.nmConstraint) return pruneInPattern(context, scores, keep, step);
    auto events = maskByScore(context.layers, pointers(scores), keep, step);
    for (PrunableLayer* d : context.layers) zeroMasked(*d);
    return events;
}

std::vector<MaskUpdateEvent> MagnitudePruning::pruneInPattern(SparsityContext& context,
                                                              const std::vector<Tensor>& scores,
                                                              std::vector<long long> keep,
                                                              long long step) {
    // Candidates are the per-group top n; everything outside the pattern scores below every
    // candidate, so the usual top-k by score picks inside the pattern only.
    std::vector<Tensor> ranked;
    for (std::size_t l = 0; l < context.layers.size(); ++l) {
        Tensor r = Tensor::Constant(scores[l].rows(), scores[l].cols(), -1.0f);
        const auto pattern = nmPatternIndices(scores[l], m_settings.nmN, m_settings.nmM);
        for (std::int32_t i : pattern) r.data()[i] = scores[l].data()[i];
        keep[l] = std::min<long long>(keep[l], static_cast<long long>(pattern.size()));
        ranked.push_back(std::move(r));
    }
    auto events = maskByScore(context.layers, pointers(ranked), keep, step);
    // The views show |w| of what was dropped, not the ranking's stand-in for "outside".
    for (auto& e : events) {
        const float* s = scores[static_cast<std::size_t>(e.layer)].data();
        e.prunedScores.clear();
        for (std::int32_t i : e.prunedIndices) e.prunedScores.push_back(s[i]);
        if (!e.prunedScores.empty())
            e.dropCutoff = *std::max_element(e.prunedScores.begin(), e.prunedScores.end());
    }
    for (PrunableLayer* d : context.layers) zeroMasked(*d);
    return events;
}

void MagnitudePruning::setDeltaT(int deltaT) {
    SparsityMethod::setDeltaT(deltaT);
    m_schedule.deltaT = std::max(1, deltaT);
}

} // namespace sl
