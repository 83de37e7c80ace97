#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli export-compact ckpt.h5 -o small.h5`: writes the physically smaller dense model of
// a structurally pruned run (fewer neurons / channels) that computes the same function.
void addExportCompactCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
