#pragma once

#include "sparsity/method.h"

namespace sl {

// `magnitude`: prune the smallest |w| — one-shot at a step, or gradually on the cubic
// schedule of Zhu & Gupta (2017), "To prune, or not to prune" (GMP). Pruned weights stay at
// zero and never return.
// With sparsity.nm_constraint the mask is chosen only among the per-group top n of every m
// consecutive inputs (core/sparsity/nm_pattern.h), so every group keeps at most n: a target
// above 1 - n/m prunes further inside the pattern; a target at or below it (or a layer's share
// of the distribution that asks for more than the pattern holds) gives the pattern itself.
class MagnitudePruning : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "magnitude"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext& context,
                                                    long long step) override;
    double targetSparsityAt(long long step) const override { return m_schedule.at(step); }
    bool isMaskUpdateStep(long long step) const override { return m_schedule.isUpdateStep(step); }
    void setDeltaT(int deltaT) override;
    // A layer moves to the sparse backend once its density falls below the break-even
    // (Trainer); its later updates prune its CSR. Not with the global distribution or the
    // N:M constraint, which rank dense tensors.
    bool runsOnSparseBackend() const override;
    bool movesToSparseBackend() const override { return runsOnSparseBackend(); }

private:
    std::vector<MaskUpdateEvent> pruneTo(SparsityContext& context, long long step);
    std::vector<MaskUpdateEvent> pruneInPattern(SparsityContext& context,
                                                const std::vector<Tensor>& scores,
                                                std::vector<long long> keep, long long step);
    SparsitySchedule m_schedule;
};

}  // namespace sl
