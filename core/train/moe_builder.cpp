#include "nn/activation.h"
#include "nn/dense.h"
#include "nn/moe.h"
#include "train/model_builder.h"

#include "util/error.h"

#include <memory>
#include <string>

namespace sl {

// The hidden Dense layers with their activation, the mixture of experts over the last hidden
// width (its output has that width too), then the output layer. The MoE adds its balancing
// gradient inside its own backward(), so the Trainer's ordinary backward pass trains with it;
// the Trainer's reported loss is the task loss only.
Model buildMoe(const RunConfig::Model& config, const ModelInput& input, Rng& rng) {
    if (config.hidden.empty())
        throw ConfigError("model.hidden: got an empty list — model.kind moe needs at least one "
                          "hidden layer, whose width the experts take in and give back");
    if (input.features <= 0 || input.classes <= 0)
        throw ConfigError("model: got " + std::to_string(input.features) + " inputs and " +
                          std::to_string(input.classes) + " classes — expected both > 0");
    const ActivationKind activation = activationFromName(config.activation);
    const Init init = initFor(config);
    Model model;
    int previous = input.features;
    for (int width : config.hidden) {
        if (width <= 0)
            throw ConfigError("model.hidden: got a layer of " + std::to_string(width) +
                              " units — expected every width > 0");
        auto dense = std::make_unique<Dense>(previous, width);
        dense->initialize(init, rng);
        model.add(std::move(dense));
        model.add(std::make_unique<Activation>(activation));
        previous = width;
    }
    MoeOptions options;
    options.width = previous;
    options.experts = config.experts;
    options.expertHidden = config.expertHidden;
    options.topK = config.topK;
    options.balanceLoss = config.balanceLoss;
    model.add(std::make_unique<MixtureOfExperts>(options, rng));
    auto output = std::make_unique<Dense>(previous, input.classes);
    output->initialize(init, rng);
    model.add(std::move(output));
    return model;
}

}  // namespace sl
