#include "train/model_builder.h"

#include "util/error.h"

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
    throw ConfigError("model.kind: got '" + config.kind + "' — expected mlp, cnn or moe");
}

} // namespace sl
