#pragma once

#include "io/checkpoint.h"
#include "nn/csr_matrix.h"
#include "nn/model.h"
#include "train/model_builder.h"

#include <functional>
#include <string>
#include <vector>

namespace sl {

// export-compact: a structurally pruned network made physically smaller. A hidden unit whose
// whole weight row is masked outputs a constant, act(bias) (structured pruning holds the bias
// at 0, so act(0)); it is removed with its row and bias, and the inputs it fed in the next
// prunable layer go too — after folding constant * (those weights) into the next layer's bias
// where the constant is not 0 (sigmoid). The result computes the same function.

// One prunable layer as compaction sees it, input first; the last one gives the logits.
struct UnitLayer {
    std::string name;  // "dense2", "conv1": for messages
    Tensor weight;     // (units, fan_in): the effective weight W ⊙ M
    Tensor bias;       // (units, 1)
    Tensor mask;       // (units, fan_in): a row of zeros marks a removed unit
    // What follows the layer up to the next prunable one, applied to one value: the activation
    // (identity when none). Max-pooling a constant map gives the constant, so pooling is left out.
    std::function<float(float)> activation;
    // A zero-padded convolution: a constant input channel is not constant at its borders, so
    // a non-zero constant cannot be folded into its bias exactly.
    bool zeroPadded = false;
    // A layer stored as CSR only (born sparse, too large for rows × cols): weight and mask
    // stay empty and csr is the effective weight, every stored entry active. Its rows and
    // columns are removed in the CSR; such layers sit in MLPs only (one input per unit).
    bool sparseOnly = false;
    CsrMatrix csr;
    int units() const { return sparseOnly ? csr.rows : static_cast<int>(weight.rows()); }
};

// Per prunable layer: units before and after, and parameters (weights + biases).
struct CompactLayerReport {
    std::string name;
    int unitsBefore = 0;
    int unitsAfter = 0;
    long long parametersBefore = 0;
    long long parametersAfter = 0;
};

// Removes from `layers` (in place) every unit of a hidden layer whose mask row is all zero,
// and the matching inputs of the next layer: fan_in / units consecutive columns per unit —
// 1 for Dense after Dense, k*k for a Conv2d after a Conv2d, the pooled h*w block for a Dense
// after a Conv2d, as a row's (c, ky, kx) and a column's c*h*w + y*w + x order put a unit's
// inputs side by side. Masks come out all ones. Throws ShapeError naming the layer where a
// removal cannot be exact (a non-zero constant into a padded conv) or where every unit of a
// layer is gone.
std::vector<CompactLayerReport> compactUnits(std::vector<UnitLayer>& layers);

// The checkpoint's model with its stored weights (W ⊙ M) and biases, ready to evaluate.
Model modelFromCheckpoint(const Checkpoint& checkpoint, const ModelInput& input);

struct CompactCheckpoint {
    Checkpoint checkpoint;
    std::vector<CompactLayerReport> layers;
};

// The compact checkpoint of a run: config model.hidden / model.conv_channels shrunk,
// sparsity.method "dense" with all-ones masks (pruned weights stay exactly zero in the
// weights, so the function is unchanged; no mask is left to enforce) — except when a layer is
// stored as CSR only: a dense method would then build rows × cols, so the run becomes
// sparsity.method "static" (same target and distribution; each layer stored as CSR only or
// dense as the new shapes build it, the CSR keeping its structure), optimizer state dropped
// (a resumed run restarts momentum), mask-update events dropped (their indices name weights of
// the old shapes), tracker figures restarted; metric history, step and generator state kept.
// Supports model.kind mlp and cnn; throws ConfigError for others and ShapeError as above.
CompactCheckpoint compactCheckpoint(const Checkpoint& checkpoint, const ModelInput& input);

// The largest |logit difference| between two models over the examples (columns) of x, in
// batches: how export-compact shows that the small model computes the same function.
float maxOutputDifference(Model& a, Model& b, const Activations& x, int batchSize = 1000);

}  // namespace sl
