#include "sparsity/methods/movement.h"

#include "sparsity/method_helpers.h"

namespace sl {

std::vector<MaskUpdateEvent> MovementPruning::begin(SparsityContext& context) {
    m_schedule = scheduleFor(context.totalSteps);
    for (PrunableLayer* d : context.layers) {
        d->latent = true;   // forward uses W ⊙ M
        d->masked = false;  // and the optimizer updates every entry of W
    }
    if (m_schedule.at(0) > 0.0) return remask(context, 0);
    return {};
}

bool MovementPruning::isMaskUpdateStep(long long step) const {
    return isRemaskStep(m_schedule, m_settings.deltaT, step);
}

std::vector<MaskUpdateEvent> MovementPruning::afterOptimizerStep(SparsityContext& context,
                                                                 long long step) {
    if (!isMaskUpdateStep(step)) return {};
    return remask(context, step);
}

std::vector<MaskUpdateEvent> MovementPruning::remask(SparsityContext& context, long long step) {
    const auto scores = magnitudesOf(context.layers);  // of the latent weights
    const auto keep =
        keepCounts(m_settings, m_schedule.at(step), context.layers, pointers(scores));
    return maskByScore(context.layers, pointers(scores), keep, step);
}

void MovementPruning::setDeltaT(int deltaT) {
    SparsityMethod::setDeltaT(deltaT);
    m_schedule.deltaT = std::max(1, deltaT);
}

} // namespace sl
