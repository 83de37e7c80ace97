#pragma once

#include "data/batcher.h"
#include "data/dataset.h"
#include "distributed/gradient_exchange.h"
#include "nn/model.h"
#include "optim/gradient_filter.h"
#include "optim/lr_schedule.h"
#include "optim/optimizer.h"
#include "sparsity/fake_quant.h"
#include "sparsity/method.h"
#include "sparsity/sparsity_tracker.h"
#include "train/loss_spike.h"
#include "train/metrics.h"
#include "train/run_config.h"
#include "train/trainer_state.h"
#include "util/rng.h"

#include <atomic>
#include <memory>

namespace sl {

// What the step loop tells its observer. Every callback returns false to stop the run
// (after the current step), like ensmallen's callbacks.
class TrainObserver {
public:
    virtual ~TrainObserver() = default;
    virtual bool onStep(long long /*step*/, double /*loss*/) { return true; }
    virtual bool onMetrics(const MetricPoint& /*point*/) { return true; }
    virtual bool onMaskUpdate(const std::vector<MaskUpdateEvent>& /*events*/) { return true; }
};

// Where the steps' time went, summed over the steps trainOneStep() ran (wall clock, steady):
// only the step itself — no evaluation, no history point, no refresh of sparse layers' dense
// views. The Cost panel's "ms per step" and `bench` read it.
struct StepTimes {
    long long steps = 0;
    double batch = 0.0;       // the batcher's copy of the examples
    double forward = 0.0;     // forward pass and loss (a distributed step's whole exchange)
    double backward = 0.0;    // backward pass, the method's gradient hook, gradient filter
    double optimizer = 0.0;   // the optimizer step
    double maskUpdate = 0.0;  // the method's mask update, optimizer state remaps, detectors
    double total() const { return batch + forward + backward + optimizer + maskUpdate; }
};

// Weights a new run starts from instead of drawing its own: fine-tuning a trained model
// (`train --init-from`). One entry per prunable layer, input first; masks may be all ones.
struct InitialWeights {
    std::string source;  // the checkpoint's file, for messages
    std::vector<TrainerState::Layer> layers;
};

// The step loop: one batch, forward, loss, backward, the sparsity method's gradient hook,
// optimizer step, the method's mask update.
// Runs in chunks so that a caller (CLI, window worker, test) keeps control between them; it
// evaluates on the test set (and the validation set, if any) every eval_every steps and at
// each epoch end.
class Trainer {
public:
    // Builds the model and optimizer from the config; the data is moved in.
    Trainer(const RunConfig& config, TrainTestSplit data);
    // The same, starting from `initial`'s weights, biases and masks (pruned weights at 0)
    // before the method chooses its first masks. Throws ShapeError naming the first layer
    // whose shape differs from the one the config builds.
    Trainer(const RunConfig& config, TrainTestSplit data, const InitialWeights& initial);

    // Runs up to maxSteps more steps (fewer when the run ends or is stopped) and returns how
    // many ran. Throws DivergenceError when the loss becomes NaN or infinite.
    long long run(long long maxSteps, TrainObserver* observer = nullptr);
    long long runToEnd(TrainObserver* observer = nullptr) {
        return run(totalSteps() - m_step, observer);
    }

    // Asks a running run() to return after its current step; safe from any thread.
    void requestStop() { m_stopRequested.store(true, std::memory_order_relaxed); }

    bool finished() const { return m_step >= m_totalSteps; }
    long long step() const { return m_step; }
    long long totalSteps() const { return m_totalSteps; }
    int epoch() const { return m_batcher.epoch(); }
    int stepsPerEpoch() const { return m_batcher.batchesPerEpoch(); }
    double learningRate() const { return learningRateAt(m_lrSpec, m_step); }
    // Seconds spent in run(), evaluations included.
    double trainingSeconds() const { return m_seconds; }
    // The steps alone (see StepTimes), since the Trainer was built.
    const StepTimes& stepTimes() const { return m_stepTimes; }

    const RunConfig& config() const { return m_config; }
    const MetricHistory& history() const { return m_history; }
    // Sparse layers' dense weight views are refreshed here, when someone may read them.
    Model& model() {
        syncViewsIfStale();
        return m_model;
    }
    Optimizer& optimizer() { return *m_optimizer; }
    const TrainTestSplit& data() const { return m_data; }

    Evaluation evaluateTest();
    // On the held-out part of the training set; count 0 when there is none.
    Evaluation evaluateValidation();

    SparsityMethod& sparsityMethod() { return *m_method; }
    // The first mask-update step after `after` (default: now), or -1 when none is left.
    long long nextMaskUpdateStep(long long after = -1) const;
    const SparsityTracker& sparsityTracker() const { return m_tracker; }
    const std::vector<MaskUpdateEvent>& maskEvents() const { return m_events; }
    // Mask updates right after which the training loss jumped (any method).
    const std::vector<LossSpikeEvent>& lossSpikes() const { return m_spikes.events(); }
    LossSpikeDetector& lossSpikeDetector() { return m_spikes; }
    std::vector<PrunableLayer*> prunableLayers() const {
        syncViewsIfStale();
        return m_sparsity.layers;
    }
    const FakeQuantizer& quantizer() const { return m_quantizer; }
    GradientFilter& gradientFilter() { return m_gradients; }

    // Replaces every prunable layer's mask (one tensor per layer, 0/1, the weight's shape),
    // zeroes the pruned weights, makes the optimizers mask them, and restarts the sparsity
    // tracker from these masks. For drivers that choose masks outside a method (lottery
    // tickets, one-shot pruning); the configured method should be "dense" or "static".
    // Throws ShapeError when a mask does not fit.
    void setMasks(const std::vector<Tensor>& masks);
    const std::vector<ParameterChange>& parameterChanges() const { return m_changes; }

    // Live changes between chunks; each is recorded in parameterChanges(). The one path: the
    // key must be a field marked live in the field table, and the changed config must still
    // pass fromJson() (limits and cross-field checks) — ConfigError naming the key otherwise.
    void setLive(const std::string& key, double value);
    void setDeltaT(int deltaT);
    void setDropFraction(float alpha);
    void setLearningRate(float lr);

    // For checkpoints. captureState() copies every piece of state that the config and data do
    // not determine; restoreState() puts it back into a Trainer built from the same config and
    // data, and the run then continues exactly as the captured one would have. restoreState()
    // throws ShapeError when the state does not fit this Trainer's model, optimizer or data;
    // the Trainer is unusable after that.
    TrainerState captureState();
    void restoreState(const TrainerState& state);

    // Data parallelism (trainer_parallel.cpp): this Trainer becomes one rank of `communicator`
    // (not owned; null or one rank is the single process). Every rank builds its Trainer from
    // the same config and data and calls this before its first step; each trains on its shard
    // of every global batch and the gradients are summed as GradientExchange describes.
    // Throws ConfigError when train.batch_size is smaller than the rank count (a sparse
    // backend's growth gradient is summed over the ranks too).
    void setCommunicator(Communicator* communicator);
    const GradientExchange& gradientExchange() const { return m_exchange; }
    // A checkpoint's totals (bytes, exchanges), so a resumed run's figures continue them.
    void restoreExchangeTotals(const GradientExchange::Totals& totals) {
        m_exchange.restoreTotals(totals);
    }

private:
    // Both constructors: everything up to the method's begin().
    void setUp(const RunConfig& config, const InitialWeights* initial);
    void copyInitialWeights(const InitialWeights& initial);
    // Returns the mask changes the step made (usually none).
    std::vector<MaskUpdateEvent> trainOneStep();
    void checkLoss(double loss) const;
    // A distributed step up to the optimizer: forward and backward of this rank's shard, the
    // loss of the global batch, the combined gradient. Returns the global batch's loss.
    LossResult forwardBackwardShard(double lr);
    void combineGradients(double lr);
    // Sums the mixture-of-experts layers' routing statistics over the ranks (a rank without
    // examples adds zeros), so their balancing loss is the global batch's.
    void sumRoutingStatistics(bool haveShard);
    // The weight transforms of the forward pass: the method's (L0 gates), then quantization.
    void prepareForward(bool training);
    void recordChange(const char* key, double from, double to);
    bool recordPoint(bool evaluate, TrainObserver* observer);
    std::vector<std::string> paramNames() const;
    void restoreOptimizer(const TrainerState& state);
    // trainer_backend.cpp: after a mask update, the dense layers whose density fell below
    // the break-even go to the sparse backend with their optimizer state (prune-only methods
    // that run there: magnitude, nm); before a restore, layers take the saved run's backend.
    void moveLayersToSparseBackend();
    void restoreBackends(const TrainerState& state);
    // Fills sparse layers' dense weight views when steps ran since the last fill: they cost
    // rows × cols, so only readers (snapshots, checkpoints, callers of model()) pay for them.
    void syncViewsIfStale() const;

    RunConfig m_config;
    TrainTestSplit m_data;
    Rng m_rng;
    Model m_model;
    std::unique_ptr<Optimizer> m_optimizer;
    std::vector<Param> m_params;  // cached: params() builds a vector, too costly per step
    std::unique_ptr<SparsityMethod> m_method;
    FakeQuantizer m_quantizer;
    GradientFilter m_gradients;
    SparsityContext m_sparsity;
    SparsityTracker m_tracker;
    std::vector<MaskUpdateEvent> m_events;
    LossSpikeDetector m_spikes;
    std::vector<ParameterChange> m_changes;
    LrScheduleSpec m_lrSpec;
    Batcher m_batcher;
    long long m_step = 0;
    long long m_totalSteps = 0;
    double m_seconds = 0.0;
    StepTimes m_stepTimes;
    mutable bool m_viewsStale = false;
    MetricHistory m_history;
    std::atomic<bool> m_stopRequested{false};

    // Running sums since the last history point.
    double m_lossSum = 0.0;
    long long m_correctSum = 0;
    long long m_exampleSum = 0;
    int m_stepsSincePoint = 0;
    long long m_grownSincePoint = 0;
    long long m_prunedSincePoint = 0;

    // Reused every step so that a step allocates nothing.
    Activations m_batchX;
    std::vector<std::int32_t> m_batchLabels;
    Activations m_dlogits;
    GradientExchange m_exchange;
    Activations m_shardX;
    std::vector<std::int32_t> m_shardLabels;
    // This step's shard is empty (a last batch smaller than the rank count): the layers'
    // backward inputs are the previous step's, and what is summed from them must be zero.
    bool m_shardEmpty = false;
    std::vector<double> m_routingStats;
    double m_lastLoss = 0.0;
};

}  // namespace sl
