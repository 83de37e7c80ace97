#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli sweep`: one run per value of one config key (e.g. --set
// sparsity.delta_t=25,50,100), and a summary CSV with a row per run: the by-hand tuning of
// the mask-update interval, done systematically.
void addSweepCommand(CLI::App& app, int& exitCode);

} // namespace sl::cli
