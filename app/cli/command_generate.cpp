#include "command_generate.h"

#include "io/checkpoint.h"
#include "train/text_metrics.h"
#include "util/blas.h"
#include "util/error.h"

#include <cstdio>
#include <memory>
#include <string>

namespace sl::cli {
namespace {

struct GenerateOptions {
    std::string checkpoint;
    std::string prompt;
    int length = 200;
    double temperature = 0.8;
    unsigned long long seed = 1;
};

constexpr int kMaxLength = 100000;

void run(const GenerateOptions& o) {
    if (o.length < 1 || o.length > kMaxLength)
        throw ConfigError("--length: got " + std::to_string(o.length) + " — expected 1 to " +
                          std::to_string(kMaxLength));
    if (!(o.temperature >= 0.0 && o.temperature <= 100.0))
        throw ConfigError("--temperature: got " + std::to_string(o.temperature) +
                          " — expected 0 (always the most probable character) to 100");
    auto trainer = loadCheckpoint(o.checkpoint);
    if (trainer->config().model.kind != "gpt")
        throw ConfigError(o.checkpoint + ": model.kind is " + trainer->config().model.kind +
                          " — generate expects a gpt checkpoint");
    setBlasThreads(trainer->config().threads);
    trainer->evaluateTest();  // sets up the weights evaluation uses (method, quantizer)
    Rng rng(o.seed);
    const std::string text = generateText(trainer->model(), trainer->data().train.classNames,
                                          o.prompt, o.length, o.temperature, rng);
    std::printf("%s%s\n", o.prompt.c_str(), text.c_str());
}

}  // namespace

void addGenerateCommand(CLI::App& app, int& exitCode) {
    auto o = std::make_shared<GenerateOptions>();
    CLI::App* cmd =
        app.add_subcommand("generate", "Continue a prompt with a gpt checkpoint's model");
    cmd->add_option("checkpoint", o->checkpoint, "The checkpoint file (.h5)")->required();
    cmd->add_option("--prompt", o->prompt,
                    "Text to continue (UTF-8); characters the model "
                    "never saw are skipped");
    cmd->add_option("--length", o->length, "Characters to generate")->capture_default_str();
    cmd->add_option("--temperature", o->temperature,
                    "Sampling temperature: 0 always takes the most probable character, higher "
                    "is more adventurous")
        ->capture_default_str();
    cmd->add_option("--seed", o->seed, "Seed of the sampling")->capture_default_str();
    cmd->callback([o, &exitCode] {
        run(*o);
        exitCode = 0;
    });
}

}  // namespace sl::cli
