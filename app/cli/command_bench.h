#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli bench`: prints JSON with the BLAS library this process really loaded, the
// GEMM GFLOP/s it reaches, and dense training steps/s of the reference MLP 784-300-100-10
// at batch 128 — the numbers every speed claim of the project is checked against.
void addBenchCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
