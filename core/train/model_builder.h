#pragma once

#include "nn/model.h"
#include "train/run_config.h"
#include "util/rng.h"

namespace sl {

// What the data tells the model: input size and shape, and the number of classes.
struct ModelInput {
    int features = 0;
    int classes = 0;
    int imageRows = 0;  // 0 for non-image data (a cnn then refuses it)
    int imageCols = 0;
    int channels() const {
        return imageRows > 0 && imageCols > 0 ? features / (imageRows * imageCols) : 0;
    }
};

// The model a config asks for (model.kind), with its initial weights drawn from rng. Trainer,
// checkpoint reader and export all build models here, so they agree on every shape.
Model buildModel(const RunConfig::Model& config, const ModelInput& input, Rng& rng);

// One per kind, each in its own file.
Model buildMlp(const RunConfig::Model& config, const ModelInput& input, Rng& rng);
Model buildCnn(const RunConfig::Model& config, const ModelInput& input, Rng& rng);
Model buildMoe(const RunConfig::Model& config, const ModelInput& input, Rng& rng);

Init initFor(const RunConfig::Model& config);

} // namespace sl
