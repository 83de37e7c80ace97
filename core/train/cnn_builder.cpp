#include "nn/conv2d.h"
#include "train/model_builder.h"
#include "util/error.h"

#include <memory>
#include <string>

namespace sl {

namespace {

std::string shapeText(const ImageShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" +
           std::to_string(s.width);
}

}  // namespace

// conv -> activation -> max-pool for each model.conv_channels entry, then the hidden Dense
// layers of model.hidden, then the output layer (as the mlp builds its tail).
Model buildCnn(const RunConfig::Model& config, const ModelInput& input, Rng& rng) {
    if (input.imageRows <= 0 || input.imageCols <= 0 ||
        input.features % (input.imageRows * input.imageCols) != 0 || input.channels() <= 0) {
        throw ConfigError("model.kind: cnn needs image data (rows x cols per channel) — the data "
                          "set has " +
                          std::to_string(input.features) +
                          " features and no image shape; use model.kind=mlp or an image data "
                          "set such as data.name=fashion-mnist");
    }
    if (config.convChannels.empty()) {
        throw ConfigError("model.conv_channels: empty — a cnn needs at least one convolution");
    }
    if (input.classes <= 0) {
        throw ConfigError("model: got " + std::to_string(input.classes) +
                          " classes — expected > 0");
    }
    const ActivationKind activation = activationFromName(config.activation);
    const Init init = initFor(config);
    Model model;
    ImageShape shape{input.channels(), input.imageRows, input.imageCols};
    for (std::size_t i = 0; i < config.convChannels.size(); ++i) {
        const int k = config.kernelSize, s = config.stride, p = config.padding;
        const std::string where =
            "convolution " + std::to_string(i + 1) + " (input " + shapeText(shape) + ")";
        if (config.convChannels[i] <= 0) {
            throw ConfigError("model.conv_channels: got " + std::to_string(config.convChannels[i]) +
                              " channels for " + where + " — expected > 0");
        }
        if (shape.height + 2 * p < k || shape.width + 2 * p < k) {
            throw ConfigError("model.kernel_size: " + std::to_string(k) + " does not fit " + where +
                              " with model.padding " + std::to_string(p) +
                              " — use a smaller kernel, fewer convolutions or a smaller "
                              "model.pool");
        }
        auto conv = std::make_unique<Conv2d>(shape, config.convChannels[i], k, s, p);
        conv->initialize(init, rng);
        shape = conv->outputShape();
        model.add(std::move(conv));
        model.add(std::make_unique<Activation>(activation));
        if (config.pool > 1) {
            if (shape.height < config.pool || shape.width < config.pool) {
                throw ConfigError("model.pool: a window of " + std::to_string(config.pool) +
                                  " does not fit the " + shapeText(shape) + " output of " +
                                  "convolution " + std::to_string(i + 1) +
                                  " — use a smaller model.pool or fewer convolutions");
            }
            auto pool = std::make_unique<MaxPool2d>(shape, config.pool);
            shape = pool->outputShape();
            model.add(std::move(pool));
        }
    }
    int previous = shape.size();
    for (int width : config.hidden) {
        if (width <= 0) {
            throw ConfigError("model.hidden: got a layer of " + std::to_string(width) +
                              " units — expected every width > 0");
        }
        auto dense = std::make_unique<Dense>(previous, width);
        dense->initialize(init, rng);
        model.add(std::move(dense));
        model.add(std::make_unique<Activation>(activation));
        previous = width;
    }
    auto output = std::make_unique<Dense>(previous, input.classes);
    output->initialize(init, rng);
    model.add(std::move(output));
    return model;
}

}  // namespace sl
