#pragma once

#include "nn/layer.h"
#include "util/rng.h"

#include <cmath>

#include <string>
#include <vector>

namespace sl {

enum class Init { He, Glorot };

// A layer with a weight that sparsity methods prune: Dense and Conv2d. The weight is kept as
// a 2-D row-major matrix with one row per output unit (neuron or filter), so that masks,
// events, heatmaps, checkpoints and the methods treat every prunable layer alike:
//   Dense  (out, in)
//   Conv2d (out_channels, in_channels * kh * kw), a row is one filter in (c, ky, kx) order.
// The effective weight is weight ⊙ mask.
class PrunableLayer : public Layer {
public:
    Tensor weight;      // (units, fan_in)
    Tensor bias;        // (units, 1)
    Tensor mask;        // like weight: 1 active, 0 pruned; all ones until a method prunes
    Tensor weightGrad;  // like weight
    Tensor biasGrad;    // like bias
    // Set by sparsity methods: only then do optimizers see the mask (it costs a pass per step).
    bool masked = false;
    // Set by methods that keep a dense latent weight (movement pruning): forward then uses
    // W ⊙ M, so masked entries of W keep their value, and weightGrad is dL/d(W ⊙ M), which
    // such a method applies to all of W (straight-through).
    bool latent = false;
    // A weight transform's output (L0 gates, fake quantization): when useForwardWeight is set,
    // forward() multiplies by forwardWeight instead of W (or W ⊙ M), and weightGrad is
    // dL/d(forwardWeight); whoever set it maps that gradient back to W after backward().
    Tensor forwardWeight;
    bool useForwardWeight = false;

    int units() const { return m_denseView ? static_cast<int>(weight.rows()) : m_rows; }
    int fanIn() const { return m_denseView ? static_cast<int>(weight.cols()) : m_cols; }
    long long weightCount() const { return static_cast<long long>(units()) * fanIn(); }
    // False for a sparse layer above kDenseViewLimit weights (train/memory_estimate.h): its
    // CSR is all there is, and weight, mask and weightGrad stay empty (0 × 0). Whoever reads
    // those tensors must check this first.
    bool hasDenseView() const { return m_denseView; }
    // The weight's natural shape: {out, in} or {out_channels, in_channels, kh, kw}. ERK's
    // kernel-aware formula sums and multiplies these.
    virtual std::vector<int> weightDims() const { return {units(), fanIn()}; }
    // Multiply-accumulates one weight costs per example: 1 for Dense, out_h * out_w for Conv2d.
    virtual long long macsPerWeight() const { return 1; }

protected:
    // A fresh dense layer: He draws N(0, 2/fan_in) (for ReLU), Glorot U(±sqrt(6/(fan_in +
    // fan_out))) (for tanh and sigmoid), in row-major order so that a seed gives the same
    // weights whatever reads them back; bias 0; a method prunes afterwards and sets the flags.
    void initializeWeights(Init init, float fanInputs, float fanOutputs, Rng& rng) {
        if (init == Init::He) {
            const float std = std::sqrt(2.0f / fanInputs);
            for (Eigen::Index i = 0; i < weight.size(); ++i) weight.data()[i] = std * rng.normal();
        } else {
            const float bound = std::sqrt(6.0f / (fanInputs + fanOutputs));
            for (Eigen::Index i = 0; i < weight.size(); ++i)
                weight.data()[i] = rng.uniform(-bound, bound);
        }
        bias.setZero();
        mask.setOnes();
        masked = false;
        latent = false;
        weightGrad.setZero();
        biasGrad.setZero();
    }

    // The matrix forward() multiplies by, per the modes above; updates m_effective when latent.
    const Tensor& weightForForward() {
        if (useForwardWeight) return forwardWeight;
        if (latent) {
            m_effective = weight.cwiseProduct(mask);
            return m_effective;
        }
        return weight;
    }
    // The same matrix again for backward's input gradient (after a forward with the same modes).
    const Tensor& weightForBackward() const {
        if (useForwardWeight) return forwardWeight;
        return latent ? m_effective : weight;
    }

    Tensor m_effective;  // W ⊙ M of the last forward, when latent
    bool m_denseView = true;
    int m_rows = 0, m_cols = 0;  // the shape, when there is no dense view (set by Dense)
};

// What views, summaries and tables call prunable layer `index` (from 0): "dense3", "conv1".
inline std::string layerName(const PrunableLayer& layer, std::size_t index) {
    const std::string kind = layer.kind();
    return (kind == "conv2d" ? std::string("conv") : kind) + std::to_string(index + 1);
}

} // namespace sl
