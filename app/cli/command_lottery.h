#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli lottery`: iterative magnitude pruning with rewinding (lottery tickets), one run
// per round, with a random-reinit control.
void addLotteryCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
