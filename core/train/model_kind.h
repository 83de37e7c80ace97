#pragma once

#include "train/run_config.h"

namespace sl {

// What a model kind (model.kind: mlp, cnn, moe, gpt) implies, asked here by what it means
// instead of by its name at each place that cares, so a new kind is one edit here.

// A language model (gpt): text data, next-token loss and perplexity instead of accuracy, and a
// calibration text for one-shot pruning.
inline bool isLanguageModel(const RunConfig& config) { return config.model.kind == "gpt"; }

// A mixture of experts (moe): a gate routes each example to experts, whose routing is shown.
inline bool routesToExperts(const RunConfig& config) { return config.model.kind == "moe"; }

}  // namespace sl
