#include "sparsity/methods/magnitude.h"

#include "sparsity/mask_ops.h"
#include "sparsity/method_helpers.h"

namespace sl {

std::vector<MaskUpdateEvent> MagnitudePruning::begin(SparsityContext& context) {
    m_schedule = scheduleFor(context.totalSteps);
    for (PrunableLayer* d : context.layers) d->masked = true;
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
    const auto keep =
        keepCounts(m_settings, m_schedule.at(step), context.layers, pointers(scores));
    auto events = maskByScore(context.layers, pointers(scores), keep, step);
    for (PrunableLayer* d : context.layers) zeroMasked(*d);
    return events;
}

void MagnitudePruning::setDeltaT(int deltaT) {
    SparsityMethod::setDeltaT(deltaT);
    m_schedule.deltaT = std::max(1, deltaT);
}

} // namespace sl
