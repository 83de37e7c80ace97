#include "sparsity/methods/movement.h"

#include "sparsity/method_helpers.h"

#include <algorithm>
#include <cmath>

namespace sl {

int MovementPruning::interval() const {
    return std::max(1,
                    m_settings.movementDeltaT > 0 ? m_settings.movementDeltaT : m_settings.deltaT);
}

std::vector<MaskUpdateEvent> MovementPruning::begin(SparsityContext& context) {
    m_schedule = scheduleFor(context.totalSteps);
    if (m_settings.movementGradual && m_schedule.kind == "constant") m_schedule.kind = "cubic";
    m_schedule.deltaT = interval();
    for (PrunableLayer* d : context.layers) {
        // Forward uses W ⊙ M, and the optimizer updates every entry of W.
        d->setWeightMode(WeightMode::Latent);
    }
    if (m_schedule.at(0) > 0.0) return remask(context, 0);
    return {};
}

void MovementPruning::afterBackward(SparsityContext& context, long long) {
    const float lambda = m_settings.movementDecay;
    if (lambda <= 0.0f) return;
    // SR-STE: the masked part of W is pulled towards 0 through the optimizer, like L2 on it.
    for (PrunableLayer* d : context.layers)
        d->weightGrad.array() += lambda * (1.0f - d->mask.array()) * d->weight.array();
}

bool MovementPruning::isMaskUpdateStep(long long step) const {
    return isRemaskStep(m_schedule, interval(), step);
}

std::vector<MaskUpdateEvent> MovementPruning::afterOptimizerStep(SparsityContext& context,
                                                                 long long step) {
    if (!isMaskUpdateStep(step)) return {};
    return remask(context, step);
}

std::vector<MaskUpdateEvent> MovementPruning::remask(SparsityContext& context, long long step) {
    const auto scores = magnitudesOf(context.layers);  // of the latent weights
    const auto keep = keepCounts(m_settings, m_schedule.at(step), context.layers, pointers(scores));
    auto events = maskByScore(context.layers, pointers(scores), keep, step);
    // The initial pruning chooses among untrained weights: nothing has drifted yet.
    if (step > 0) initializeEntering(context, events);
    return events;
}

void MovementPruning::initializeEntering(SparsityContext& context,
                                         const std::vector<MaskUpdateEvent>& events) const {
    const std::string& entry = m_settings.movementEntry;
    if (entry == "latent") return;
    for (const MaskUpdateEvent& e : events) {
        PrunableLayer& d = *context.layers[static_cast<std::size_t>(e.layer)];
        float* w = d.weight.data();
        if (entry == "zero") {
            for (std::int32_t i : e.grownIndices) w[i] = 0.0f;
            continue;
        }
        // clip: no entering weight may be larger than the kept ones are on average.
        double sum = 0.0;
        long long kept = 0;
        const float* m = d.mask.data();
        std::vector<char> grown(static_cast<std::size_t>(d.mask.size()), 0);
        for (std::int32_t i : e.grownIndices) grown[static_cast<std::size_t>(i)] = 1;
        for (Eigen::Index i = 0; i < d.mask.size(); ++i) {
            if (m[i] == 0.0f || grown[static_cast<std::size_t>(i)]) continue;
            sum += std::abs(w[i]);
            ++kept;
        }
        if (kept == 0) continue;
        const float bound = static_cast<float>(sum / static_cast<double>(kept));
        for (std::int32_t i : e.grownIndices) w[i] = std::clamp(w[i], -bound, bound);
    }
}

void MovementPruning::setDeltaT(int deltaT) {
    SparsityMethod::setDeltaT(deltaT);
    if (m_settings.movementDeltaT > 0) m_settings.movementDeltaT = deltaT;
    m_schedule.deltaT = interval();
}

}  // namespace sl
