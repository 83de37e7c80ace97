#include "command_lottery.h"

#include "io/atomic_file.h"
#include "io/checkpoint.h"
#include "io/json_config.h"
#include "train/lottery.h"
#include "train/run_setup.h"
#include "util/blas.h"
#include "util/error.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

namespace sl::cli {
namespace {

struct LotteryOptions {
    std::string config;
    std::vector<std::string> sets;
    int rounds = 5;
    double prune = 0.2;
    std::string scope = "global";
    long long rewindStep = 0;
    std::string control = "none";
    std::string csv;
    std::string outDir;
    bool quiet = false;
};

std::atomic<LotteryDriver*> g_driver{nullptr};

// "round-03.h5" for the ticket of round 3, "reinit-03.h5" for its control.
std::string checkpointName(const LotteryRound& r) {
    char name[32];
    std::snprintf(name, sizeof name, "%s-%02d.h5", r.control ? "reinit" : "round", r.round);
    return name;
}

void writeCsv(const std::string& path, const std::vector<LotteryRound>& rounds) {
    std::ofstream out(path);
    if (!out) throw Error(path + ": cannot write the rounds CSV");
    out << "round,kind,sparsity,active,total,test_accuracy\n";
    char line[160];
    for (const auto& r : rounds) {
        std::snprintf(line, sizeof line, "%d,%s,%.6f,%lld,%lld,%.6f\n", r.round,
                      r.round == 0 ? "dense" : (r.control ? "reinit" : "ticket"), r.sparsity,
                      r.active, r.total, r.testAccuracy);
        out << line;
    }
    if (!out.flush()) throw Error(path + ": cannot write the rounds CSV");
}

int runLottery(const LotteryOptions& options) {
    LotterySettings settings;
    settings.rounds = options.rounds;
    settings.pruneFraction = options.prune;
    settings.scope = parseLotteryScope(options.scope);
    settings.rewindStep = options.rewindStep;
    settings.control = parseLotteryControl(options.control);
    const RunConfig config = loadRunConfig(options.config, options.sets);
    setBlasThreads(config.threads);
    if (!options.outDir.empty()) {
        std::error_code error;
        std::filesystem::create_directories(options.outDir, error);
        if (error) throw Error(options.outDir + ": cannot create the folder: " + error.message());
    }
    LotteryDriver driver(config, loadRunData(config), settings);

    // The rounds' lines come as each finishes; a control prints beside its ticket's line.
    driver.onRoundFinished = [&options](const LotteryRound& r, Trainer& trainer) {
        if (r.control)
            std::printf("   reinit control: test accuracy %.2f%%\n", 100.0 * r.testAccuracy);
        else
            std::printf("round %2d  sparsity %7.3f%%  active %9lld of %lld  test accuracy %.2f%%\n",
                        r.round, 100.0 * r.sparsity, r.active, r.total, 100.0 * r.testAccuracy);
        if (!options.outDir.empty()) {
            const std::string path =
                (std::filesystem::path(options.outDir) / checkpointName(r)).string();
            saveCheckpoint(trainer, path);
            if (!options.quiet) std::printf("   checkpoint %s\n", path.c_str());
        }
        std::fflush(stdout);
    };
    // A progress line only where someone watches it: not in logs.
    if (!options.quiet && isatty(fileno(stderr)))
        driver.onProgress = [](const LotteryProgress& p) {
            std::fprintf(stderr, "\r%s %d: step %lld of %lld   ", p.control ? "reinit" : "round",
                         p.round, p.step, p.totalSteps);
            if (p.step == p.totalSteps) std::fprintf(stderr, "\r%40s\r", "");
        };

    std::printf("lottery: %d rounds, p = %g of the remaining weights per round, %s scope, rewind "
                "to step %lld, control %s\n",
                settings.rounds, settings.pruneFraction, toString(settings.scope),
                settings.rewindStep, toString(settings.control));
    g_driver = &driver;
    auto previous = std::signal(SIGINT, [](int) {
        if (LotteryDriver* d = g_driver.load()) d->requestStop();
    });
    std::vector<LotteryRound> rounds;
    try {
        rounds = driver.run();
    } catch (...) {
        std::signal(SIGINT, previous);
        g_driver = nullptr;
        throw;
    }
    std::signal(SIGINT, previous);
    g_driver = nullptr;
    if (!options.csv.empty()) writeCsv(options.csv, rounds);
    if (driver.stopped()) {
        std::fprintf(stderr, "interrupted after %zu finished runs\n", rounds.size());
        return 1;
    }
    return 0;
}

}  // namespace

void addLotteryCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<LotteryOptions>();
    CLI::App* cmd = app.add_subcommand(
        "lottery", "Lottery tickets: iterative magnitude pruning with rewinding, one run per "
                   "round, with an optional random-reinit control");
    cmd->add_option("--config,-c", options->config, "JSON run config (default: the default lesson)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--set,-s", options->sets,
                    "Override a config key, e.g. --set train.epochs=3 (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--rounds", options->rounds, "Pruning rounds after the dense round (1-100)")
        ->check(CLI::Range(1, 100));
    cmd->add_option("--prune", options->prune,
                    "Share of the remaining weights pruned per round, in (0, 1); after round r "
                    "the sparsity is 1-(1-p)^r")
        ->check(CLI::Range(1e-9, 1.0 - 1e-9));
    cmd->add_option("--scope", options->scope,
                    "global: one |w| ranking over all layers; layer: each layer pruned by p")
        ->check(CLI::IsMember({"global", "layer"}));
    cmd->add_option("--rewind-step", options->rewindStep,
                    "Step k each round restarts from (0 = the initial weights)")
        ->check(CLI::Range(0LL, 1000000000000LL));
    cmd->add_option("--control", options->control,
                    "reinit: also train each round's mask from a fresh random initialisation")
        ->check(CLI::IsMember({"none", "reinit"}));
    cmd->add_option("--csv", options->csv, "Write one row per round to this CSV file");
    cmd->add_option("--out-dir", options->outDir,
                    "Save one checkpoint per round here (round-00.h5 dense, round-01.h5, "
                    "reinit-01.h5, ...)");
    cmd->add_flag("--quiet,-q", options->quiet, "No progress line");
    cmd->callback([options, &exitCode] { exitCode = runLottery(*options); });
}

}  // namespace sl::cli
