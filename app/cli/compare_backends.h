#pragma once

#include "data/dataset.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace sl::cli {

struct CompareOptions {
    std::vector<double> sparsities{0.5, 0.8, 0.9, 0.95, 0.98, 0.99};
    std::vector<int> hidden{300, 100};
    int batch = 128;
    double seconds = 2.0;  // at least, per backend and sparsity (and at least ΔT steps)
    int rounds = 2;        // dense and sparse alternate; the best round of each counts
};

// `bench --compare-backends`: the reference MLP (784-hidden-10, SGD momentum, RigL ΔT 100,
// every layer at the given sparsity, uniform) timed on the dense and the sparse backend in
// the same process, with batch-1 inference of each, and the break-even sparsity.
nlohmann::json compareBackends(const CompareOptions& options);

// Random data of Fashion-MNIST's shape (784 features, 10 classes, `count` training examples,
// a one-example test set whose evaluations cost nothing measurable): a benchmark's figure
// must not depend on the data installed.
TrainTestSplit randomBenchData(int count);

}  // namespace sl::cli
