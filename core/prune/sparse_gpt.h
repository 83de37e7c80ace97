#pragma once

#include "nn/tensor.h"
#include "prune/one_shot_settings.h"

#include <Eigen/Core>
#include <string>

namespace sl {

// SparseGPT (Frantar & Alistarh 2023, "SparseGPT: Massive Language Models Can Be Accurately
// Pruned in One-Shot"): prunes a layer column by column with the optimal-brain-surgeon update
// of the row's remaining weights, using the upper Cholesky factor U of (XᵀX + λI)⁻¹ for every
// row at once. Columns go in blocks (settings.blockSize) whose updates to the later columns
// are applied lazily, once per block; the mask is chosen per block and row (lowest w²/U_jj²)
// or, for N:M, per group of m columns just before the group is processed.
struct SparseGptResult {
    Tensor weight;  // (out, in): the updated weight, exactly zero where mask is 0
    Tensor mask;    // (out, in)
};

// weight: (out, in); gram: XᵀX (in, in) of the calibration inputs X (samples, in). Inputs that
// are always zero (gram_jj = 0) carry no information: their weights are pruned first.
// Throws Error naming `layer` when the damped matrix is not positive definite (NaN inputs).
SparseGptResult sparseGpt(const Tensor& weight, const Eigen::MatrixXd& gram,
                          const OneShotSettings& settings, const std::string& layer);

}  // namespace sl
