#pragma once

#include <cstdint>
#include <string>

namespace sl {

// One-shot pruning of a trained model: which pruner, how much, and on how many calibration
// examples. Unstructured pruning removes `sparsity` of each layer (magnitude) or of each row
// (wanda, sparsegpt); N:M keeps n of every m consecutive inputs of a row instead.
enum class OneShotMethod { Magnitude, Wanda, SparseGpt };

struct OneShotSettings {
    OneShotMethod method = OneShotMethod::SparseGpt;
    double sparsity = 0.5;  // in (0, 1); ignored when nmM > 0
    int nmN = 0;            // N:M when nmM > 0
    int nmM = 0;
    int calibration = 1024;   // training examples the layers' inputs are measured on
    double dampening = 0.01;  // SparseGPT: λ = dampening · mean(diag(XᵀX))
    int blockSize = 128;      // SparseGPT: columns per lazy batch update
    std::uint64_t seed = 0;   // which calibration examples

    bool nm() const { return nmM > 0; }
    // The fraction of each layer's weights that ends up pruned.
    double targetSparsity() const { return nm() ? 1.0 - double(nmN) / nmM : sparsity; }
};

std::string oneShotMethodName(OneShotMethod method);
// "magnitude", "wanda", "sparsegpt"; ConfigError naming the accepted values otherwise.
OneShotMethod oneShotMethodFromName(const std::string& name);
// "2:4" → n = 2, m = 4; ConfigError unless 0 < n < m.
void parseNm(const std::string& text, int& n, int& m);
// ConfigError listing what is out of range (sparsity, N:M, calibration, λ, block size).
void validate(const OneShotSettings& settings);

}  // namespace sl
