#pragma once

#include "train/model_builder.h"
#include "train/run_config.h"

#include <algorithm>
#include <string>
#include <vector>

namespace sl {

// What a config will allocate once its model is built and trained, from the config and the
// data's shape alone, so that a run that cannot fit is refused before anything is spent
// (today `model.hidden=[65536,65536]` would start by allocating 17 GB for one weight).
// The figures follow what the engine really keeps, per storage backend:
//   dense layer            weight, mask, gradient (3 × 4 B per weight), the tracker's
//                          ever-active byte, optimizer state per weight (SGD 4 B, Adam 8 B);
//   sparse, dense view     the same dense arrays (the view is synced on demand), plus the
//                          CSR: column index, value, gradient, transposed index (20 B per
//                          active weight) and optimizer state per active weight;
//   sparse, no dense view  (above kDenseViewLimit weights) the CSR and its optimizer state
//                          only, plus a mask update's scratch (16 B per active weight).
// Activations count every layer's output and its gradient for a training batch, the
// evaluation pass (1000 examples at a time) and each sparse layer's batch-major copies;
// convolutions add their im2col columns. The data set itself is loaded before the check and
// is already out of MemAvailable.
struct MemoryEstimate {
    struct Layer {
        std::string name;  // "dense1", "conv2"
        long long rows = 0;
        long long cols = 0;
        long long active = 0;  // weights active when the run starts
        bool sparse = false;
        bool denseView = true;  // a rows × cols dense weight, mask and gradient are kept
        long long bytes = 0;    // weights, masks, gradients, optimizer state of this layer
    };
    std::vector<Layer> layers;
    long long weights = 0;      // parameters, masks, gradients, tracker bytes
    long long optimizer = 0;    // momentum or Adam's moments
    long long activations = 0;  // a training batch's outputs and their gradients
    long long evaluation = 0;   // what an evaluation pass adds on top of training
    long long im2col = 0;       // convolutions' column buffers
    // Transient, never at the same time: drawing the first masks on dense views, and a mask
    // update's scratch on layers without one.
    long long transientStart = 0;
    long long transientUpdate = 0;
    long long transient() const { return std::max(transientStart, transientUpdate); }
    long long total() const {
        return weights + optimizer + activations + evaluation + im2col + transient();
    }
};

// Rows × cols above which a sparse layer keeps no dense view, mask or gradient at all (the
// model is built from CSR directly): 2^24 weights, 218 MB of dense view, and every flat
// index of a layer at or below it fits the int32 lists of mask events. Below it the dense
// view stays, so small runs keep their exact dense/sparse equivalence.
constexpr long long kDenseViewLimit = 1LL << 24;

// Whether a prunable layer is built on the sparse backend with no dense view at all: a sparse
// layer above kDenseViewLimit weights, sparser than the break-even from its start (its random
// structure is then drawn without a dense array), in an mlp, under a distribution that does
// not rank every |w| (global does). The builder and the estimate both ask this.
bool bornSparse(const RunConfig& config, bool sparse, long long weights, long long active);

// The evaluation batch of Trainer::evaluateTest().
constexpr int kEvaluationBatch = 1000;

// Throws ConfigError for shapes that cannot be built (the builder's own messages).
MemoryEstimate estimateMemory(const RunConfig& config, const ModelInput& input,
                              int testExamples = kEvaluationBatch);

// The bytes this process may still use: SPARSELAB_MEMORY_LIMIT_MB when set (tests, shared
// machines), else MemAvailable of /proc/meminfo; -1 when neither can be read (no check).
long long availableMemoryBytes();

// "" when the estimate fits in `available` bytes, else the refusal: how much is needed, of
// what, and which keys to change.
std::string memoryRefusal(const MemoryEstimate& estimate, long long available,
                          const RunConfig& config);

// Estimates and throws ConfigError with memoryRefusal() when the run would not fit.
void checkMemory(const RunConfig& config, const ModelInput& input, int testExamples);

// "1.23 GB", "512 MB", "12 KB": decimal units, 3 significant digits.
std::string formatBytes(long long bytes);

}  // namespace sl
