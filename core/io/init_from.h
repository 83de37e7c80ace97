#pragma once

#include "train/trainer.h"

#include <memory>
#include <string>

namespace sl {

// Fine-tuning a trained model: the weights, biases and masks of a checkpoint's prunable
// layers, for a new run with its own config, method and schedule (`train --init-from`).
// Nothing else of the checkpoint (optimizer, step, history, generator) carries over.
// Throws CheckpointError naming the file when it cannot be read.
InitialWeights initialWeightsFrom(const std::string& checkpointPath);

// A new run of `config` on `data` that starts from the checkpoint's weights. Throws
// ShapeError naming the file and the first layer whose shape the config does not build.
std::unique_ptr<Trainer> trainerFromCheckpoint(const std::string& checkpointPath,
                                               const RunConfig& config, TrainTestSplit data);

}  // namespace sl
