#pragma once

#include "sparsity/method.h"

namespace sl {

// `movement`, as the seed article describes it: a dense latent weight W is kept; the forward
// pass uses W ⊙ M, and the gradient with respect to W ⊙ M updates *all* of W, masked entries
// included. Every ΔT steps the (1 - s)·N latent weights of largest magnitude become the new
// mask, so a masked weight that grew comes back and an active one that shrank leaves.
//
// Taken literally this collapses at high sparsity: a masked latent weight gathers ΔT steps of
// gradient (and momentum) that the loss never answered, and thousands of them enter at once.
// Three settings stabilise it (each can be turned off to show the collapse):
//   movement_entry  what an entering weight starts with: its latent value (the seed), 0 (as
//                   RigL grows), or its latent value clipped to the mean |w| of the kept ones;
//   movement_reset_state  zero its optimizer state, so no stale momentum follows it in;
//   movement_decay  SR-STE (Zhou et al. 2021): lambda_W * W added to the gradient of masked
//                   latent weights, which stops them drifting far while nothing checks them.
//   movement_gradual, movement_delta_t  a cubic ramp instead of a constant target, and a
//                   re-ranking every 16 steps: Dynamic Pruning with Feedback (Lin et al. 2020),
//                   which is this algorithm with a short interval and a gradual schedule.
class MovementPruning : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "movement"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    void afterBackward(SparsityContext& context, long long step) override;
    std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext& context,
                                                    long long step) override;
    double targetSparsityAt(long long step) const override { return m_schedule.at(step); }
    bool isMaskUpdateStep(long long step) const override;
    // The live ΔT control sets the interval movement uses (movement_delta_t when that is set).
    void setDeltaT(int deltaT) override;
    bool resetsGrownState() const override { return m_settings.movementResetState; }
    // The latent weights themselves: the window reads their magnitudes.
    std::string growCriterionName() const override { return "latent |w|"; }

private:
    std::vector<MaskUpdateEvent> remask(SparsityContext& context, long long step);
    // Sets what entering weights start with, per movement_entry.
    void initializeEntering(SparsityContext& context,
                            const std::vector<MaskUpdateEvent>& events) const;
    int interval() const;
    SparsitySchedule m_schedule;
};

}  // namespace sl
