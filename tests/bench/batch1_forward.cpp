// Single-example forwards of the reference MLP (784-300-100-10), for profiling the batch-1
// inference path under callgrind:
//   bench_batch1 <dense|sparse|sparse-csr|sparse-rows> <sparsity> <calls> [random|fashion]
//   [threads]
// trains 100 RigL steps (uniform, batch 128) on random pixels or on Fashion-MNIST, then runs
// <calls> forwards of one example (a random one, or the first test image) and prints the CPU
// microseconds per forward. sparse: the AVX-512 layout (LaneSlices) where the processor has
// it; sparse-csr: without it (the row or the column form, whichever pays for the input);
// sparse-rows: the row form alone.
// Instructions per forward: run it under
// `valgrind --tool=callgrind --toggle-collect=*forwardLoop*` (perf has no hardware counters
// in this container) and divide the total by <calls>.
#include "data/dataset.h"
#include "nn/sparse_kernels.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/blas.h"
#include "util/rng.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace {

sl::TrainTestSplit randomPixels(int count) {
    sl::TrainTestSplit data;
    sl::Rng rng(7);
    data.train.x.resize(784, count);
    for (Eigen::Index i = 0; i < data.train.x.size(); ++i) data.train.x.data()[i] = rng.uniform();
    data.train.labels.resize(static_cast<std::size_t>(count));
    for (auto& label : data.train.labels) label = static_cast<std::int32_t>(rng.below(10));
    data.train.numClasses = 10;
    data.test.x = data.train.x.leftCols(1);
    data.test.labels = {data.train.labels[0]};
    data.test.numClasses = 10;
    return data;
}

// The timed loop, apart, so that `valgrind --tool=callgrind --toggle-collect=forwardLoop`
// counts the forwards alone.
__attribute__((noinline)) float forwardLoop(sl::Model& model, const sl::Activations& one,
                                            long long calls) {
    float sink = 0.0f;
    for (long long i = 0; i < calls; ++i) sink += model.forward(one)(0, 0);
    return sink;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr,
                     "usage: bench_batch1 <dense|sparse|sparse-csr|sparse-rows> <sparsity> <calls> "
                     "[random|fashion]\n");
        return 2;
    }
    std::string backend = argv[1];
    const std::string input = argc > 4 ? argv[4] : "random";
    const double sparsity = std::atof(argv[2]);
    const long long calls = std::atoll(argv[3]);
    if (backend == "sparse-rows" || backend == "sparse-csr") {
        sl::setLaneSliceInference(false);
        if (backend == "sparse-rows") sl::setColumnInference(false);
        backend = "sparse";
    }
    if ((backend != "dense" && backend != "sparse") || (input != "random" && input != "fashion") ||
        !(sparsity >= 0.0 && sparsity < 1.0) || calls < 0) {
        std::fprintf(
            stderr,
            "bench_batch1: expected dense|sparse, a sparsity in [0, 1), calls >= 0, random|fashion\n");
        return 2;
    }
    sl::setBlasThreads(argc > 5 ? std::atoi(argv[5]) : 2);
    sl::RunConfig c;
    if (input == "fashion") c.data.name = "fashion-mnist";
    c.optimizer.lr = 0.01f;
    c.train.epochs = 1000;
    c.model.hidden = {300, 100};
    c.train.batchSize = 128;
    c.sparsity.method = "rigl";
    c.sparsity.target = static_cast<float>(sparsity);
    c.sparsity.distribution = "uniform";
    c.model.backend = backend;
    sl::Trainer t(c, input == "fashion" ? sl::loadRunData(c) : randomPixels(128 * 8));
    t.run(100);
    const sl::Activations one = t.data().test.x.leftCols(1);
    sl::Model& model = t.model();  // syncs the dense views once, outside the loop
    model.forward(one);
    const std::clock_t start = std::clock();
    const float sink = forwardLoop(model, one, calls);
    const double cpu = double(std::clock() - start) / CLOCKS_PER_SEC;
    std::printf("%s %.2f %s: %.3f us CPU per forward over %lld calls (%g)\n", backend.c_str(),
                sparsity, input.c_str(), calls > 0 ? cpu / double(calls) * 1e6 : 0.0, calls,
                double(sink));
    return 0;
}
