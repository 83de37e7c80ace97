#pragma once

#include "sparsity/method.h"

namespace sl {

// `movement-score`: movement pruning of Sanh, Wolf & Rush (2020). Each weight accumulates a
// score S = -Σ_t W ⊙ ∂L/∂W' (W' = W ⊙ M, the straight-through gradient), which grows for
// weights moving away from zero; every ΔT steps the top (1 - s)·N scores form the mask.
// Masked weights keep their value (frozen, not updated) so that a revived one resumes it.
class MovementScorePruning : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "movement-score"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    void afterBackward(SparsityContext& context, long long step) override;
    std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext& context,
                                                    long long step) override;
    double targetSparsityAt(long long step) const override { return m_schedule.at(step); }
    bool isMaskUpdateStep(long long step) const override;
    void setDeltaT(int deltaT) override;
    std::vector<std::pair<std::string, Tensor*>> state() override;
    const Tensor* growCriterion(int layer) const override {
        return m_scores.empty() ? nullptr : &m_scores[static_cast<std::size_t>(layer)];
    }
    std::string growCriterionName() const override { return "movement score"; }

    const std::vector<Tensor>& scores() const { return m_scores; }

private:
    SparsitySchedule m_schedule;
    std::vector<Tensor> m_scores;  // one per layer, the weight's shape
};

}  // namespace sl
