#include "command_bench.h"

#include "compare_backends.h"

#include "train/trainer.h"
#include "util/blas.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

namespace sl::cli {
namespace {

struct BenchOptions {
    int threads = 2;
    double seconds = 3.0;
    int batch = 128;
    bool compareBackends = false;
    CompareOptions compare;
};

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// C(m,n) = A(m,k) B(k,n), repeated for about `seconds`; returns GFLOP/s.
nlohmann::json benchGemm(int m, int n, int k, double seconds) {
    Rng rng(1);
    Eigen::MatrixXf a(m, k), b(k, n), c(m, n);
    for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = rng.normal();
    for (Eigen::Index i = 0; i < b.size(); ++i) b.data()[i] = rng.normal();
    c.noalias() = a * b;  // warm-up: thread start and page faults stay out of the timing
    long long reps = 0;
    const auto start = Clock::now();
    do {
        c.noalias() = a * b;
        ++reps;
    } while (secondsSince(start) < seconds);
    const double elapsed = secondsSince(start);
    const double flops = 2.0 * m * n * double(k) * double(reps);
    return {{"m", m}, {"n", n}, {"k", k}, {"repetitions", reps}, {"gflops", flops / elapsed / 1e9}};
}

// The real step loop (batching, forward, loss, backward, SGD with momentum) on random data of
// Fashion-MNIST's shape, so the figure does not depend on the data being installed.
nlohmann::json benchMlp(const BenchOptions& options) {
    RunConfig config;
    config.model.hidden = {300, 100};
    config.optimizer.lr = 0.01f;
    config.lrSchedule.name = "constant";
    config.train.batchSize = options.batch;
    config.train.epochs = 100000;
    config.train.logEvery = 1000000;

    Trainer trainer(config, randomBenchData(options.batch * 64));
    trainer.run(50);  // warm-up
    long long steps = 0;
    const auto start = Clock::now();
    do {
        steps += trainer.run(50);
    } while (secondsSince(start) < options.seconds);
    const double elapsed = secondsSince(start);
    return {{"layers", {784, 300, 100, 10}},
            {"batch", options.batch},
            {"optimizer", "sgd momentum 0.9"},
            {"steps", steps},
            {"seconds", elapsed},
            {"steps_per_second", double(steps) / elapsed}};
}

int runBench(const BenchOptions& options) {
    setBlasThreads(options.threads);
    nlohmann::json out;
    out["cores"] = std::thread::hardware_concurrency();
    out["blas"] = {{"library", blasLibraryPath()},
                   {"config", blasConfig()},
                   {"core", blasCoreName()},
                   {"threads", blasThreads()}};
    const double gemmSeconds = std::max(0.2, options.seconds / 4);
    out["gemm"] = {benchGemm(300, options.batch, 784, gemmSeconds),
                   benchGemm(1024, 1024, 1024, gemmSeconds)};
    if (options.compareBackends) {
        CompareOptions compare = options.compare;
        compare.batch = options.batch;
        compare.seconds = options.seconds;
        out["compare_backends"] = compareBackends(compare);
        // The list the issue asks for, at the top level.
        out["backends"] = out["compare_backends"]["backends"];
        std::cout << out.dump(2) << std::endl;
        return 0;
    }
    out["mlp"] = benchMlp(options);
    std::cout << out.dump(2) << std::endl;
    return 0;
}

}  // namespace

void addBenchCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<BenchOptions>();
    CLI::App* cmd = app.add_subcommand(
        "bench", "Print JSON: loaded BLAS, GEMM GFLOP/s and reference-MLP training steps/s");
    cmd->add_option("--threads,-t", options->threads, "BLAS threads (0 = one per core)")
        ->check(CLI::Range(0, 256));
    cmd->add_option("--seconds", options->seconds, "How long to time the training loop")
        ->check(CLI::Range(0.1, 600.0));
    cmd->add_option("--batch", options->batch, "Batch size")->check(CLI::Range(1, 65536));
    cmd->add_flag("--compare-backends", options->compareBackends,
                  "Time the dense and the sparse backend (RigL, uniform) at each --sparsity");
    cmd->add_option("--sparsity", options->compare.sparsities,
                    "With --compare-backends: sparsities to time, e.g. 0.5,0.9,0.98")
        ->delimiter(',')
        ->check(CLI::Range(0.0, 0.9999));
    cmd->add_option("--hidden", options->compare.hidden,
                    "With --compare-backends: hidden widths, e.g. 300,100 or 4096,4096")
        ->delimiter(',')
        ->check(CLI::Range(1, 65536));
    cmd->add_option("--rounds", options->compare.rounds,
                    "With --compare-backends: alternating rounds per backend; the best counts")
        ->check(CLI::Range(1, 100));
    cmd->callback([options, &exitCode] { exitCode = runBench(*options); });
}

}  // namespace sl::cli
