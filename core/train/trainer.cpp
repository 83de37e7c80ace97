#include "train/trainer.h"

#include "nn/gpt.h"
#include "nn/sparse_dense.h"
#include "optim/sparse_state.h"
#include "train/memory_estimate.h"
#include "train/model_builder.h"
#include "train/text_metrics.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

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

// A checkpoint layer's rows × cols: its CSR's when it was stored as CSR only.
std::pair<long long, long long> initialShape(const TrainerState::Layer& from) {
    if (from.sparseOnly) return {from.csr.rows, from.csr.cols};
    return {from.weight.rows(), from.weight.cols()};
}

// `train --init-from` into layers without a dense view: the method's begin() drew a structure
// of the size this config keeps; the checkpoint's CSR (or its weight ⊙ mask, read as CSR)
// takes its place with its values and biases, so that fine-tuning a giant layer starts from
// its trained weights without a rows × cols array. The active counts must agree: a sparse-to-
// sparse method keeps its count, so a different one would silently change the target.
void installBornSparse(const InitialWeights& initial, const std::vector<PrunableLayer*>& layers) {
    const std::string where = initial.source.empty() ? "initial weights" : initial.source;
    for (std::size_t l = 0; l < layers.size() && l < initial.layers.size(); ++l) {
        if (layers[l]->hasDenseView()) continue;
        SparseWeights* sparse = sparseWeightsOf(*layers[l]);
        if (!sparse) continue;
        const auto& from = initial.layers[l];
        const CsrMatrix csr =
            from.sparseOnly ? from.csr : CsrMatrix::fromDense(from.weight, from.mask);
        if (csr.nnz() != sparse->matrix().nnz())
            throw ConfigError(where + ": " + layerName(*layers[l], l) + " holds " +
                              std::to_string(csr.nnz()) + " active weights — this config keeps " +
                              std::to_string(sparse->matrix().nnz()) +
                              " (set sparsity.target and sparsity.distribution as the "
                              "checkpoint's run had them)");
        sparse->replace(csr);
        layers[l]->bias = from.bias;
    }
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

// Zeroes the optimizer state (momentum, Adam's moments) of the weights a mask update grew, for
// methods whose masked weights kept receiving updates: stale state would push them on.
void zeroGrownState(Optimizer& optimizer, const std::vector<Param>& params,
                    const std::vector<PrunableLayer*>& layers,
                    const std::vector<MaskUpdateEvent>& events) {
    const auto state = optimizer.state();
    for (const MaskUpdateEvent& e : events) {
        const Tensor* weight = &layers[static_cast<std::size_t>(e.layer)]->weight;
        for (const auto& s : state) {
            if (s.param >= params.size() || params[s.param].value != weight) continue;
            for (std::int32_t i : e.grownIndices) s.value->data()[i] = 0.0f;
        }
    }
}

// A gpt is scored on every character of its windows, as `eval` scores it: `result` holds the
// last position's mean over `windows`, the model's backward the sum of the others. Returns
// the characters scored.
long long scoreEveryCharacter(const Gpt& gpt, int windows, LossResult& result) {
    const long long characters = static_cast<long long>(windows) * gpt.options().context;
    result.loss =
        (result.loss * windows + gpt.earlierPositionsLoss()) / static_cast<double>(characters);
    result.correct += static_cast<int>(gpt.earlierPositionsCorrect());
    return characters;
}

Evaluation textEvaluation(Model& model, const Dataset& data) {
    // Windows of 64, not Model::evaluate's 1000: the logits of every position are
    // (vocabulary, windows · context), which for Chinese text would be gigabytes.
    const TextEvaluation text = evaluateText(model, data, 64);
    return Evaluation{text.nats, text.accuracy(), data.count()};
}

}  // namespace

Trainer::Trainer(const RunConfig& config, TrainTestSplit data)
    : m_config(config), m_data(std::move(data)), m_rng(config.seed),
      m_batcher(m_data.train.count(), config.train.batchSize) {
    setUp(config, nullptr);
}

Trainer::Trainer(const RunConfig& config, TrainTestSplit data, const InitialWeights& initial)
    : m_config(config), m_data(std::move(data)), m_rng(config.seed),
      m_batcher(m_data.train.count(), config.train.batchSize) {
    setUp(config, &initial);
}

void Trainer::setUp(const RunConfig& config, const InitialWeights* initial) {
    if (m_data.train.count() == 0) throw DataError("the training set is empty");
    if (m_data.test.features() != m_data.train.features())
        throw ShapeError("the test set has " + std::to_string(m_data.test.features()) +
                         " features per example, the training set " +
                         std::to_string(m_data.train.features()));
    if (m_data.validation.count() > 0 && m_data.validation.features() != m_data.train.features())
        throw ShapeError("the validation set has " + std::to_string(m_data.validation.features()) +
                         " features per example, the training set " +
                         std::to_string(m_data.train.features()));
    const ModelInput input{m_data.train.features(), m_data.train.numClasses, m_data.train.imageRows,
                           m_data.train.imageCols};
    // Before anything is allocated: a config that cannot fit is refused with what it needs.
    checkMemory(config, input, std::max(m_data.test.count(), m_data.validation.count()));
    m_model = buildModel(config, input, m_rng);
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
    if (initial) copyInitialWeights(*initial);
    // The initial pruning is where the run starts, not churn: the tracker starts after it.
    m_method->begin(m_sparsity);
    if (initial) installBornSparse(*initial, m_sparsity.layers);
    applyBackend(config, *m_method, m_sparsity.layers);  // masks drawn: CSR where it pays
    m_tracker.reset(m_sparsity.layers);
    m_params = m_model.params();  // after begin(): the method decides which params are masked
    if (initial) {
        // A method that prunes nothing at the start (dense) keeps the checkpoint's masks
        // fixed; any other method chooses its own from the weights, the pruned ones at 0.
        bool untouched = true;
        std::vector<Tensor> masks;
        bool sparse = false;
        for (std::size_t l = 0; l < m_sparsity.layers.size(); ++l) {
            const PrunableLayer& d = *m_sparsity.layers[l];
            // A born-sparse layer (no dense view) took the checkpoint's CSR above.
            if (!d.hasDenseView()) {
                untouched = false;
                break;
            }
            untouched =
                untouched && d.weightMode() == WeightMode::Plain && d.mask.minCoeff() == 1.0f;
            const auto& from = initial->layers[l];
            if (from.sparseOnly) {
                // The CSR's pattern as a mask: this config gives the layer a dense view.
                CsrMatrix pattern = from.csr;
                pattern.values.setOnes();
                masks.emplace_back();
                pattern.toDense(masks.back());
            } else {
                masks.push_back(from.mask);
            }
            sparse = sparse || masks.back().minCoeff() == 0.0f;
        }
        if (untouched && sparse) setMasks(masks);
    }
    m_quantizer = FakeQuantizer(config.quant.mode, config.quant.floatEnds);
    m_gradients = GradientFilter(config.gradient, dgc ? config.optimizer.momentum : 0.0f);
}

void Trainer::copyInitialWeights(const InitialWeights& initial) {
    auto& layers = m_sparsity.layers;
    const std::string where = initial.source.empty() ? "initial weights" : initial.source;
    if (initial.layers.size() != layers.size())
        throw ShapeError(where + ": " + std::to_string(initial.layers.size()) +
                         " prunable layers — this config builds " + std::to_string(layers.size()));
    auto shape = [](const Tensor& t) {
        return "(" + std::to_string(t.rows()) + ", " + std::to_string(t.cols()) + ")";
    };
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const auto& from = initial.layers[l];
        const std::string name = layerName(*layers[l], l);
        // Shapes as rows × cols, whether a side holds a dense weight or only its CSR.
        const auto [rows, cols] = initialShape(from);
        if (rows != layers[l]->units() || cols != layers[l]->fanIn())
            throw ShapeError(where + ": " + name + " weight is (" + std::to_string(rows) + ", " +
                             std::to_string(cols) + ") — this config builds (" +
                             std::to_string(layers[l]->units()) + ", " +
                             std::to_string(layers[l]->fanIn()) + ")");
        if (from.bias.rows() != layers[l]->bias.rows() ||
            from.bias.cols() != layers[l]->bias.cols())
            throw ShapeError(where + ": " + name + " bias is " + shape(from.bias) +
                             " — this config builds " + shape(layers[l]->bias));
        if (!from.sparseOnly && (from.mask.rows() != rows || from.mask.cols() != cols))
            throw ShapeError(where + ": " + name + " mask is " + shape(from.mask) +
                             " — this config builds (" + std::to_string(rows) + ", " +
                             std::to_string(cols) + ")");
    }
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const auto& from = initial.layers[l];
        // Born sparse here: its structure is drawn by the method's begin(); installBornSparse
        // puts the checkpoint's in its place after that.
        if (!layers[l]->hasDenseView()) continue;
        if (from.sparseOnly) {
            // A CSR-only checkpoint into a layer this config gives a dense view: the view is
            // allocated anyway, so the CSR is spread into it.
            from.csr.toDense(layers[l]->weight);
        } else {
            // The effective weight: a latent checkpoint's masked values are not part of the model.
            layers[l]->weight = from.weight.cwiseProduct(from.mask);
        }
        layers[l]->bias = from.bias;
    }
}

void Trainer::prepareForward(bool training) {
    for (PrunableLayer* layer : m_sparsity.layers) layer->clearTransform();
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
        layers[l]->setWeightMode(WeightMode::Masked);
    }
    restructureFromDense(layers);
    applySparseRemaps(layers, *m_optimizer, m_params);
    m_tracker.reset(layers);
    m_params = m_model.params();  // the weights' Param now carries the mask
}

void Trainer::checkLoss(double loss) const {
    if (std::isfinite(loss)) return;
    std::ostringstream os;
    os << "training diverged at step " << m_step + 1 << ": the loss is " << loss
       << ". Lower optimizer.lr (now " << m_config.optimizer.lr
       << ") or ramp it up with lr_schedule.warmup_steps.";
    throw DivergenceError(os.str());
}

std::vector<MaskUpdateEvent> Trainer::trainOneStep() {
    // Lap times of the step's phases; a clock read costs ~20 ns against a step's ≥ 100 µs.
    using Clock = std::chrono::steady_clock;
    auto mark = Clock::now();
    const auto lap = [&mark](double& into) {
        const auto now = Clock::now();
        into += std::chrono::duration<double>(now - mark).count();
        mark = now;
    };
    m_batcher.next(m_data.train, m_rng, m_batchX, m_batchLabels);
    lap(m_stepTimes.batch);
    const double lr = learningRateAt(m_lrSpec, m_step);
    m_sparsity.learningRate = lr;
    prepareForward(true);
    LossResult result;
    // Examples the loss averages over: windows × context characters for a gpt.
    long long scored = static_cast<long long>(m_batchLabels.size());
    if (m_exchange.distributed()) {
        result = forwardBackwardShard(lr);  // trainer_parallel.cpp
        if (const Gpt* gpt = gptOf(m_model)) scored *= gpt->options().context;
        lap(m_stepTimes.forward);
    } else {
        const Activations& logits = m_model.forward(m_batchX);
        result = softmaxCrossEntropy(logits, m_batchLabels, &m_dlogits);
        checkLoss(result.loss);
        lap(m_stepTimes.forward);
        m_model.backward(m_dlogits);
        if (const Gpt* gpt = gptOf(m_model))
            scored = scoreEveryCharacter(*gpt, static_cast<int>(m_batchLabels.size()), result);
        m_method->afterBackward(m_sparsity, m_step + 1);
        if (m_gradients.enabled()) m_gradients.beforeOptimizerStep(m_params, lr);
        lap(m_stepTimes.backward);
    }
    m_optimizer->step(m_params, lr);
    for (PrunableLayer* layer : m_sparsity.layers)
        if (SparseWeights* s = sparseWeightsOf(*layer)) s->valuesChanged();
    if (m_gradients.enabled()) m_gradients.afterOptimizerStep(m_params);
    lap(m_stepTimes.optimizer);
    ++m_step;
    auto events = m_method->afterOptimizerStep(m_sparsity, m_step);
    applySparseRemaps(m_sparsity.layers, *m_optimizer, m_params);  // state follows weights
    if (!events.empty()) moveLayersToSparseBackend();  // GMP and N:M, once sparse enough
    m_spikes.observe(m_step, result.loss);
    if (!events.empty()) {
        if (m_method->resetsGrownState())
            zeroGrownState(*m_optimizer, m_params, m_sparsity.layers, events);
        // The detector reads sparse layers from their CSR: their dense views stay stale.
        m_spikes.maskUpdated(m_step, events, m_sparsity.layers);
    }
    m_viewsStale = true;
    lap(m_stepTimes.maskUpdate);
    ++m_stepTimes.steps;

    m_lossSum += result.loss * static_cast<double>(scored);
    m_correctSum += result.correct;
    m_exampleSum += scored;
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
    // Sparse layers' dense views stay stale until a reader asks (model(), prunableLayers(),
    // captureState()): refreshing them costs rows × cols, more than a 98 % sparse step.
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
        if (m_data.validation.count() > 0) {
            const Evaluation validation = evaluateValidation();
            point.validationLoss = validation.loss;
            point.validationAccuracy = validation.accuracy;
        }
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

void Trainer::syncViewsIfStale() const {
    if (!m_viewsStale) return;
    syncDenseViews(m_sparsity.layers);
    m_viewsStale = false;
}

long long Trainer::nextMaskUpdateStep(long long after) const {
    for (long long t = (after < 0 ? m_step : after) + 1; t <= m_totalSteps; ++t)
        if (m_method->isMaskUpdateStep(t)) return t;
    return -1;
}

Evaluation Trainer::evaluateTest() {
    prepareForward(false);
    if (gptOf(m_model)) return textEvaluation(m_model, m_data.test);
    return m_model.evaluate(m_data.test, 1000);
}

Evaluation Trainer::evaluateValidation() {
    if (m_data.validation.count() == 0) return {};
    prepareForward(false);
    if (gptOf(m_model)) return textEvaluation(m_model, m_data.validation);
    return m_model.evaluate(m_data.validation, 1000);
}

void Trainer::recordChange(const char* key, double from, double to) {
    m_changes.push_back({m_step, key, from, to});
}

void Trainer::setLive(const std::string& key, double value) {
    RunConfig changed = m_config;
    const auto fields = configFields(changed);
    const ConfigField* f = findConfigField(fields, key);
    if (!f) throw ConfigError(key + ": unknown key (see `sparselab-cli config --explain`)");
    if (!f->live)
        throw ConfigError(key + ": fixed during a run — pause, reset and apply the config to "
                                "change it");
    // Integer fields get an integer when the value is one, so 2.5 for ΔT is refused by name.
    const bool whole = std::isfinite(value) && value == std::floor(value) && std::abs(value) < 9e15;
    const nlohmann::json json =
        (f->real || !whole) ? nlohmann::json(value) : nlohmann::json(static_cast<long long>(value));
    if (const auto error = readField(*f, json); !error.empty()) throw ConfigError(error);
    // A changed config is saved in checkpoints, which must read back: the cross-field checks
    // (the learning rate against lr_schedule.min_lr) apply too.
    fromJson(toJson(changed));

    // Which setting changed, by the field's pointer into `changed`, not by its name.
    const double from = fieldValue(*findConfigField(configFields(m_config), key)).get<double>();
    if (f->integer == &changed.sparsity.deltaT) {
        m_method->setDeltaT(changed.sparsity.deltaT);
        // The method may tie other settings to ΔT (movement_delta_t): the config, which a
        // checkpoint stores and a resumed run is built from, follows it.
        changed.sparsity = m_method->settings();
    } else if (f->real == &changed.sparsity.dropFraction) {
        m_method->setDropFraction(changed.sparsity.dropFraction);
    } else if (f->real == &changed.optimizer.lr) {
        m_lrSpec.baseLr = changed.optimizer.lr;  // the schedule's shape is kept and rescaled
    } else {
        throw ConfigError(key + ": marked live in the field table, but the trainer cannot change "
                                "it during a run");
    }
    recordChange(f->key, from, fieldValue(*f).get<double>());
    m_config = changed;
}

void Trainer::setDeltaT(int deltaT) { setLive("sparsity.delta_t", deltaT); }
void Trainer::setDropFraction(float alpha) { setLive("sparsity.drop_fraction", alpha); }
void Trainer::setLearningRate(float lr) { setLive("optimizer.lr", lr); }

}  // namespace sl
