#pragma once

#include "nn/csr_matrix.h"
#include "nn/tensor.h"
#include "sparsity/mask_event.h"
#include "sparsity/sparsity_tracker.h"
#include "train/metrics.h"
#include "util/rng.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sl {

// Everything a Trainer holds that its config and data do not determine: what a checkpoint
// stores so that a resumed run continues bit for bit as if it had never stopped. The rest (the
// model's shape, layer modes, schedules, the live ΔT, α and learning rate) comes back by
// building the Trainer from the saved config, which the Trainer keeps up to date.
struct TrainerState {
    struct Layer {
        Tensor weight;  // (out, in): the latent weight for methods that keep one
        Tensor bias;    // (out, 1)
        Tensor mask;    // (out, in): 1 active, 0 pruned
        std::vector<std::uint8_t> everActive;  // (out * in), row-major: the tracker's ITOP set
        SparsityTracker::LayerStats stats;
        // For readers of the file only (the method sets it again): weight holds latent values
        // where the mask is 0, and the effective weight is weight ⊙ mask.
        bool latent = false;
        // A layer without a dense view (born sparse, PrunableLayer::hasDenseView): weight,
        // mask and everActive stay empty and its CSR is the whole truth, so nothing of
        // rows × cols is ever held; its optimizer state is per active weight, (nnz, 1) in
        // CSR order.
        bool sparseOnly = false;
        CsrMatrix csr;
    };
    struct NamedTensor {
        std::string name;  // SparsityMethod::state() names, e.g. "scores1"
        Tensor value;
    };
    struct OptimizerTensor {
        std::string param;  // "dense1/weight": the layer and the parameter
        std::string kind;   // "momentum", "m", "v"
        Tensor value;       // the parameter's shape; (nnz, 1) for a sparseOnly layer's weight
    };
    // The Trainer's running sums since the last metric point: a point averages the steps
    // before and after a pause, so they must survive it for the metrics to match bit for bit.
    struct Running {
        double lossSum = 0.0;
        long long correctSum = 0;
        long long exampleSum = 0;
        int stepsSincePoint = 0;
        long long grownSincePoint = 0;
        long long prunedSincePoint = 0;
        double lastLoss = 0.0;
    };

    std::vector<Layer> layers;             // the prunable layers (Dense, Conv2d), input first
    std::vector<NamedTensor> methodState;  // movement scores; empty for most methods
    std::string optimizerName;
    long long optimizerSteps = 0;
    std::vector<OptimizerTensor> optimizer;  // empty before the first step
    Rng::State rng{};
    int batchEpoch = 0;                    // Batcher: epochs begun
    int batchPosition = 0;                 // examples of the epoch already served
    std::vector<std::int32_t> batchOrder;  // this epoch's permutation (empty before step 1)
    long long step = 0;
    double seconds = 0.0;
    MetricHistory history;
    std::vector<MaskUpdateEvent> events;
    std::vector<ParameterChange> changes;
    Running running;
};

}  // namespace sl
