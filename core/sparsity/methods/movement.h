#pragma once

#include "sparsity/method.h"

namespace sl {

// `movement`, as the seed article describes it: a dense latent weight W is kept; the forward
// pass uses W ⊙ M, and the gradient with respect to W ⊙ M updates *all* of W, masked entries
// included. Every ΔT steps the (1 - s)·N latent weights of largest magnitude become the new
// mask, so a masked weight that grew comes back and an active one that shrank leaves.
// Optionally on a gradual schedule.
class MovementPruning : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "movement"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext& context, long long step) override;
    double targetSparsityAt(long long step) const override { return m_schedule.at(step); }
    bool isMaskUpdateStep(long long step) const override;
    void setDeltaT(int deltaT) override;
    // The latent weights themselves: the window reads their magnitudes.
    std::string growCriterionName() const override { return "latent |w|"; }

private:
    std::vector<MaskUpdateEvent> remask(SparsityContext& context, long long step);
    SparsitySchedule m_schedule;
};

} // namespace sl
