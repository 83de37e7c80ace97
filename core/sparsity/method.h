#pragma once

#include "nn/prunable_layer.h"
#include "sparsity/mask_event.h"
#include "sparsity/schedule.h"
#include "sparsity/sparsity_settings.h"
#include "util/rng.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sl {

// What a method may touch: the prunable layers, the run's generator (random masks, random
// growth) and the run length (to resolve the "0 = 75% of the run" step settings).
struct SparsityContext {
    std::vector<PrunableLayer*> layers;
    Rng* rng = nullptr;
    long long totalSteps = 1;
    double learningRate = 0.0;  // the optimizer's rate for the current step (L1's shrinkage)
};

// A sparsity method hooks into the step loop. Steps are counted as optimizer steps done, so
// afterBackward(t) and afterOptimizerStep(t) both belong to the t-th step (t from 1).
// A method keeps masks in PrunableLayer::mask and reports every change as a MaskUpdateEvent.
class SparsityMethod {
public:
    explicit SparsityMethod(SparsitySettings settings) : m_settings(std::move(settings)) {}
    virtual ~SparsityMethod() = default;

    virtual std::string name() const = 0;
    // Initial masks and layer modes, before the first step. Returns the initial pruning
    // (events at step 0) so that views can show where the run started.
    virtual std::vector<MaskUpdateEvent> begin(SparsityContext& context) = 0;
    // Before the forward pass of step t: methods that transform the weight (L0's sampled gates)
    // write PrunableLayer::transformWeight(WeightTransform::Method) here.
    virtual void beforeForward(SparsityContext&, long long /*step*/) {}
    // Before an evaluation pass (no gradients): deterministic forms of the above.
    virtual void beforeEvaluation(SparsityContext&) {}
    // The gradients of step t are in the layers; the optimizer has not used them yet.
    virtual void afterBackward(SparsityContext&, long long /*step*/) {}
    // The optimizer has applied step t; mask updates happen here.
    virtual std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext&, long long /*step*/) {
        return {};
    }

    // For charts and for "step to the next mask update".
    virtual double targetSparsityAt(long long step) const = 0;
    virtual double dropFractionAt(long long /*step*/) const { return 0.0; }
    virtual bool isMaskUpdateStep(long long /*step*/) const { return false; }
    // Regularizers (l1, l0) have no target: sparsity emerges, and the schedule view shows the
    // measured sparsity instead of a target curve. targetSparsityAt() returns NaN for them.
    virtual bool emergent() const { return false; }

    // Live changes between chunks (the window's ΔT and α controls).
    virtual void setDeltaT(int deltaT) { m_settings.deltaT = deltaT; }
    virtual void setDropFraction(double alpha) { m_settings.dropFraction = alpha; }

    // What the method ranks inactive weights by when it grows them, for the window's "why
    // this update" view: |gradient| at the last update for rigl, the latent |w| for movement,
    // the scores for movement-score. Null when growth is random or absent.
    virtual const Tensor* growCriterion(int /*layer*/) const { return nullptr; }
    virtual std::string growCriterionName() const { return ""; }

    // Whether the optimizer state (momentum, moments) of weights a mask update grows must be
    // zeroed: methods that keep updating masked weights (movement) accumulate state there.
    virtual bool resetsGrownState() const { return false; }
    // Whether the method can run on the sparse storage backend (nn/sparse_dense.h): it
    // speaks to a sparse layer through its CSR, never through a dense gradient or latent
    // weight. model.backend auto uses it; sparse refuses methods without it.
    virtual bool runsOnSparseBackend() const { return false; }
    // Whether its layers start dense and move to the sparse backend during the run, once its
    // schedule has pruned them past the break-even (Trainer::moveLayersToSparseBackend). A
    // checkpoint saved before the move must not pin the resumed run to the dense backend.
    virtual bool movesToSparseBackend() const { return false; }

    // Tensors the method keeps beyond the layers (movement scores), for checkpoints.
    virtual std::vector<std::pair<std::string, Tensor*>> state() { return {}; }

    const SparsitySettings& settings() const { return m_settings; }

protected:
    // end_step / t_end of 0 resolve to 75% of the run.
    long long resolvedEnd(long long configured, long long totalSteps) const {
        return configured > 0 ? configured : std::max(1LL, totalSteps * 3 / 4);
    }
    SparsitySchedule scheduleFor(long long totalSteps) const;

    SparsitySettings m_settings;
};

std::unique_ptr<SparsityMethod> makeSparsityMethod(const SparsitySettings& settings);
std::vector<std::string> sparsityMethodNames();

}  // namespace sl
