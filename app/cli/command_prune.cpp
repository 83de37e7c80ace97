#include "command_prune.h"

#include "io/checkpoint.h"
#include "prune/one_shot.h"
#include "train/model_kind.h"
#include "train/text_metrics.h"
#include "util/blas.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace sl::cli {
namespace {

struct PruneOptions {
    std::string input;
    std::string output;
    std::string method = "sparsegpt";
    double sparsity = 0.5;
    std::string nm;
    int calibration = 1024;
    CLI::Option* sparsityOption = nullptr;
    CLI::Option* calibrationOption = nullptr;
};

// A gpt's calibration examples are windows of model.context characters, each as many samples
// as characters: 128 windows (SparseGPT calibrates on 128 segments) unless told otherwise.
constexpr int kGptCalibrationWindows = 128;

OneShotSettings settingsFrom(const PruneOptions& o) {
    OneShotSettings s;
    s.method = oneShotMethodFromName(o.method);
    s.sparsity = o.sparsity;
    s.calibration = o.calibration;
    if (!o.nm.empty()) {
        parseNm(o.nm, s.nmN, s.nmM);
        if (o.sparsityOption->count() > 0 && std::abs(o.sparsity - s.targetSparsity()) > 1e-9)
            throw ConfigError("--sparsity " + std::to_string(o.sparsity) + " and --nm " + o.nm +
                              " disagree — N:M prunes " + std::to_string(s.targetSparsity()) +
                              "; give one of them");
    }
    validate(s);
    return s;
}

// Never write over the file being read: a failed write must leave the trained model intact.
void checkOutput(const PruneOptions& o) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool same = fs::exists(o.output, ec)
                          ? fs::equivalent(o.input, o.output, ec)
                          : fs::weakly_canonical(o.input, ec) == fs::weakly_canonical(o.output, ec);
    if (same)
        throw ConfigError("-o " + o.output + " is the input checkpoint — expected a new file; " +
                          "the input is never overwritten");
}

void run(const PruneOptions& o) {
    const OneShotSettings settings = settingsFrom(o);
    checkOutput(o);
    auto trainer = loadCheckpoint(o.input);
    setBlasThreads(trainer->config().threads);
    OneShotSettings s = settings;
    s.seed = trainer->config().seed;
    const bool languageModel = isLanguageModel(trainer->config());
    if (languageModel && o.calibrationOption->count() == 0)
        s.calibration = std::min(kGptCalibrationWindows, trainer->data().train.count());

    const Evaluation before = trainer->evaluateTest();
    TextEvaluation textBefore, textAfter;
    if (languageModel) textBefore = evaluateText(trainer->model(), trainer->data().test);
    const OneShotReport report = pruneTrainer(*trainer, s);
    const Evaluation after = trainer->evaluateTest();
    if (languageModel) textAfter = evaluateText(trainer->model(), trainer->data().test);

    char pattern[64];
    if (s.nm()) std::snprintf(pattern, sizeof pattern, "%d:%d", s.nmN, s.nmM);
    else
        std::snprintf(pattern, sizeof pattern, "%.4g%% per %s", 100.0 * s.sparsity,
                      s.method == OneShotMethod::Magnitude ? "layer" : "row");
    std::printf("%s, %s, on %d calibration examples of %s: %.2f s\n",
                oneShotMethodName(s.method).c_str(), pattern, s.calibration,
                trainer->config().data.name.c_str(), report.seconds);
    std::printf("%-8s %10s %10s %10s %16s\n", "layer", "weights", "pruned", "sparsity",
                "recon. error");
    for (const auto& l : report.layers)
        std::printf("%-8s %10lld %10lld %9.2f%% %16.6f\n", l.name.c_str(), l.weights, l.pruned,
                    100.0 * l.sparsity, l.reconstructionError);
    std::printf("overall sparsity %.2f%%\n", 100.0 * report.sparsity);
    if (languageModel)
        std::printf("held-out bits per character %.4f before, %.4f after (perplexity %.3f, "
                    "%.3f; %lld characters)\n",
                    textBefore.bitsPerCharacter(), textAfter.bitsPerCharacter(),
                    textBefore.perplexity(), textAfter.perplexity(), textAfter.characters);
    else
        std::printf("test accuracy %.2f%% before, %.2f%% after (%d examples)\n",
                    100.0 * before.accuracy, 100.0 * after.accuracy, after.count);

    Checkpoint checkpoint = captureCheckpoint(*trainer);
    checkpoint.config = prunedConfig(checkpoint.config, report.sparsity);
    checkpoint.targetSparsity = report.sparsity;
    writeCheckpoint(checkpoint, o.output);
    std::printf("wrote %s (sparsity.method static: fine-tuning keeps these masks)\n",
                o.output.c_str());
}

}  // namespace

void addPruneCommand(CLI::App& app, int& exitCode) {
    auto o = std::make_shared<PruneOptions>();
    CLI::App* cmd = app.add_subcommand(
        "prune", "One-shot pruning of a trained checkpoint: magnitude, Wanda or SparseGPT");
    cmd->add_option("checkpoint", o->input, "The trained checkpoint (.h5); never changed")
        ->required();
    cmd->add_option("-o,--output", o->output, "Where to write the pruned checkpoint (a new file)")
        ->required();
    cmd->add_option("--method", o->method, "magnitude, wanda or sparsegpt")->capture_default_str();
    o->sparsityOption =
        cmd->add_option("--sparsity", o->sparsity,
                        "Fraction pruned in (0, 1): per layer (magnitude), per row (wanda, "
                        "sparsegpt)")
            ->capture_default_str();
    cmd->add_option("--nm", o->nm, "N:M instead: keep n of every m consecutive inputs, e.g. 2:4");
    o->calibrationOption =
        cmd->add_option("--calibration", o->calibration,
                        "Training examples the layers' inputs are measured on (gpt: windows "
                        "of text, 128 by default)")
            ->capture_default_str();
    cmd->callback([o, &exitCode] {
        run(*o);
        exitCode = 0;
    });
}

}  // namespace sl::cli
