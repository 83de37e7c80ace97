#include "command_sweep.h"

#include "io/atomic_file.h"
#include "io/json_config.h"
#include "train/run_setup.h"
#include "train/run_summary.h"
#include "util/blas.h"
#include "util/error.h"

#include <chrono>
#include <cstdio>
#include <memory>

namespace sl::cli {
namespace {

struct SweepOptions {
    std::string config;
    std::vector<std::string> sets;
    std::string out;
};

// Splits "a,b,[1,2]" on the commas outside brackets: values may be JSON lists themselves.
std::vector<std::string> splitValues(const std::string& text) {
    std::vector<std::string> values{""};
    int depth = 0;
    for (char c : text) {
        depth += (c == '[') - (c == ']');
        if (c == ',' && depth == 0) values.emplace_back();
        else values.back() += c;
    }
    return values;
}

int runSweep(const SweepOptions& options) {
    std::vector<std::string> fixed;
    std::string key;
    std::vector<std::string> values;
    for (const auto& set : options.sets) {
        const auto eq = set.find('=');
        auto parts = splitValues(eq == std::string::npos ? "" : set.substr(eq + 1));
        if (parts.size() < 2) {
            fixed.push_back(set);
            continue;
        }
        if (!key.empty())
            throw ConfigError("--set " + set.substr(0, eq) + ": only one key can be swept (" +
                              key + " already is); give the others a single value");
        key = set.substr(0, eq);
        values = std::move(parts);
    }
    if (key.empty())
        throw ConfigError("--set: no key to sweep — give one with several values, e.g. "
                          "--set sparsity.delta_t=25,50,100");

    // Validate every run's config before training any, so a typo in the last value does not
    // surface an hour later.
    std::vector<RunConfig> configs;
    for (const auto& value : values) {
        auto sets = fixed;
        sets.push_back(key + "=" + value);
        configs.push_back(loadRunConfig(options.config, sets));
    }

    std::string csv = key + ",final_test_accuracy,final_sparsity,total_churn,itop,steps_per_second\n";
    for (std::size_t i = 0; i < configs.size(); ++i) {
        setBlasThreads(configs[i].threads);
        Trainer trainer(configs[i], loadRunData(configs[i]));
        trainer.runToEnd();
        const auto s = runSummary(trainer, trainer.trainingSeconds());
        const double accuracy =
            s["final_test_accuracy"].is_null() ? 0.0 : s["final_test_accuracy"].get<double>();
        const long long churn = s["total_grown"].get<long long>() + s["total_pruned"].get<long long>();
        char row[256];
        std::snprintf(row, sizeof row, "%.6f,%.6f,%lld,%.6f,%.1f", accuracy,
                      s["overall_sparsity"].get<double>(), churn, s["itop"].get<double>(),
                      s["steps_per_second"].get<double>());
        csv += values[i] + "," + row + "\n";
        std::printf("[%zu/%zu] %s=%s  test %.2f%%  sparsity %.2f%%  churn %lld  %.0f steps/s\n",
                    i + 1, configs.size(), key.c_str(), values[i].c_str(), 100.0 * accuracy,
                    100.0 * s["overall_sparsity"].get<double>(), churn,
                    s["steps_per_second"].get<double>());
        std::fflush(stdout);
        // Written after every run: an interrupted sweep keeps the rows it finished.
        if (!options.out.empty()) writeFileAtomically(options.out, csv);
    }
    if (options.out.empty()) std::printf("%s", csv.c_str());
    return 0;
}

} // namespace

void addSweepCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<SweepOptions>();
    CLI::App* cmd = app.add_subcommand(
        "sweep", "One run per value of a config key; writes a summary CSV with a row per run");
    cmd->add_option("--config,-c", options->config, "JSON run config (default: the default lesson)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--set,-s", options->sets,
                    "key=v1,v2,... for the swept key; key=value for fixed overrides (repeatable)")
        ->required();
    cmd->add_option("--out,-o", options->out, "Summary CSV (printed to stdout if not given)");
    cmd->callback([options, &exitCode] { exitCode = runSweep(*options); });
}

} // namespace sl::cli
