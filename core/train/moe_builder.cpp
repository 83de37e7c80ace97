#include "train/model_builder.h"

#include "util/error.h"

namespace sl {

// TODO(issue 7): hidden Dense layers, a MixtureOfExperts layer, the output layer.
Model buildMoe(const RunConfig::Model&, const ModelInput&, Rng&) {
    throw ConfigError("model.kind: moe is not built yet");
}

} // namespace sl
