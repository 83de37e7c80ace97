#pragma once

#include "sparsity/method.h"

namespace sl {

// `nm`: N:M semi-structured sparsity (Mishra et al. 2021; Zhou et al. 2021, "Learning N:M
// Fine-grained Structured Sparse Neural Networks From Scratch"): in every group of m
// consecutive input weights of a row keep the n largest |w| (core/sparsity/nm_pattern.h, which
// also defines the final partial group). Applies to every prunable layer, so the target is
// 1 - n/m; sparsity.target is not used. constant / one-shot prune once (at begin() / at
// start_step); linear / cubic lower the number kept per group from m to n as the schedule's
// sparsity (initial -> 1 - n/m) rises, re-applying the pattern every delta_t until end_step.
// Pruned weights stay at zero and never return. On a layer's sparse backend the pattern is
// applied to its CSR (sparse to sparse), with the same choices as on the dense mask.
class NmPruning : public SparsityMethod {
public:
    explicit NmPruning(SparsitySettings settings);
    std::string name() const override { return "nm"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext& context,
                                                    long long step) override;
    double targetSparsityAt(long long step) const override { return m_schedule.at(step); }
    bool isMaskUpdateStep(long long step) const override { return m_schedule.isUpdateStep(step); }
    void setDeltaT(int deltaT) override;
    bool runsOnSparseBackend() const override { return true; }
    bool movesToSparseBackend() const override { return true; }  // n:m tightens by schedule

    // Survivors per full group at `step`: m before pruning, n at the end of the schedule.
    int keptPerGroupAt(long long step) const;

private:
    std::vector<MaskUpdateEvent> applyPattern(SparsityContext& context, long long step);
    SparsitySchedule m_schedule;
};

}  // namespace sl
