#include "train/model_builder.h"

#include "nn/sparse_dense.h"
#include "sparsity/method.h"
#include "train/memory_estimate.h"
#include "util/error.h"

#include <memory>

namespace sl {

Init initFor(const RunConfig::Model& m) {
    if (m.init == "he") return Init::He;
    if (m.init == "glorot") return Init::Glorot;
    return m.activation == "relu" ? Init::He : Init::Glorot;
}

Model buildMlp(const RunConfig::Model& config, const ModelInput& input, Rng& rng) {
    return Model::mlp(input.features, config.hidden, input.classes,
                      activationFromName(config.activation), initFor(config), rng);
}

Model buildModel(const RunConfig::Model& config, const ModelInput& input, Rng& rng) {
    if (config.kind == "cnn") return buildCnn(config, input, rng);
    if (config.kind == "moe") return buildMoe(config, input, rng);
    if (config.kind == "mlp") return buildMlp(config, input, rng);
    if (config.kind == "gpt") return buildGpt(config, input, rng);
    throw ConfigError("model.kind: got '" + config.kind + "' — expected mlp, cnn, moe or gpt");
}

Model buildModel(const RunConfig& config, const ModelInput& input, Rng& rng) {
    const MemoryEstimate estimate = estimateMemory(config, input);
    bool any = false;
    for (const auto& layer : estimate.layers) any = any || !layer.denseView;
    if (!any) return buildModel(config.model, input, rng);
    // Model::mlp's order and draws, with the giant layers made without a dense view.
    const RunConfig::Model& m = config.model;
    const ActivationKind activation = activationFromName(m.activation);
    const Init init = initFor(m);
    Model model;
    int previous = input.features;
    for (std::size_t i = 0; i <= m.hidden.size(); ++i) {
        const bool last = i == m.hidden.size();
        const int width = last ? input.classes : m.hidden[i];
        std::unique_ptr<Dense> dense = estimate.layers[i].denseView
                                           ? std::make_unique<Dense>(previous, width)
                                           : Dense::sparseOnly(previous, width);
        dense->initialize(init, rng);
        model.add(std::move(dense));
        if (!last) model.add(std::make_unique<Activation>(activation));
        previous = width;
    }
    return model;
}

std::string sparseBackendRefusal(const RunConfig& config) {
    std::string method;
    try {
        if (!makeSparsityMethod(config.sparsity)->runsOnSparseBackend())
            method = config.sparsity.method;
    } catch (const Error&) {
        return "";  // an unknown method is reported by its own key
    }
    const std::string sparse = "model.backend: sparse";
    if (!method.empty())
        return sparse + " — sparsity.method '" + method +
               "' needs the dense backend (a dense "
               "mask, latent weight or full gradient every step); set model.backend to dense "
               "or auto, or choose static, rigl, set, nm or magnitude";
    if (config.quant.mode != "none")
        return sparse + " — quant.mode '" + config.quant.mode +
               "' transforms the dense "
               "weight; set model.backend to dense or auto, or quant.mode to none";
    if (config.gradient.compression != "none")
        return sparse + " — gradient.compression '" + config.gradient.compression +
               "' filters dense gradients; set model.backend to dense or auto";
    if (config.model.kind == "moe")
        return sparse + " — model.kind moe routes examples through experts that stay dense; "
                        "set model.backend to dense or auto";
    return "";
}

void applyBackend(const RunConfig& config, const SparsityMethod& method,
                  const std::vector<PrunableLayer*>& layers) {
    const std::string& backend = config.model.backend;
    if (backend == "dense") return;
    const std::string refusal = sparseBackendRefusal(config);
    if (backend == "sparse" && !refusal.empty()) throw ConfigError(refusal);
    if (!refusal.empty() || !method.runsOnSparseBackend()) return;  // auto: stay dense
    for (PrunableLayer* layer : layers) {
        auto* dense = dynamic_cast<Dense*>(layer);
        if (!dense || dense->latent() || dense->transformed() || dense->sparse()) continue;
        const double total = static_cast<double>(layer->mask.size());
        const auto active = static_cast<double>((layer->mask.array() != 0.0f).count());
        const double sparsity = total > 0 ? 1.0 - active / total : 0.0;
        if (backend == "sparse" || sparsity >= kSparseBreakEven) dense->useSparseBackend();
    }
}

std::vector<std::string> layerBackends(const std::vector<PrunableLayer*>& layers) {
    std::vector<std::string> out;
    for (PrunableLayer* layer : layers) out.push_back(sparseWeightsOf(*layer) ? "sparse" : "dense");
    return out;
}

}  // namespace sl
