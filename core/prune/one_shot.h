#pragma once

#include "nn/model.h"
#include "prune/one_shot_settings.h"
#include "train/run_config.h"
#include "train/trainer.h"

#include <string>
#include <vector>

namespace sl {

// One-shot pruning of a trained model, layer by layer from the input: each layer is pruned
// on the inputs that the already-pruned layers before it produce on the calibration set, so
// later layers compensate for what earlier ones lost (SparseGPT's sequential setting).
struct LayerPruneReport {
    std::string name;  // "dense1"
    long long weights = 0;
    long long pruned = 0;   // zeros in the new mask
    double sparsity = 0.0;  // pruned / weights
    // ‖WX − ŴX‖²_F / ‖WX‖²_F on the layer's calibration inputs (0 when WX = 0).
    double reconstructionError = 0.0;
};

struct OneShotReport {
    std::vector<LayerPruneReport> layers;
    double sparsity = 0.0;  // over all prunable weights
    double seconds = 0.0;   // the pruning itself, calibration forwards included
};

// Prunes the model's Dense/Conv2d layers in place: weight (W ⊙ M of a sparse model as the
// starting point), then the new weight and mask. `calibration` is (features, n).
// Throws ConfigError for N:M on a fan-in that is not a multiple of m, ShapeError for a layer
// kind it cannot prune, both naming the layer.
OneShotReport pruneModel(Model& model, const Activations& calibration,
                         const OneShotSettings& settings);

// Prunes a trainer's model on `settings.calibration` training examples and installs the masks
// with Trainer::setMasks so that further training keeps them fixed.
OneShotReport pruneTrainer(Trainer& trainer, const OneShotSettings& settings);

// The config a pruned run carries in its checkpoint: sparsity.method "static" at the measured
// sparsity, because a resumed static run keeps the restored masks and masks the optimizer,
// where "dense" would let the pruned weights grow back.
RunConfig prunedConfig(const RunConfig& config, double sparsity);

}  // namespace sl
