#pragma once

#include "sparsity/method.h"

namespace sl {

// `l1`: loss + lambda * |W|_1 on the prunable weights (Tibshirani 1996; for networks e.g. Han
// et al. 2015). With sparsity.proximal (default) each optimizer step is followed by the
// proximal soft-threshold W <- sign(W) max(|W| - lr lambda, 0), which makes exact zeros;
// without it the subgradient lambda sign(W) is added to the gradient, and a weight counts as
// zero when |w| < kZeroThreshold. Nothing is frozen: a zero weight may come back. The mask
// shows which weights are non-zero, refreshed every delta_t steps and at the last step.
class L1Regularization : public SparsityMethod {
public:
    // Without the proximal step weights only hover near zero (at about the step size lr
    // lambda, amplified by momentum); 1e-3 is 2% of the first layer's He-init std on 784
    // inputs, far below any weight that matters.
    static constexpr float kZeroThreshold = 1e-3f;

    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "l1"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    void afterBackward(SparsityContext& context, long long step) override;
    std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext& context,
                                                    long long step) override;
    double targetSparsityAt(long long) const override;
    bool isMaskUpdateStep(long long step) const override;
    bool emergent() const override { return true; }

    // Pure steps, public for tests: the proximal operator of lr * lambda * |.|_1, and the
    // subgradient added to a gradient (sign(0) = 0).
    static void softThreshold(Tensor& weight, float threshold);
    static void addSubgradient(Tensor& grad, const Tensor& weight, float lambda);
    // What the mask shows: 1 where the weight counts as non-zero.
    Tensor nonZero(const Tensor& weight) const;

private:
    std::vector<MaskUpdateEvent> refreshMasks(SparsityContext& context, long long step);
    long long m_totalSteps = 1;
};

}  // namespace sl
