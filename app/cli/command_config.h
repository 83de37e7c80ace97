#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli config`: prints the default config (the default lesson) as JSON, or with
// --explain every key with its limits and meaning; --check validates a config file.
void addConfigCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
