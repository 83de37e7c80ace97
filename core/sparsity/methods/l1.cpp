#include "sparsity/methods/l1.h"

#include "sparsity/emergent_mask.h"
#include "util/error.h"

#include <cmath>
#include <limits>

namespace sl {

std::vector<MaskUpdateEvent> L1Regularization::begin(SparsityContext& context) {
    if (!(m_settings.l1Lambda >= 0.0f) || !std::isfinite(m_settings.l1Lambda))
        throw ConfigError("sparsity.l1_lambda: got " + std::to_string(m_settings.l1Lambda) +
                          " — expected a finite number >= 0");
    m_totalSteps = std::max(1LL, context.totalSteps);
    for (PrunableLayer* d : context.layers) {
        // The optimizers must not freeze zeros: a weight the threshold zeroed may come back.
        d->setWeightMode(WeightMode::Plain);
    }
    return refreshMasks(context, 0);
}

void L1Regularization::softThreshold(Tensor& weight, float threshold) {
    // sign(w) max(|w| - t, 0): entries with |w| <= t become exactly +0.
    weight = weight.unaryExpr([threshold](float w) {
        const float shrunk = std::abs(w) - threshold;
        return shrunk > 0.0f ? std::copysign(shrunk, w) : 0.0f;
    });
}

void L1Regularization::addSubgradient(Tensor& grad, const Tensor& weight, float lambda) {
    grad.array() += lambda * weight.array().sign();
}

Tensor L1Regularization::nonZero(const Tensor& weight) const {
    const float cut = m_settings.proximal ? 0.0f : kZeroThreshold;
    // With the proximal step zero is exact; |w| > 0 keeps every surviving weight.
    return (weight.array().abs() > cut).cast<float>().matrix();
}

void L1Regularization::afterBackward(SparsityContext& context, long long) {
    if (m_settings.proximal) return;
    for (PrunableLayer* d : context.layers)
        addSubgradient(d->weightGrad, d->weight, m_settings.l1Lambda);
}

std::vector<MaskUpdateEvent> L1Regularization::afterOptimizerStep(SparsityContext& context,
                                                                  long long step) {
    if (m_settings.proximal) {
        const float threshold = static_cast<float>(context.learningRate) * m_settings.l1Lambda;
        for (PrunableLayer* d : context.layers) softThreshold(d->weight, threshold);
    }
    if (!isMaskUpdateStep(step)) return {};
    return refreshMasks(context, step);
}

double L1Regularization::targetSparsityAt(long long) const {
    return std::numeric_limits<double>::quiet_NaN();
}

bool L1Regularization::isMaskUpdateStep(long long step) const {
    return step > 0 && (step % std::max(1, m_settings.deltaT) == 0 || step == m_totalSteps);
}

std::vector<MaskUpdateEvent> L1Regularization::refreshMasks(SparsityContext& context,
                                                            long long step) {
    std::vector<MaskUpdateEvent> events;
    for (std::size_t l = 0; l < context.layers.size(); ++l) {
        PrunableLayer& d = *context.layers[l];
        auto event = replaceMask(d.mask, nonZero(d.weight), step, static_cast<int>(l));
        if (event.pruned() + event.grown() > 0) events.push_back(std::move(event));
    }
    return events;
}

}  // namespace sl
