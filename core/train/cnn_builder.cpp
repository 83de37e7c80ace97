#include "train/model_builder.h"

#include "util/error.h"

namespace sl {

// TODO(issue 6): conv -> activation -> max-pool per model.conv_channels, then Dense layers.
Model buildCnn(const RunConfig::Model&, const ModelInput&, Rng&) {
    throw ConfigError("model.kind: cnn is not built yet");
}

} // namespace sl
