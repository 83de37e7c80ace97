#pragma once

#include "nn/model.h"
#include "sparsity/method.h"
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
Model buildGpt(const RunConfig::Model& config, const ModelInput& input, Rng& rng);

// The same for a training run: layers that bornSparse() (train/memory_estimate.h) are made
// with Dense::sparseOnly(), never allocating rows × cols; the method's begin() draws their
// structure. The other layers draw the same weights as the overload above.
Model buildModel(const RunConfig& config, const ModelInput& input, Rng& rng);

Init initFor(const RunConfig::Model& config);

// model.backend auto puts a Dense layer on the sparse backend from this sparsity up: the
// break-even that `sparselab-cli bench --compare-backends --sparsity 0.5,0.6,0.7,0.8`
// measured on the reference MLP (CPU time; 0.53, 0.57 and at most 0.50 on two threads, 0.59
// on one, load 8-9 on 2 cores), rounded up: the model.backend help text says how it was taken.
constexpr double kSparseBreakEven = 0.6;

// Why this config cannot train on the sparse backend (naming the keys), or "" when it can.
std::string sparseBackendRefusal(const RunConfig& config);

// After the method's begin() drew the masks: moves each Dense layer to the backend that
// model.backend asks for. Throws ConfigError for sparse with a method that needs dense.
void applyBackend(const RunConfig& config, const SparsityMethod& method,
                  const std::vector<PrunableLayer*>& layers);

// "sparse" or "dense" for each prunable layer, for summaries and `inspect`.
std::vector<std::string> layerBackends(const std::vector<PrunableLayer*>& layers);

}  // namespace sl
