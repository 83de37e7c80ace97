#pragma once

#include "sparsity/method.h"

namespace sl {

// `structured`: removes whole units — neurons (rows of a Dense weight) and filters (rows of a
// Conv2d kernel) — with the smallest L2 or L1 row norm (sparsity.structure_norm), as in Li et
// al. 2017, "Pruning Filters for Efficient ConvNets". sparsity.target is the fraction of units
// removed in every prunable layer but the last, whose units are the classes: each such layer
// loses round(target(t) * units) of them (at most units - 1, so a layer never goes dark);
// sparsity.distribution does not apply. constant prunes at begin(), one-shot at start_step,
// linear / cubic re-rank the surviving units every delta_t until end_step. A removed unit's
// row is masked whole, its bias held at exactly 0 after every optimizer step (optimizers do not
// mask biases), so it outputs act(0); removed units never return. export-compact then drops
// them physically.
class StructuredPruning : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "structured"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext& context,
                                                    long long step) override;
    // The weight sparsity that the removed rows amount to, so that the schedule chart's target
    // and measured curves meet (sparsity.target itself counts units, not weights).
    double targetSparsityAt(long long step) const override;
    bool isMaskUpdateStep(long long step) const override { return m_schedule.isUpdateStep(step); }
    void setDeltaT(int deltaT) override;

    // Units layer `layer` has lost at unit fraction `fraction` (0 for the last layer).
    int removedUnits(std::size_t layer, double fraction) const;

private:
    std::vector<MaskUpdateEvent> pruneTo(SparsityContext& context, long long step);

    SparsitySchedule m_schedule;
    std::vector<int> m_units;  // per prunable layer, as of begin()
    std::vector<int> m_fanIn;
};

}  // namespace sl
