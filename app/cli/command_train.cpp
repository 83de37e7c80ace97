#include "command_train.h"

#include "distributed.h"
#include "io/atomic_file.h"
#include "io/checkpoint.h"
#include "io/checkpoint_series.h"
#include "io/csv_export.h"
#include "io/init_from.h"
#include "io/json_config.h"
#include "progress_printer.h"
#include "time_to_loss.h"
#include "train/model_kind.h"
#include "train/run_setup.h"
#include "train/run_summary.h"
#include "train/text_metrics.h"
#include "util/blas.h"
#include "util/error.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace sl::cli {
namespace {

struct TrainOptions {
    std::string config;
    std::vector<std::string> sets;
    std::string csv;
    std::string summary;
    std::string events;
    std::string spikes;
    bool quiet = false;
    std::string resume;
    std::string initFrom;
    std::string checkpointDir;
    long long checkpointEvery = 0;
    int checkpointKeep = 3;
    double timeToBpc = 0.0;  // 0: not measured
};

std::atomic<bool> g_interrupted{false};

// Ctrl+C ends the run after the current step, and what was learnt so far is still written.
class InterruptibleProgress : public ProgressPrinter {
public:
    using ProgressPrinter::ProgressPrinter;
    bool onStep(long long step, double loss) override {
        return ProgressPrinter::onStep(step, loss) && !g_interrupted.load();
    }
};

// A gpt run: bits per character (log2 of the probability the model gave the true next
// character, averaged) and perplexity, on the held-out tail of the text.
void printLanguageModelSummary(const nlohmann::json& lm) {
    std::printf("held-out %.4f bits per character (perplexity %.3f) over %lld characters; "
                "last character of each window %.4f bpc\n",
                lm["held_out_bits_per_character"].get<double>(),
                lm["held_out_perplexity"].get<double>(), lm["held_out_characters"].get<long long>(),
                lm["held_out_last_character_bits"].get<double>());
    std::printf("training %.0f characters/s\n", lm["training_characters_per_second"].get<double>());
}

void printSummary(const nlohmann::json& s) {
    auto percent = [](const nlohmann::json& v) {
        char text[32] = "-";
        if (!v.is_null()) std::snprintf(text, sizeof text, "%.2f%%", 100.0 * v.get<double>());
        return std::string(text);
    };
    std::printf("steps %lld in %.1f s (%.0f steps/s)\n", s["steps"].get<long long>(),
                s["training_seconds"].get<double>(), s["steps_per_second"].get<double>());
    std::printf("final test accuracy %s, train loss %.4f\n",
                percent(s["final_test_accuracy"]).c_str(),
                s["final_train_loss"].is_null() ? NAN : s["final_train_loss"].get<double>());
    if (!s["final_validation_accuracy"].is_null())
        std::printf("final validation accuracy %s (best %s) on %d held-out examples\n",
                    percent(s["final_validation_accuracy"]).c_str(),
                    percent(s["best_validation_accuracy"]).c_str(),
                    s["validation_examples"].get<int>());
    std::printf("method %s: overall sparsity %.2f%%, %lld weights regrown, ITOP rate %.3f\n",
                s["sparsity_method"].get<std::string>().c_str(),
                100.0 * s["overall_sparsity"].get<double>(), s["total_grown"].get<long long>(),
                s["itop"].get<double>());
    std::printf("%-8s %10s %11s %10s %9s %6s %9s\n", "layer", "shape", "parameters", "active",
                "sparsity", "ITOP", "churn");
    for (const auto& l : s["layers"]) {
        const std::string shape = std::to_string(l["shape"][0].get<int>()) + "x" +
                                  std::to_string(l["shape"][1].get<int>());
        const std::string churn = std::to_string(l["last_pruned"].get<int>()) + "/" +
                                  std::to_string(l["last_grown"].get<int>());
        std::printf("%-8s %10s %11lld %10lld %8.2f%% %6.3f %9s\n",
                    l["name"].get<std::string>().c_str(), shape.c_str(),
                    l["parameters"].get<long long>(), l["active"].get<long long>(),
                    100.0 * l["sparsity"].get<double>(), l["itop"].get<double>(), churn.c_str());
    }
}

// A resumed run continues the run in its checkpoint: its config is the stored one, and only
// how long it runs may change. A --set of any other key is accepted when it asks for the value
// the checkpoint already has (a script that always passes its settings still resumes).
std::unique_ptr<Trainer> resumeFrom(const TrainOptions& options) {
    const Checkpoint checkpoint = readCheckpoint(options.resume);
    const nlohmann::json stored = toJson(checkpoint.config);
    nlohmann::json json = stored;
    for (const auto& set : options.sets) applySet(json, set);
    RunConfig config;
    try {
        config = fromJson(json);
    } catch (const ConfigError& e) {
        throw ConfigError(std::string("--set: ") + e.what());
    }
    // Compared after a round trip through the config, so 0.05 and 5e-2 are the same value.
    const nlohmann::json asked = toJson(config);
    for (const auto& set : options.sets) {
        const std::string key = set.substr(0, set.find('='));
        if (resumeMayChange(key)) continue;
        std::string pointer = "/" + key;
        std::replace(pointer.begin(), pointer.end(), '.', '/');
        const nlohmann::json::json_pointer at(pointer);
        if (asked.at(at) != stored.at(at))
            throw ConfigError("--set " + set + ": " + options.resume + " stores " + key + " = " +
                              stored.at(at).dump() +
                              "; a resumed run keeps the config stored "
                              "in it — only train.epochs and train.max_steps may change");
    }
    setBlasThreads(config.threads);
    auto trainer = resumeTrainer(checkpoint, config, loadRunData(config));
    if (!options.quiet)
        std::printf("resumed %s at step %lld of %lld\n", options.resume.c_str(), trainer->step(),
                    trainer->totalSteps());
    return trainer;
}

// Trains to the end in chunks that stop at every multiple of checkpointEvery, where a save
// sees the state between two steps, the only place a resumed run can continue exactly from.
// Returns the last checkpoint written, if any.
std::string trainWithCheckpoints(Trainer& trainer, const TrainOptions& options,
                                 TrainObserver& progress) {
    // Rank 0 alone writes; every rank stops at the same steps all the same.
    std::optional<CheckpointSeries> series;
    if (!options.checkpointDir.empty() && isRootRank())
        series.emplace(options.checkpointDir, options.checkpointKeep);
    const long long every = options.checkpointDir.empty() ? 0 : options.checkpointEvery;
    long long lastSaved = -1;
    std::string path;
    while (!trainer.finished() && !g_interrupted) {
        const long long left = trainer.totalSteps() - trainer.step();
        const long long chunk = every > 0 ? std::min(left, every - trainer.step() % every) : left;
        if (trainer.run(chunk, &progress) == 0) break;
        if (series && every > 0 && trainer.step() % every == 0) {
            path = series->save(trainer);
            lastSaved = trainer.step();
        }
    }
    // The end of the run, or where Ctrl+C stopped it: resumable either way.
    if (series && lastSaved != trainer.step()) path = series->save(trainer);
    return path;
}

int runTrain(const TrainOptions& options) {
    const auto wallStart = std::chrono::steady_clock::now();
    std::unique_ptr<Trainer> trainer;
    if (!options.resume.empty()) {
        trainer = resumeFrom(options);
    } else {
        const RunConfig config = loadRunConfig(options.config, options.sets);
        setBlasThreads(config.threads);
        if (options.initFrom.empty()) {
            trainer = std::make_unique<Trainer>(config, loadRunData(config));
        } else {
            // A config that builds other shapes than the checkpoint's is a usage error.
            try {
                trainer = trainerFromCheckpoint(options.initFrom, config, loadRunData(config));
            } catch (const ShapeError& e) {
                throw ConfigError(std::string("--init-from ") + e.what());
            }
            if (!options.quiet)
                std::printf("starting from the weights of %s\n", options.initFrom.c_str());
        }
    }

    // Under mpirun: this rank's shard of every batch (a single process: the whole batch).
    trainer->setCommunicator(&world());
    if (world().size() > 1 && !options.quiet)
        std::printf("data parallel on %d ranks: %d examples of every batch of %d on each\n",
                    world().size(),
                    (trainer->config().train.batchSize + world().size() - 1) / world().size(),
                    trainer->config().train.batchSize);

    const bool languageModel = isLanguageModel(trainer->config());
    if (options.timeToBpc > 0 && !languageModel)
        throw ConfigError("--time-to-bpc: expected a gpt run (model.kind gpt), got model.kind " +
                          trainer->config().model.kind);
    g_interrupted = false;
    auto previous = std::signal(SIGINT, [](int) { g_interrupted = true; });
    std::string lastCheckpoint;
    nlohmann::json timeToBpc;
    {
        InterruptibleProgress progress(*trainer, options.quiet);
        std::optional<TimeToLoss> timer;
        if (options.timeToBpc > 0) timer.emplace(progress, *trainer, options.timeToBpc);
        TrainObserver& observer = timer ? static_cast<TrainObserver&>(*timer) : progress;
        lastCheckpoint = trainWithCheckpoints(*trainer, options, observer);
        if (timer) timeToBpc = timer->result();
    }
    std::signal(SIGINT, previous);
    if (!lastCheckpoint.empty() && !options.quiet)
        std::printf("checkpoint %s\n", lastCheckpoint.c_str());

    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    nlohmann::json summary = runSummary(*trainer, wall);
    printSummary(summary);
    if (world().size() > 1) {
        const auto& x = summary["exchange"];
        std::printf("exchange on %d ranks: %.0f bytes sent per step by rank 0, communication "
                    "%.2f s, compute %.2f s (%lld sparse, %lld dense exchanges)\n",
                    x["ranks"].get<int>(), x["bytes_sent_per_step"].get<double>(),
                    x["communication_seconds"].get<double>(), x["compute_seconds"].get<double>(),
                    x["sparse_exchanges"].get<long long>(), x["dense_exchanges"].get<long long>());
    }
    if (languageModel) {
        summary["language_model"] = languageModelSummary(*trainer);
        printLanguageModelSummary(summary["language_model"]);
    }
    if (!timeToBpc.is_null()) {
        summary["language_model"]["time_to_bpc"] = timeToBpc;
        if (timeToBpc["reached"].get<bool>())
            std::printf("reached %.3f bpc at step %lld: %.1f CPU s, %.1f s of training\n",
                        timeToBpc["target_bits_per_character"].get<double>(),
                        timeToBpc["step"].get<long long>(), timeToBpc["cpu_seconds"].get<double>(),
                        timeToBpc["wall_seconds"].get<double>());
        else
            std::printf("did not reach %.3f bpc (%.1f CPU s of training)\n",
                        timeToBpc["target_bits_per_character"].get<double>(),
                        timeToBpc["training_cpu_seconds"].get<double>());
    }
    if (!isRootRank()) return 0;
    if (!options.csv.empty()) {
        if (languageModel) writeFileAtomically(options.csv, languageModelCsv(trainer->history()));
        else writeMetricsCsv(options.csv, trainer->history());
    }
    if (!options.summary.empty()) writeJsonFile(options.summary, summary);
    if (!options.events.empty())
        writeMaskEventsCsv(options.events, trainer->maskEvents(),
                           prunableLayerNames(trainer->prunableLayers()));
    if (!options.spikes.empty())
        writeFileAtomically(options.spikes, lossSpikesCsv(trainer->lossSpikes()));
    if (g_interrupted) {
        std::fprintf(stderr, "interrupted at step %lld of %lld\n", trainer->step(),
                     trainer->totalSteps());
        return 1;
    }
    return 0;
}

}  // namespace

void addTrainCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<TrainOptions>();
    CLI::App* cmd = app.add_subcommand("train", "Train one run and print its progress and summary");
    CLI::Option* config = cmd->add_option("--config,-c", options->config,
                                          "JSON run config (default: the default lesson)")
                              ->check(CLI::ExistingFile);
    cmd->add_option("--set,-s", options->sets,
                    "Override a config key, e.g. --set optimizer.lr=0.1 (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--csv", options->csv, "Write the metric history to this CSV file");
    cmd->add_option("--summary", options->summary, "Write the final figures to this JSON file");
    cmd->add_option("--events", options->events,
                    "Write one CSV row per mask change (step, layer, pruned, grown)");
    cmd->add_option("--spikes", options->spikes,
                    "Write one CSV row per loss spike after a mask update (step, loss, recent "
                    "level, weights entered, their mean |w|, the kept ones' mean |w|)");
    cmd->add_flag("--quiet,-q", options->quiet, "Print only the final summary");
    cmd->add_option("--resume", options->resume,
                    "Continue the run saved in this checkpoint to its end, with its stored config "
                    "(--set may change only train.epochs and train.max_steps)")
        ->excludes(config);
    cmd->add_option("--init-from", options->initFrom,
                    "Start a new run (its own config, method and schedule) from the weights and "
                    "masks of this checkpoint, e.g. to prune while fine-tuning; the config must "
                    "build the same layer shapes")
        ->check(CLI::ExistingFile)
        ->excludes("--resume");
    CLI::Option* dir = cmd->add_option(
        "--checkpoint-dir", options->checkpointDir,
        "Save checkpoints in this folder, named by step (step-00000469.h5), and one at the end");
    cmd->add_option("--checkpoint-every", options->checkpointEvery,
                    "Save a checkpoint every this many steps (0 = only at the end)")
        ->check(CLI::Range(0LL, 1000000000000LL))
        ->needs(dir);
    cmd->add_option("--checkpoint-keep", options->checkpointKeep,
                    "How many of the newest periodic checkpoints to keep (default 3)")
        ->check(CLI::Range(1, 1000000))
        ->needs(dir);
    cmd->add_option(
           "--time-to-bpc", options->timeToBpc,
           "gpt runs: report the steps, characters and CPU seconds of training (evaluations "
           "left out) until the held-out bits per character first reach this value")
        ->check(CLI::Range(0.0, 1000.0));
    cmd->callback([options, &exitCode] { exitCode = runTrain(*options); });
}

}  // namespace sl::cli
