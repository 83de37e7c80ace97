#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli sweep`: a grid over one or more config keys (--set sparsity.delta_t=25,50,100
// --set sparsity.drop_fraction=0.1,0.3), each point repeated over --seeds, or a search
// (--search halving, --search random --trials K over ranges lo..hi[:log]). Every run keeps its
// artefacts in its own folder under --out-dir; the table (sweep.csv, sweep.json) has a row per
// run and per point, and the terminal says whether the best point's lead beats the seeds'
// spread. Points are chosen on the validation set, never the test set.
void addSweepCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
