#pragma once

#include <CLI/CLI.hpp>

namespace sl::cli {

// `sparselab-cli generate ckpt.h5 --prompt 床前 --length 200 --temperature 0.8`: continues a
// prompt with a gpt checkpoint's model, one sampled character at a time.
void addGenerateCommand(CLI::App& app, int& exitCode);

}  // namespace sl::cli
