#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli prune --method sparsegpt --sparsity 0.5 --calibration 1024 ckpt.h5 -o pruned.h5`:
// one-shot pruning of a trained model (magnitude, wanda, sparsegpt).
void addPruneCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
