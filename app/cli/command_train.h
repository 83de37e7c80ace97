#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli train`: one run from a config (the default lesson without one), with live
// progress, a final summary, and the metric history as CSV and the summary as JSON on request.
void addTrainCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
