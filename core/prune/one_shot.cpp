#include "prune/one_shot.h"

#include "nn/gpt.h"
#include "nn/sparse_dense.h"
#include "prune/layer_inputs.h"
#include "prune/prune_masks.h"
#include "prune/sparse_gpt.h"
#include "util/error.h"

#include <algorithm>
#include <chrono>
#include <functional>

namespace sl {

namespace {

struct PrunedLayer {
    Tensor weight;
    Tensor mask;
};

PrunedLayer pruneLayer(const Tensor& weight, const Eigen::MatrixXd& gram, const OneShotSettings& s,
                       const std::string& name) {
    switch (s.method) {
    case OneShotMethod::Magnitude: {
        const Scores scores = magnitudeScores(weight);
        Tensor mask = s.nm() ? maskNm(scores, s.nmN, s.nmM) : maskLowestInLayer(scores, s.sparsity);
        return {weight.cwiseProduct(mask), mask};
    }
    case OneShotMethod::Wanda: {
        const Eigen::VectorXd norms = gram.diagonal().cwiseMax(0.0).cwiseSqrt();  // ‖X_j‖₂
        const Scores scores = wandaScores(weight, norms);
        Tensor mask = s.nm() ? maskNm(scores, s.nmN, s.nmM) : maskLowestPerRow(scores, s.sparsity);
        return {weight.cwiseProduct(mask), mask};
    }
    case OneShotMethod::SparseGpt: {
        SparseGptResult r = sparseGpt(weight, gram, s, name);
        return {std::move(r.weight), std::move(r.mask)};
    }
    }
    throw Error(name + ": unknown one-shot method");
}

// tr(D H Dᵀ) = ‖D X‖²_F for D (out, in) and H = XᵀX.
double squaredOutputNorm(const Eigen::MatrixXd& d, const Eigen::MatrixXd& gram) {
    return (d * gram).cwiseProduct(d).sum();
}

}  // namespace

OneShotReport pruneModel(Model& model, const Activations& calibration, const OneShotSettings& s) {
    validate(s);
    const auto start = std::chrono::steady_clock::now();
    const auto& layers = model.layers();
    // Each prunable layer and where its input is after a forward: a top-level layer's is the
    // model's activation before it; a gpt's linear maps are gathered inside the transformer,
    // in order, block after block (Q, K, V, attention output, MLP in, MLP out, then the head).
    std::vector<PrunableLayer*> order;
    std::vector<std::function<const Activations&()>> inputOf;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (auto* p = dynamic_cast<PrunableLayer*>(layers[i].get())) {
            order.push_back(p);
            inputOf.push_back([&model, i]() -> const Activations& { return model.inputOf(i); });
        } else if (auto* gpt = dynamic_cast<Gpt*>(layers[i].get())) {
            const auto inner = gpt->innerPrunableLayers();
            for (std::size_t k = 0; k < inner.size(); ++k) {
                order.push_back(inner[k]);
                inputOf.push_back(
                    [gpt, k]() -> const Activations& { return gpt->inputOfPrunable(k); });
            }
        }
    }
    const auto prunable = model.prunableLayers();
    if (prunable.size() != order.size())
        throw ShapeError("one-shot pruning: " + std::to_string(prunable.size()) +
                         " prunable layers, " + std::to_string(order.size()) +
                         " whose inputs it can gather — layers inside experts are not supported");

    // Every layer is checked before the first is changed, so a refusal leaves the model whole.
    for (std::size_t l = 0; l < order.size(); ++l) {
        const PrunableLayer* layer = order[l];
        const std::string name = layerName(*layer, l);
        if (layer->kind() != "dense" && layer->kind() != "conv2d")
            throw ShapeError(name + ": one-shot pruning handles Dense and Conv2d layers, not '" +
                             layer->kind() + "'");
        if (!layer->hasDenseView())
            throw ShapeError(name + ": one-shot pruning reads a layer's weights densely; this " +
                             std::to_string(layer->units()) + " x " +
                             std::to_string(layer->fanIn()) +
                             " layer was built sparse and has no dense weights");
        if (s.nm() && layer->fanIn() % s.nmM != 0)
            throw ConfigError(name + ": fan-in " + std::to_string(layer->fanIn()) +
                              " is not a multiple of m = " + std::to_string(s.nmM) +
                              " — N:M needs whole groups");
    }
    // Layers on the sparse backend compute from their CSR: their dense views must show it
    // before pruning reads them, and each pruned layer's CSR must follow its new weights before
    // the next layer's inputs are gathered (else later layers calibrate on unpruned inputs).
    syncDenseViews(prunable);
    OneShotReport report;
    long long pruned = 0, total = 0;
    for (std::size_t l = 0; l < order.size(); ++l) {
        PrunableLayer* layer = order[l];
        const std::string name = layerName(*layer, l);
        for (PrunableLayer* p : prunable) p->clearTransform();
        model.forward(calibration);  // through the already-pruned layers before this one
        const Eigen::MatrixXd gram = inputGram(*layer, inputOf[l](), name);

        const Tensor weight = layer->weight.cwiseProduct(layer->mask);
        PrunedLayer p = pruneLayer(weight, gram, s, name);
        const Eigen::MatrixXd w = weight.cast<double>();
        const double reference = squaredOutputNorm(w, gram);
        const double error = squaredOutputNorm(w - p.weight.cast<double>(), gram);

        LayerPruneReport r;
        r.name = name;
        r.weights = p.mask.size();
        r.pruned = r.weights - static_cast<long long>(p.mask.sum());
        r.sparsity = double(r.pruned) / double(r.weights);
        r.reconstructionError = reference > 0.0 ? error / reference : 0.0;
        report.layers.push_back(r);
        pruned += r.pruned;
        total += r.weights;

        layer->weight = std::move(p.weight);
        layer->mask = std::move(p.mask);
        layer->setWeightMode(layer->masked() ? WeightMode::Masked : WeightMode::Plain);
        restructureFromDense({layer});
    }
    report.sparsity = total > 0 ? double(pruned) / double(total) : 0.0;
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

OneShotReport pruneTrainer(Trainer& trainer, const OneShotSettings& s) {
    validate(s);
    const Activations calibration =
        calibrationExamples(trainer.data().train, s.calibration, s.seed);
    OneShotReport report = pruneModel(trainer.model(), calibration, s);
    std::vector<Tensor> masks;
    for (PrunableLayer* layer : trainer.prunableLayers()) masks.push_back(layer->mask);
    trainer.setMasks(masks);
    return report;
}

RunConfig prunedConfig(const RunConfig& config, double sparsity) {
    RunConfig c = config;
    c.sparsity.method = "static";
    // The config's limit; the masks themselves carry the exact figure.
    c.sparsity.target = static_cast<float>(std::clamp(sparsity, 0.0, 0.9999));
    c.sparsity.schedule = "constant";
    // Every pruner here prunes about the same fraction of each layer: the per-layer targets
    // shown for the run should say so, not ERK's split.
    c.sparsity.distribution = "uniform";
    c.sparsity.denseFirstLayer = false;
    return c;
}

}  // namespace sl
