// sparselab-cli: the engine without the window, for scripted runs, sweeps and benchmarks.
// Exit codes: 0 success, 2 bad usage or config, 1 runtime failure (data, divergence, I/O).

#include "command_bench.h"
#include "command_config.h"
#include "command_eval.h"
#include "command_export_compact.h"
#include "command_inspect.h"
#include "command_lottery.h"
#include "command_generate.h"
#include "command_prune.h"
#include "command_sweep.h"
#include "command_train.h"
#include "util/error.h"

#include <CLI/CLI.hpp>
#include <cstdio>

int main(int argc, char** argv) {
    CLI::App app{"SparseLab command line: train sparse networks, inspect runs, benchmark the "
                 "engine.",
                 "sparselab-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "sparselab-cli 0.1.0");
    int exitCode = 0;
    sl::cli::addTrainCommand(app, exitCode);
    sl::cli::addConfigCommand(app, exitCode);
    sl::cli::addBenchCommand(app, exitCode);
    sl::cli::addSweepCommand(app, exitCode);
    sl::cli::addInspectCommand(app, exitCode);
    sl::cli::addEvalCommand(app, exitCode);
    sl::cli::addExportCompactCommand(app, exitCode);
    sl::cli::addPruneCommand(app, exitCode);
    sl::cli::addLotteryCommand(app, exitCode);
    sl::cli::addGenerateCommand(app, exitCode);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    } catch (const sl::ConfigError& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    } catch (const sl::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return exitCode;
}
