#include "sparsity/methods/movement_score.h"

#include "sparsity/method_helpers.h"

namespace sl {

std::vector<MaskUpdateEvent> MovementScorePruning::begin(SparsityContext& context) {
    m_schedule = scheduleFor(context.totalSteps);
    m_scores.clear();
    for (PrunableLayer* d : context.layers) {
        // Forward uses W ⊙ M; masked entries keep their value and get no update.
        d->setWeightMode(WeightMode::LatentFrozen);
        m_scores.push_back(Tensor::Zero(d->units(), d->fanIn()));
    }
    if (m_schedule.at(0) <= 0.0) return {};
    // No movement has been seen yet: start from the largest initial weights.
    const auto magnitudes = magnitudesOf(context.layers);
    const auto keep =
        keepCounts(m_settings, m_schedule.at(0), context.layers, pointers(magnitudes));
    return maskByScore(context.layers, pointers(magnitudes), keep, 0);
}

void MovementScorePruning::afterBackward(SparsityContext& context, long long) {
    for (std::size_t l = 0; l < context.layers.size(); ++l) {
        const PrunableLayer& d = *context.layers[l];
        m_scores[l].array() -= d.weight.array() * d.weightGrad.array();
    }
}

bool MovementScorePruning::isMaskUpdateStep(long long step) const {
    return isRemaskStep(m_schedule, m_settings.deltaT, step);
}

std::vector<MaskUpdateEvent> MovementScorePruning::afterOptimizerStep(SparsityContext& context,
                                                                      long long step) {
    if (!isMaskUpdateStep(step)) return {};
    const auto keep =
        keepCounts(m_settings, m_schedule.at(step), context.layers, pointers(m_scores));
    return maskByScore(context.layers, pointers(m_scores), keep, step);
}

void MovementScorePruning::setDeltaT(int deltaT) {
    SparsityMethod::setDeltaT(deltaT);
    m_schedule.deltaT = std::max(1, deltaT);
}

std::vector<std::pair<std::string, Tensor*>> MovementScorePruning::state() {
    std::vector<std::pair<std::string, Tensor*>> out;
    for (std::size_t l = 0; l < m_scores.size(); ++l)
        out.emplace_back("scores" + std::to_string(l + 1), &m_scores[l]);
    return out;
}

}  // namespace sl
