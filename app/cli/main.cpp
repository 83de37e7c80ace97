// sparselab-cli: the engine without the window, for scripted runs, sweeps and benchmarks.
// Exit codes: 0 success, 2 bad usage or config, 1 runtime failure (data, divergence, I/O).

#include "command_bench.h"
#include "command_config.h"
#include "command_eval.h"
#include "command_export_compact.h"
#include "command_generate.h"
#include "command_inspect.h"
#include "command_lottery.h"
#include "command_prune.h"
#include "command_sweep.h"
#include "command_train.h"
#include "distributed.h"
#include "util/error.h"

#include <CLI/CLI.hpp>
#include <cstdio>

namespace {

// Under mpirun an error on one rank would leave the others waiting in a collective: the job
// ends as a whole. Rank 0 prints usage and config errors (every rank hits them alike); a
// runtime error is printed by the rank it happened on.
int fail(int code, const char* what) {
    sl::Communicator& world = sl::cli::world();
    if (world.size() == 1) {
        std::fprintf(stderr, "error: %s\n", what);
        return code;
    }
    if (world.rank() == 0 || code != 2)
        std::fprintf(stderr, "error (rank %d): %s\n", world.rank(), what);
    std::fflush(stderr);
    world.abort(code);  // does not return; GCC does not see [[noreturn]] through the vtable
    return code;
}

int runCli(int argc, char** argv);

}  // namespace

int main(int argc, char** argv) {
    sl::cli::startWorld(argc, argv);
    const int code = runCli(argc, argv);
    sl::cli::stopWorld();
    return code;
}

namespace {

int runCli(int argc, char** argv) {
    CLI::App app{"SparseLab command line: train sparse networks, inspect runs, benchmark the "
                 "engine.",
                 "sparselab-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "sparselab-cli 0.1.0");
    app.footer(sl::cli::distributedHelp());
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
        if (sl::cli::isRootRank()) app.exit(e);
        return sl::cli::world().size() > 1 ? fail(2, "bad command line") : 2;
    } catch (const sl::ConfigError& e) {
        return fail(2, e.what());
    } catch (const sl::Error& e) {
        return fail(1, e.what());
    } catch (const std::exception& e) {
        return fail(1, e.what());
    }
    return exitCode;
}

}  // namespace
