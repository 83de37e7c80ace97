#include "command_config.h"

#include "io/json_config.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

namespace sl::cli {
namespace {

struct ConfigOptions {
    bool explain = false;
    std::string check;
    std::vector<std::string> sets;
};

}  // namespace

void addConfigCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<ConfigOptions>();
    CLI::App* cmd = app.add_subcommand(
        "config", "Print the default config (the default lesson), explain keys, or check a file");
    cmd->add_flag("--explain", options->explain, "List every key with its limits and meaning");
    cmd->add_option("--check", options->check,
                    "Validate a config file and print it with defaults filled in");
    cmd->add_option("--set,-s", options->sets, "Override a key before printing (repeatable)");
    cmd->callback([options, &exitCode] {
        if (options->explain) {
            std::cout << explainConfig();
        } else {
            std::cout << toJson(loadRunConfig(options->check, options->sets)).dump(2) << "\n";
        }
        exitCode = 0;
    });
}

}  // namespace sl::cli
