#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli inspect ckpt.h5`: the run's summary and the per-layer sparsity table (shape,
// active weights, sparsity, ITOP rate, last churn) of a checkpoint, from the file alone: no
// data is loaded, so it is instant even for Fashion-MNIST runs.
void addInspectCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
