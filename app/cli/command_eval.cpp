#include "command_eval.h"

#include "io/checkpoint.h"
#include "util/blas.h"

#include <cstdio>
#include <memory>

namespace sl::cli {

void addEvalCommand(CLI::App& app, int& exitCode) {
    auto path = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("eval", "Print the test accuracy of a checkpoint's model");
    cmd->add_option("checkpoint", *path, "The checkpoint file (.h5)")->required();
    cmd->callback([path, &exitCode] {
        auto trainer = loadCheckpoint(*path);
        setBlasThreads(trainer->config().threads);
        const Evaluation test = trainer->evaluateTest();
        std::printf("test accuracy %.2f%% (loss %.4f) on %d examples of %s — step %lld of %lld\n",
                    100.0 * test.accuracy, test.loss, test.count,
                    trainer->config().data.name.c_str(), trainer->step(), trainer->totalSteps());
        exitCode = 0;
    });
}

} // namespace sl::cli
