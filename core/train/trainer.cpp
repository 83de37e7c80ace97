#include "train/trainer.h"

#include "nn/sparse_dense.h"
#include "optim/sparse_state.h"
#include "train/model_builder.h"
#include "util/error.h"

#include <chrono>
#include <cmath>
#include <sstream>

namespace sl {
namespace {

std::unique_ptr<Optimizer> makeOptimizer(const RunConfig::Optimizer& o, bool momentumInFilter) {
    // Deep Gradient Compression applies the momentum before the top-k selection, inside the
    // gradient filter; the optimizer must not apply it a second time.
    if (o.name == "sgd") {
        return makeSgd(SgdOptions{momentumInFilter ? 0.0f : o.momentum, o.nesterov, o.weightDecay});
    }
    AdamOptions adam{o.beta1, o.beta2, o.eps, o.weightDecay, o.name == "adamw"};
    return makeAdam(adam);
}

// Momentum correction is defined for heavy-ball SGD only (Lin et al. 2018).
bool momentumInFilter(const RunConfig& config) {
    const bool on = config.gradient.compression == "topk" && config.gradient.momentumCorrection;
    if (on && config.optimizer.name != "sgd")
        throw ConfigError("gradient.momentum_correction: expects optimizer.name sgd (got \"" +
                          config.optimizer.name + "\"); turn it off or use SGD");
    if (on && config.optimizer.nesterov)
        throw ConfigError("gradient.momentum_correction: expects optimizer.nesterov false "
                          "(the filter's local momentum is heavy-ball)");
    return on;
}

} // namespace

Trainer::Trainer(const RunConfig& config, TrainTestSplit data)
    : m_config(config), m_data(std::move(data)), m_rng(config.seed),
      m_batcher(m_data.train.count(), config.train.batchSize) {
    if (m_data.train.count() == 0) throw DataError("the training set is empty");
    if (m_data.test.features() != m_data.train.features())
        throw ShapeError("the test set has " + std::to_string(m_data.test.features()) +
                         " features per example, the training set " +
                         std::to_string(m_data.train.features()));
    const ModelInput input{m_data.train.features(), m_data.train.numClasses,
                           m_data.train.imageRows, m_data.train.imageCols};
    m_model = buildModel(config.model, input, m_rng);
    const bool dgc = momentumInFilter(config);
    m_optimizer = makeOptimizer(config.optimizer, dgc);
    m_totalSteps = totalStepsFor(config, m_data.train.count());

    m_lrSpec.name = config.lrSchedule.name;
    m_lrSpec.baseLr = config.optimizer.lr;
    m_lrSpec.totalSteps = std::max(1LL, m_totalSteps);
    m_lrSpec.stepEvery = std::max(1LL, static_cast<long long>(config.lrSchedule.stepEpochs) *
                                           m_batcher.batchesPerEpoch());
    m_lrSpec.gamma = config.lrSchedule.gamma;
    m_lrSpec.minLr = config.lrSchedule.minLr;
    m_lrSpec.warmupSteps = config.lrSchedule.warmupSteps;

    m_method = makeSparsityMethod(config.sparsity);
    m_sparsity = SparsityContext{m_model.prunableLayers(), &m_rng, m_totalSteps};
    // The initial pruning is where the run starts, not churn: the tracker starts after it.
    m_method->begin(m_sparsity);
    applyBackend(config, *m_method, m_sparsity.layers);  // masks drawn: CSR where it pays
    m_tracker.reset(m_sparsity.layers);
    m_params = m_model.params();  // after begin(): the method decides which params are masked
    m_quantizer = FakeQuantizer(config.quant.mode, config.quant.floatEnds);
    m_gradients = GradientFilter(config.gradient, dgc ? config.optimizer.momentum : 0.0f);
}

void Trainer::prepareForward(bool training) {
    for (PrunableLayer* layer : m_sparsity.layers) layer->useForwardWeight = false;
    if (training) m_method->beforeForward(m_sparsity, m_step + 1);
    else m_method->beforeEvaluation(m_sparsity);
    if (m_quantizer.enabled()) m_quantizer.apply(m_sparsity.layers);
}

void Trainer::setMasks(const std::vector<Tensor>& masks) {
    auto& layers = m_sparsity.layers;
    syncDenseViews(layers);
    if (masks.size() != layers.size())
        throw ShapeError("setMasks: got " + std::to_string(masks.size()) + " masks — expected " +
                         std::to_string(layers.size()) + ", one per prunable layer");
    for (std::size_t l = 0; l < layers.size(); ++l)
        if (masks[l].rows() != layers[l]->mask.rows() || masks[l].cols() != layers[l]->mask.cols())
            throw ShapeError("setMasks: mask " + std::to_string(l + 1) + " is (" +
                             std::to_string(masks[l].rows()) + ", " +
                             std::to_string(masks[l].cols()) + ") — expected (" +
                             std::to_string(layers[l]->mask.rows()) + ", " +
                             std::to_string(layers[l]->mask.cols()) + ")");
    for (std::size_t l = 0; l < layers.size(); ++l) {
        layers[l]->mask = masks[l];
        layers[l]->weight = layers[l]->weight.cwiseProduct(masks[l]);
        layers[l]->masked = true;
        layers[l]->latent = false;
    }
    restructureFromDense(layers);
    applySparseRemaps(layers, *m_optimizer, m_params);
    m_tracker.reset(layers);
    m_params = m_model.params();  // the weights' Param now carries the mask
}

std::vector<MaskUpdateEvent> Trainer::trainOneStep() {
    m_batcher.next(m_data.train, m_rng, m_batchX, m_batchLabels);
    const double lr = learningRateAt(m_lrSpec, m_step);
    m_sparsity.learningRate = lr;
    prepareForward(true);
    const Activations& logits = m_model.forward(m_batchX);
    const LossResult result = softmaxCrossEntropy(logits, m_batchLabels, &m_dlogits);
    if (!std::isfinite(result.loss)) {
        std::ostringstream os;
        os << "training diverged at step " << m_step + 1 << ": the loss is " << result.loss
           << ". Lower optimizer.lr (now " << m_config.optimizer.lr
           << ") or ramp it up with lr_schedule.warmup_steps.";
        throw DivergenceError(os.str());
    }
    m_model.backward(m_dlogits);
    m_method->afterBackward(m_sparsity, m_step + 1);
    if (m_gradients.enabled()) m_gradients.beforeOptimizerStep(m_params, lr);
    m_optimizer->step(m_params, lr);
    if (m_gradients.enabled()) m_gradients.afterOptimizerStep(m_params);
    ++m_step;
    auto events = m_method->afterOptimizerStep(m_sparsity, m_step);
    applySparseRemaps(m_sparsity.layers, *m_optimizer, m_params);  // state follows weights

    m_lossSum += result.loss * static_cast<double>(m_batchLabels.size());
    m_correctSum += result.correct;
    m_exampleSum += static_cast<long long>(m_batchLabels.size());
    ++m_stepsSincePoint;
    m_lastLoss = result.loss;
    if (!events.empty()) {
        m_tracker.record(events);
        for (const auto& e : events) {
            m_grownSincePoint += e.grown();
            m_prunedSincePoint += e.pruned();
        }
        m_events.insert(m_events.end(), events.begin(), events.end());
    }
    return events;
}

long long Trainer::run(long long maxSteps, TrainObserver* observer) {
    const auto start = std::chrono::steady_clock::now();
    long long done = 0;
    bool keepGoing = true;
    while (keepGoing && done < maxSteps && !finished() &&
           !m_stopRequested.load(std::memory_order_relaxed)) {
        const auto events = trainOneStep();
        ++done;
        if (observer) {
            keepGoing = observer->onStep(m_step, m_lastLoss);
            if (!events.empty()) keepGoing = observer->onMaskUpdate(events) && keepGoing;
        }

        const bool epochEnd = m_batcher.atEpochEnd();
        const int evalEvery = m_config.train.evalEvery;
        const bool evaluate = epochEnd || finished() || (evalEvery > 0 && m_step % evalEvery == 0);
        if (evaluate || m_stepsSincePoint >= m_config.train.logEvery)
            keepGoing = recordPoint(evaluate, observer) && keepGoing;
    }
    m_stopRequested.store(false, std::memory_order_relaxed);
    // Between chunks whoever reads the layers (snapshots, histograms) sees current weights;
    // inside a chunk a sparse layer's dense view is left stale: it costs rows × cols.
    syncDenseViews(m_sparsity.layers);
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return done;
}

bool Trainer::recordPoint(bool evaluate, TrainObserver* observer) {
    MetricPoint point;
    point.step = m_step;
    point.epoch = m_batcher.epoch();
    point.lr = learningRateAt(m_lrSpec, m_step - 1);
    if (m_exampleSum > 0) {
        point.trainLoss = m_lossSum / static_cast<double>(m_exampleSum);
        point.trainAccuracy = static_cast<double>(m_correctSum) / static_cast<double>(m_exampleSum);
    }
    if (evaluate) {
        const Evaluation test = evaluateTest();
        point.testLoss = test.loss;
        point.testAccuracy = test.accuracy;
    }
    point.sparsity = m_tracker.overallSparsity();
    point.targetSparsity = m_method->targetSparsityAt(m_step);
    point.dropFraction = m_method->dropFractionAt(m_step);
    point.grown = m_grownSincePoint;
    point.pruned = m_prunedSincePoint;
    point.itop = m_tracker.overallItop();
    m_history.push_back(point);
    m_grownSincePoint = 0;
    m_prunedSincePoint = 0;
    m_lossSum = 0.0;
    m_correctSum = 0;
    m_exampleSum = 0;
    m_stepsSincePoint = 0;
    return observer ? observer->onMetrics(point) : true;
}

long long Trainer::nextMaskUpdateStep(long long after) const {
    for (long long t = (after < 0 ? m_step : after) + 1; t <= m_totalSteps; ++t)
        if (m_method->isMaskUpdateStep(t)) return t;
    return -1;
}

Evaluation Trainer::evaluateTest() {
    prepareForward(false);
    return m_model.evaluate(m_data.test, 1000);
}

void Trainer::recordChange(const char* key, double from, double to) {
    m_changes.push_back({m_step, key, from, to});
}

void Trainer::setDeltaT(int deltaT) {
    if (deltaT < 1 || deltaT > 1000000000)
        throw ConfigError("sparsity.delta_t: got " + std::to_string(deltaT) +
                          " — expected an integer from 1 to 1000000000");
    recordChange("sparsity.delta_t", m_method->settings().deltaT, deltaT);
    m_config.sparsity.deltaT = deltaT;
    m_method->setDeltaT(deltaT);
}

void Trainer::setDropFraction(float alpha) {
    if (!(alpha >= 0.0f && alpha <= 1.0f))
        throw ConfigError("sparsity.drop_fraction: got " + std::to_string(alpha) +
                          " — expected a number from 0 to 1");
    recordChange("sparsity.drop_fraction", m_method->settings().dropFraction, alpha);
    m_config.sparsity.dropFraction = alpha;
    m_method->setDropFraction(alpha);
}

void Trainer::setLearningRate(float lr) {
    // The config's own limits: the changed rate is saved in checkpoints as part of the config,
    // which must still validate when it is read back.
    if (!(lr >= 1e-7f && lr <= 10.0f))
        throw ConfigError("optimizer.lr: got " + std::to_string(lr) +
                          " — expected a number from 1e-07 to 10");
    if (m_config.lrSchedule.name == "cosine" && lr < m_config.lrSchedule.minLr)
        throw ConfigError("optimizer.lr: got " + std::to_string(lr) +
                          " — expected at least lr_schedule.min_lr (" +
                          std::to_string(m_config.lrSchedule.minLr) + ")");
    recordChange("optimizer.lr", m_lrSpec.baseLr, lr);
    m_config.optimizer.lr = lr;
    m_lrSpec.baseLr = lr;  // the schedule's shape is kept and scaled to the new base rate
}

} // namespace sl
