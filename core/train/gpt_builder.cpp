#include "nn/gpt.h"
#include "train/model_builder.h"

#include "util/error.h"

#include <memory>
#include <string>

namespace sl {

// The whole transformer is one Layer of the Model; its linear maps reach sparsity methods and
// checkpoints through Layer::innerPrunableLayers().
Model buildGpt(const RunConfig::Model& config, const ModelInput& input, Rng& rng) {
    if (input.features != config.context)
        throw ConfigError("model.context: got " + std::to_string(config.context) +
                          " but the data has windows of " + std::to_string(input.features) +
                          " characters — expected text data (data.name tang-poems, "
                          "chinese-fortunes, english-fortunes or text) cut to model.context");
    GptOptions options;
    options.vocabulary = input.classes;
    options.context = config.context;
    options.layers = config.layers;
    options.dModel = config.dModel;
    options.heads = config.heads;
    Model model;
    model.add(std::make_unique<Gpt>(options, rng));
    return model;
}

}  // namespace sl
