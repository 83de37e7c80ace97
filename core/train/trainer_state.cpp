#include "train/trainer.h"

#include "nn/sparse_dense.h"
#include "optim/sparse_state.h"

#include <deque>

#include "util/error.h"

#include <map>
#include <utility>

namespace sl {
namespace {

std::string shapeText(Eigen::Index rows, Eigen::Index cols) {
    return "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
}

void checkShape(const std::string& what, const Tensor& got, const Tensor& expected) {
    if (got.rows() != expected.rows() || got.cols() != expected.cols())
        throw ShapeError("restoring a trainer: " + what + " is " +
                         shapeText(got.rows(), got.cols()) + " — expected " +
                         shapeText(expected.rows(), expected.cols()));
}

}  // namespace

std::vector<std::string> Trainer::paramNames() const {
    // The order of Model::params(): layer by layer, each layer's params in its own order.
    std::vector<std::string> names;
    std::map<std::string, int> seen;
    for (const auto& layer : m_model.layers()) {
        const auto params = layer->params();
        if (params.empty()) continue;
        const std::string prefix = layer->kind() + std::to_string(++seen[layer->kind()]) + "/";
        for (const Param& p : params) names.push_back(prefix + p.name);
    }
    return names;
}

TrainerState Trainer::captureState() {
    TrainerState s;
    syncDenseViews(m_sparsity.layers);
    const auto& tracked = m_tracker.layers();
    const auto& ever = m_tracker.everActiveMasks();
    for (std::size_t l = 0; l < m_sparsity.layers.size(); ++l) {
        PrunableLayer& d = *m_sparsity.layers[l];
        TrainerState::Layer layer{d.weight, d.bias, d.mask, ever[l], tracked[l], d.latent()};
        if (!d.hasDenseView()) {
            // Born sparse: its CSR, O(active weights), is what is kept (weight and mask are 0 × 0).
            layer.sparseOnly = true;
            layer.csr = sparseWeightsOf(d)->matrix();
        }
        s.layers.push_back(std::move(layer));
    }
    for (const auto& [name, tensor] : m_method->state()) s.methodState.push_back({name, *tensor});

    s.optimizerName = m_optimizer->name();
    s.optimizerSteps = m_optimizer->stepCount();
    const auto names = paramNames();
    std::map<std::size_t, std::size_t> sparseLayer;  // param -> layer, for sparse layers
    for (const auto& [param, layer] : sparseWeightParams(m_sparsity.layers, m_params))
        sparseLayer[param] = layer;
    for (const auto& t : m_optimizer->state()) {
        const auto it = sparseLayer.find(t.param);
        // A layer with a dense view stores its state in the weight's dense shape (so the file
        // resumes on either backend); one without keeps it per active weight.
        const bool column =
            it == sparseLayer.end() || !m_sparsity.layers[it->second]->hasDenseView();
        s.optimizer.push_back(
            {names.at(t.param), t.kind,
             column ? *t.value : denseStateOf(*m_sparsity.layers[it->second], *t.value)});
    }

    s.rng = m_rng.state();
    s.batchEpoch = m_batcher.epoch();
    s.batchPosition = m_batcher.position();
    s.batchOrder = m_batcher.order();
    s.step = m_step;
    s.seconds = m_seconds;
    s.history = m_history;
    s.events = m_events;
    s.changes = m_changes;
    s.running = {m_lossSum,         m_correctSum,       m_exampleSum, m_stepsSincePoint,
                 m_grownSincePoint, m_prunedSincePoint, m_lastLoss};
    return s;
}

void Trainer::restoreOptimizer(const TrainerState& s) {
    if (s.optimizerName != m_optimizer->name())
        throw ShapeError("restoring a trainer: the optimizer is '" + s.optimizerName +
                         "' — expected '" + m_optimizer->name() + "' from the config");
    if (s.optimizer.empty()) {
        // Saved before the first step. Zero state is what a first step would create.
        for (auto& t : m_optimizer->state()) t.value->setZero();
        m_optimizer->setStepCount(s.optimizerSteps);
        return;
    }
    if (m_optimizer->state().empty()) {
        // The optimizers create their state on their first step. A step with zero gradients
        // on scratch copies of the parameters creates it, shaped right, and leaves the model
        // alone; the loop below then overwrites every tensor of it.
        std::vector<Tensor> values, grads;
        values.reserve(m_params.size());
        grads.reserve(m_params.size());
        std::vector<Param> scratch = m_params;
        for (Param& p : scratch) {
            values.push_back(*p.value);
            grads.push_back(Tensor::Zero(p.value->rows(), p.value->cols()));
            p.value = &values.back();
            p.grad = &grads.back();
        }
        m_optimizer->step(scratch, 0.0f);
    }
    std::map<std::pair<std::string, std::string>, const Tensor*> stored;
    const auto names = paramNames();
    // Sparse layers keep one state value per active weight; the file has the dense shape.
    std::map<std::string, std::size_t> sparseLayer;
    for (const auto& [param, layer] : sparseWeightParams(m_sparsity.layers, m_params))
        sparseLayer[names.at(param)] = layer;
    std::deque<Tensor> compacted;
    for (const auto& t : s.optimizer) {
        const auto it = sparseLayer.find(t.param);
        if (it == sparseLayer.end() || s.layers.at(it->second).sparseOnly) {
            stored[{t.param, t.kind}] = &t.value;  // (nnz, 1) already for a sparseOnly layer
            continue;
        }
        compacted.push_back(gatherAtMask(s.layers.at(it->second).mask, t.value,
                                         "optimizer state " + t.param + " " + t.kind));
        stored[{t.param, t.kind}] = &compacted.back();
    }
    const auto state = m_optimizer->state();
    if (stored.size() != state.size())
        throw ShapeError("restoring a trainer: " + std::to_string(s.optimizer.size()) +
                         " optimizer tensors — expected " + std::to_string(state.size()) + " for " +
                         m_optimizer->name());
    for (const auto& t : state) {
        const std::string name = names.at(t.param) + " " + t.kind;
        const auto it = stored.find({names.at(t.param), t.kind});
        if (it == stored.end())
            throw ShapeError("restoring a trainer: optimizer state " + name + " is missing");
        checkShape("optimizer state " + name, *it->second, *t.value);
    }
    for (const auto& t : state) *t.value = *stored[{names.at(t.param), t.kind}];
    m_optimizer->setStepCount(s.optimizerSteps);
}

void Trainer::restoreState(const TrainerState& s) {
    const auto& layers = m_sparsity.layers;
    if (s.layers.size() != layers.size())
        throw ShapeError("restoring a trainer: " + std::to_string(s.layers.size()) +
                         " layers — expected " + std::to_string(layers.size()));
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const std::string name = "layer " + std::to_string(l + 1) + " ";
        checkShape(name + "weight", s.layers[l].weight, layers[l]->weight);
        checkShape(name + "bias", s.layers[l].bias, layers[l]->bias);
        checkShape(name + "mask", s.layers[l].mask, layers[l]->mask);
        if (s.layers[l].sparseOnly == layers[l]->hasDenseView())
            throw ShapeError("restoring a trainer: " + name + "is " +
                             (s.layers[l].sparseOnly ? "stored as CSR only" : "stored dense") +
                             " — expected " + (layers[l]->hasDenseView() ? "dense" : "CSR only") +
                             " for a " + std::to_string(layers[l]->units()) + " x " +
                             std::to_string(layers[l]->fanIn()) + " layer of this config");
        const CsrMatrix& csr = s.layers[l].csr;
        if (s.layers[l].sparseOnly &&
            (csr.rows != layers[l]->units() || csr.cols != layers[l]->fanIn()))
            throw ShapeError("restoring a trainer: " + name + "CSR is " + std::to_string(csr.rows) +
                             " x " + std::to_string(csr.cols) + " — expected " +
                             std::to_string(layers[l]->units()) + " x " +
                             std::to_string(layers[l]->fanIn()));
    }
    auto methodState = m_method->state();
    if (s.methodState.size() != methodState.size())
        throw ShapeError("restoring a trainer: " + std::to_string(s.methodState.size()) +
                         " sparsity-method tensors — expected " +
                         std::to_string(methodState.size()) + " for " + m_method->name());
    for (std::size_t i = 0; i < methodState.size(); ++i) {
        if (s.methodState[i].name != methodState[i].first)
            throw ShapeError("restoring a trainer: sparsity-method tensor '" +
                             s.methodState[i].name + "' — expected '" + methodState[i].first + "'");
        checkShape(methodState[i].first, s.methodState[i].value, *methodState[i].second);
    }

    // Each of these checks its own part and throws before changing anything of it.
    m_batcher.restore(s.batchEpoch, s.batchPosition, s.batchOrder);
    std::vector<SparsityTracker::LayerStats> stats;
    std::vector<std::vector<std::uint8_t>> ever;
    for (const auto& layer : s.layers) {
        stats.push_back(layer.stats);
        ever.push_back(layer.everActive);
    }
    m_tracker.restore(std::move(stats), std::move(ever));
    // The structure first: the optimizer state of a born-sparse layer is shaped by it.
    for (std::size_t l = 0; l < layers.size(); ++l)
        if (s.layers[l].sparseOnly) sparseWeightsOf(*layers[l])->replace(s.layers[l].csr);
    restoreBackends(s);  // trainer_backend.cpp
    restoreOptimizer(s);

    for (std::size_t l = 0; l < layers.size(); ++l) {
        layers[l]->weight = s.layers[l].weight;
        layers[l]->bias = s.layers[l].bias;
        layers[l]->mask = s.layers[l].mask;
    }
    rebuildSparseFromDense(layers);  // the CSR of sparse layers from the restored weights
    m_params = m_model.params();
    for (std::size_t i = 0; i < methodState.size(); ++i)
        *methodState[i].second = s.methodState[i].value;
    m_rng.setState(s.rng);
    m_step = s.step;
    m_seconds = s.seconds;
    m_history = s.history;
    m_events = s.events;
    m_changes = s.changes;
    m_lossSum = s.running.lossSum;
    m_correctSum = s.running.correctSum;
    m_exampleSum = s.running.exampleSum;
    m_stepsSincePoint = s.running.stepsSincePoint;
    m_grownSincePoint = s.running.grownSincePoint;
    m_prunedSincePoint = s.running.prunedSincePoint;
    m_lastLoss = s.running.lastLoss;
}

}  // namespace sl
