#include "command_export_compact.h"

#include "io/compact_export.h"
#include "train/run_setup.h"
#include "util/blas.h"
#include "util/error.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace sl::cli {
namespace {

std::string fileSize(const std::string& path) {
    std::error_code error;
    const auto bytes = std::filesystem::file_size(path, error);
    if (error) return "?";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f KB", double(bytes) / 1024.0);
    return text;
}

struct Options {
    std::string input;
    std::string output;
};

void run(const Options& o) {
    const Checkpoint original = readCheckpoint(o.input);
    setBlasThreads(original.config.threads);
    // The data gives the image shape a cnn is built for, and the test examples on which the two
    // models are compared.
    const TrainTestSplit data = loadRunData(original.config);
    const ModelInput input{data.train.features(), data.train.numClasses, data.train.imageRows,
                           data.train.imageCols};
    const CompactCheckpoint compact = compactCheckpoint(original, input);

    Model before = modelFromCheckpoint(original, input);
    Model after = modelFromCheckpoint(compact.checkpoint, input);
    // Both models hold a batch's activations of every layer at once: batches of at most
    // 2^24 floats per widest layer (1000 examples up to 16,777 units, 167 at 100,000).
    int widest = 1;
    for (int units : original.config.model.hidden) widest = std::max(widest, units);
    const int batch = std::clamp((1 << 24) / widest, 1, 1000);
    const float difference = maxOutputDifference(before, after, data.test.x, batch);

    writeCheckpoint(compact.checkpoint, o.output);

    std::printf("%-8s %15s %21s\n", "layer", "units", "parameters");
    long long parametersBefore = 0, parametersAfter = 0;
    for (const auto& l : compact.layers) {
        std::printf("%-8s %6d -> %-6d %9lld -> %-9lld\n", l.name.c_str(), l.unitsBefore,
                    l.unitsAfter, l.parametersBefore, l.parametersAfter);
        parametersBefore += l.parametersBefore;
        parametersAfter += l.parametersAfter;
    }
    std::printf("total    %15s %9lld -> %-9lld (%.1f%% of the original)\n", "", parametersBefore,
                parametersAfter,
                parametersBefore ? 100.0 * double(parametersAfter) / double(parametersBefore)
                                 : 0.0);
    std::printf("max |logit difference| on %d test examples: %.3g\n", data.test.count(),
                static_cast<double>(difference));
    std::printf("file     %s (%s) -> %s (%s)\n", o.input.c_str(), fileSize(o.input).c_str(),
                o.output.c_str(), fileSize(o.output).c_str());
}

}  // namespace

void addExportCompactCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "export-compact",
        "Write the physically smaller model of a structurally pruned run: hidden units whose "
        "whole row is masked are removed with the inputs they fed; the result computes the same "
        "function and loads in inspect and eval (method dense)");
    cmd->add_option("checkpoint", options->input, "The checkpoint file (.h5)")->required();
    cmd->add_option("-o,--output", options->output, "The compact checkpoint to write (.h5)")
        ->required();
    cmd->callback([options, &exitCode] {
        std::error_code error;  // a missing file is not the same file; readCheckpoint says so
        if (std::filesystem::equivalent(options->input, options->output, error))
            throw ConfigError("export-compact: -o names the input file — write the compact model "
                              "beside it");
        run(*options);
        exitCode = 0;
    });
}

}  // namespace sl::cli
