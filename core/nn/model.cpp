#include "nn/model.h"

#include "nn/sparse_dense.h"
#include "nn/sparse_kernels.h"
#include "util/error.h"

#include <algorithm>
#include <cassert>
#include <string>

namespace sl {
namespace {

SparseWeights* sparseAt(const std::vector<std::unique_ptr<Layer>>& layers, std::size_t i) {
    auto* dense = i < layers.size() ? dynamic_cast<Dense*>(layers[i].get()) : nullptr;
    return dense ? dense->sparse() : nullptr;
}

bool isActivation(const std::vector<std::unique_ptr<Layer>>& layers, std::size_t i) {
    return i < layers.size() && dynamic_cast<Activation*>(layers[i].get()) != nullptr;
}

// A sparse layer, an element-wise activation, a sparse layer: the activations between them
// stay in the kernels' batch-major layout (in the Model's (features, batch) buffers, read
// row-major), so neither side changes it. The four layout changes of the plain hand-off (y
// and the next x forward, dx and the previous dy backward) were most of the transposes that
// took 20 % of a 98 %-sparse step of the reference MLP. The backward keeps the forward's.
void chooseLayouts(const std::vector<std::unique_ptr<Layer>>& layers, Eigen::Index batch) {
    const bool handoff = batch > 1 && batchMajorHandoff();
    for (std::size_t i = 0; i < layers.size(); ++i) {
        SparseWeights* s = sparseAt(layers, i);
        if (!s) continue;
        const SparseWeights* before = i >= 2 ? sparseAt(layers, i - 2) : nullptr;
        // Layer i - 2 was set just before, for this batch.
        const bool in = before && isActivation(layers, i - 1) && before->outputBatchMajor();
        const bool out = handoff && isActivation(layers, i + 1) && sparseAt(layers, i + 2);
        s->setLayouts(in, out);
    }
}

// Whether the last forward left layer i's output batch-major (chooseLayouts).
bool heldBatchMajor(const std::vector<std::unique_ptr<Layer>>& layers, std::size_t i) {
    if (const SparseWeights* s = sparseAt(layers, i)) return s->outputBatchMajor();
    if (!isActivation(layers, i) || i == 0) return false;
    const SparseWeights* before = sparseAt(layers, i - 1);
    return before && before->outputBatchMajor();
}

}  // namespace

Model Model::mlp(int inputs, const std::vector<int>& hidden, int classes, ActivationKind activation,
                 Init init, Rng& rng) {
    if (inputs <= 0) {
        throw ConfigError("model: got " + std::to_string(inputs) + " inputs — expected > 0");
    }
    if (classes <= 0) {
        throw ConfigError("model: got " + std::to_string(classes) + " classes — expected > 0");
    }
    for (int width : hidden) {
        if (width <= 0) {
            throw ConfigError("model.hidden: got a layer of " + std::to_string(width) +
                              " units — expected every width > 0");
        }
    }
    Model model;
    int previous = inputs;
    for (int width : hidden) {
        auto dense = std::make_unique<Dense>(previous, width);
        dense->initialize(init, rng);
        model.add(std::move(dense));
        model.add(std::make_unique<Activation>(activation));
        previous = width;
    }
    auto output = std::make_unique<Dense>(previous, classes);
    output->initialize(init, rng);
    model.add(std::move(output));
    return model;
}

void Model::add(std::unique_ptr<Layer> layer) {
    assert(layer);
    m_layers.push_back(std::move(layer));
    m_acts.resize(m_layers.size());
    m_grads.resize(m_layers.size() - 1);
}

const Activations& Model::forward(const Activations& x) {
    if (m_layers.empty()) throw ShapeError("Model forward: the model has no layers");
    m_input = &x;
    chooseLayouts(m_layers, x.cols());
    const Activations* in = &x;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        m_layers[i]->forward(*in, m_acts[i]);
        in = &m_acts[i];
    }
    return m_acts.back();
}

void Model::backward(const Activations& dlogits) {
    if (!m_input) throw ShapeError("Model backward: expected a forward() first");
    const Activations& logits = m_acts.back();
    if (dlogits.rows() != logits.rows() || dlogits.cols() != logits.cols()) {
        throw ShapeError("Model backward: dlogits are (" + std::to_string(dlogits.rows()) + ", " +
                         std::to_string(dlogits.cols()) + ") — expected the logits' (" +
                         std::to_string(logits.rows()) + ", " + std::to_string(logits.cols()) +
                         ")");
    }
    for (std::size_t i = m_layers.size(); i-- > 0;) {
        const Activations& x = i == 0 ? *m_input : m_acts[i - 1];
        const Activations& dy = i + 1 == m_layers.size() ? dlogits : m_grads[i];
        // Nothing upstream of the first layer learns, so its input gradient (the largest GEMM
        // of the backward pass for a wide input) is never computed.
        Activations* dx = i == 0 ? nullptr : &m_grads[i - 1];
        m_layers[i]->backward(x, m_acts[i], dy, dx);
    }
}

std::vector<Param> Model::params() {
    std::vector<Param> all;
    for (auto& layer : m_layers) {
        auto own = layer->params();
        all.insert(all.end(), own.begin(), own.end());
    }
    return all;
}

const Activations& Model::inputOf(std::size_t layer) const {
    if (!m_input) throw ShapeError("Model inputOf: expected a forward() first");
    if (layer >= m_layers.size())
        throw ShapeError("Model inputOf: layer " + std::to_string(layer) + " — the model has " +
                         std::to_string(m_layers.size()));
    if (layer == 0) return *m_input;
    const Activations& held = m_acts[layer - 1];
    if (held.cols() > 1 && heldBatchMajor(m_layers, layer - 1)) {
        // Kept batch-major between sparse layers: the caller gets the usual layout, in a
        // copy that lives until the next call on this thread (one-shot pruning reads each
        // layer's input once, right away).
        thread_local Activations featureMajor;
        featureMajor = Eigen::Map<const Tensor>(held.data(), held.rows(), held.cols());
        return featureMajor;
    }
    return held;
}

double Model::auxiliaryLoss() const {
    double sum = 0.0;
    for (const auto& layer : m_layers) sum += layer->auxiliaryLoss();
    return sum;
}

std::vector<PrunableLayer*> Model::prunableLayers() {
    std::vector<PrunableLayer*> dense;
    for (auto& layer : m_layers) {
        if (auto* d = dynamic_cast<PrunableLayer*>(layer.get())) dense.push_back(d);
        for (PrunableLayer* inner : layer->innerPrunableLayers()) dense.push_back(inner);
    }
    return dense;
}

std::size_t Model::parameterCount() const {
    std::size_t count = 0;
    // params() is non-const only because it hands out mutable pointers; counting reads sizes.
    for (const auto& layer : m_layers) {
        for (const Param& p : const_cast<Layer&>(*layer).params())
            count += static_cast<std::size_t>(p.value->size());
    }
    return count;
}

Evaluation Model::evaluate(const Dataset& data, int batchSize) {
    if (batchSize <= 0) {
        throw ConfigError("evaluate: got batch size " + std::to_string(batchSize) +
                          " — expected > 0");
    }
    if (data.labels.size() != static_cast<std::size_t>(data.count())) {
        throw ShapeError("evaluate: " + data.name + " has " + std::to_string(data.count()) +
                         " examples and " + std::to_string(data.labels.size()) +
                         " labels — expected one label per example");
    }
    Evaluation result;
    double lossSum = 0.0;
    int correct = 0;
    for (int start = 0; start < data.count(); start += batchSize) {
        const int n = std::min(batchSize, data.count() - start);
        // Layers take whole matrices, so the block of columns is copied into a reused buffer;
        // the copy is a small fraction of the batch's GEMMs.
        m_evalBatch = data.x.middleCols(start, n);
        m_evalLabels.assign(data.labels.begin() + start, data.labels.begin() + start + n);
        const LossResult r = softmaxCrossEntropy(forward(m_evalBatch), m_evalLabels, nullptr);
        lossSum += r.loss * n;
        correct += r.correct;
    }
    // The activations now belong to no training step: a backward() needs a new forward().
    m_input = nullptr;
    result.count = data.count();
    if (result.count > 0) {
        result.loss = lossSum / result.count;
        result.accuracy = static_cast<double>(correct) / result.count;
    }
    return result;
}

}  // namespace sl
