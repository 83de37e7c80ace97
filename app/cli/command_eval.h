#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli eval ckpt.h5`: loads the checkpoint's run with its data and prints the test
// accuracy and loss of its weights and masks.
void addEvalCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
