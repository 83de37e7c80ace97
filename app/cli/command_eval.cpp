#include "command_eval.h"

#include "io/checkpoint.h"
#include "train/model_builder.h"
#include "train/model_kind.h"
#include "train/text_metrics.h"
#include "util/blas.h"

#include <cstdio>
#include <memory>
#include <string>

namespace sl::cli {

void addEvalCommand(CLI::App& app, int& exitCode) {
    auto path = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("eval", "Print the test accuracy of a checkpoint's model");
    cmd->add_option("checkpoint", *path, "The checkpoint file (.h5)")->required();
    cmd->callback([path, &exitCode] {
        auto trainer = loadCheckpoint(*path);
        setBlasThreads(trainer->config().threads);
        if (isLanguageModel(trainer->config())) {
            // Sets up the weights evaluation uses (the method's, the quantizer's) as it measures.
            trainer->evaluateTest();
            const TextEvaluation text = evaluateText(trainer->model(), trainer->data().test);
            std::printf("held-out %.4f bits per character (perplexity %.3f) over %lld characters "
                        "of %s; last character of each window %.4f bpc — step %lld of %lld\n",
                        text.bitsPerCharacter(), text.perplexity(), text.characters,
                        trainer->config().data.name.c_str(), text.lastBitsPerCharacter(),
                        trainer->step(), trainer->totalSteps());
            exitCode = 0;
            return;
        }
        const Evaluation test = trainer->evaluateTest();
        std::printf("test accuracy %.2f%% (loss %.4f) on %d examples of %s — step %lld of %lld\n",
                    100.0 * test.accuracy, test.loss, test.count,
                    trainer->config().data.name.c_str(), trainer->step(), trainer->totalSteps());
        // The model was rebuilt from the saved config, so sparse layers evaluate on the CSR.
        std::string backends;
        for (const auto& b : layerBackends(trainer->prunableLayers()))
            backends += (backends.empty() ? "" : ", ") + b;
        std::printf("backend per prunable layer: %s\n", backends.c_str());
        exitCode = 0;
    });
}

}  // namespace sl::cli
