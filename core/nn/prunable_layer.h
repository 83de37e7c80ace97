#pragma once

#include "nn/layer.h"
#include "util/error.h"
#include "util/rng.h"

#include <cmath>
#include <cstdint>

#include <string>
#include <vector>

namespace sl {

enum class Init { He, Glorot };

// One value instead of the flags `masked` and `latent`, so that each combination is named and
// whoever sets it says which one it means.
enum class WeightMode : std::uint8_t {
    Plain,         // forward uses W and the optimizer updates all of it (dense, l1, l0)
    Masked,        // masked entries of W are exactly 0 and the optimizer keeps them there
    Latent,        // forward uses W ⊙ M and gradients reach all of W (movement, straight-through)
    LatentFrozen,  // forward uses W ⊙ M; masked entries keep their value and get no update
};

// Who replaced the forward weight this step, in the only order they may stack: a sparsity
// method's own transform (L0's sampled gates) first, then fake quantization of its output.
enum class WeightTransform : std::uint8_t { None, Method, Quantizer };

inline const char* transformName(WeightTransform t) {
    switch (t) {
    case WeightTransform::Method: return "sparsity method's weight transform";
    case WeightTransform::Quantizer: return "fake quantization";
    case WeightTransform::None: break;
    }
    return "plain weight";
}

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
    // How weight and mask meet in this layer; set by whoever decides its sparsity (the method's
    // begin(), Trainer::setMasks, one-shot pruning, the sparse backend).
    WeightMode weightMode() const { return m_mode; }
    // The optimizers see the mask (it costs a pass per step): Masked, LatentFrozen.
    bool masked() const {
        return m_mode == WeightMode::Masked || m_mode == WeightMode::LatentFrozen;
    }
    // forward() uses W ⊙ M and masked entries of W keep their value: Latent, LatentFrozen.
    bool latent() const {
        return m_mode == WeightMode::Latent || m_mode == WeightMode::LatentFrozen;
    }
    // A layer whose CSR is the truth (sparse backend) holds no latent weight: refused with a
    // ConfigError naming the layer kind.
    void setWeightMode(WeightMode mode) {
        if ((mode == WeightMode::Latent || mode == WeightMode::LatentFrozen) && !canHoldLatent())
            throw ConfigError(std::string(kind()) +
                              " on the sparse backend cannot keep a latent "
                              "weight — expected model.backend dense for this sparsity.method");
        m_mode = mode;
    }

    // The buffer `by` writes this step's forward weight into: forward() then multiplies by it
    // instead of W (or W ⊙ M), weightGrad is dL/d(it), and `by` maps that back to W. It holds
    // what an earlier stage wrote this step (quantization rounds the method's gated weight), or
    // whatever the last step left. Stages only stack in WeightTransform's order; a second
    // writer of a stage, or an earlier stage after a later one, would silently undo the other:
    // refused with a ConfigError naming both.
    Tensor& transformWeight(WeightTransform by) {
        if (by == WeightTransform::None || by <= m_transform)
            throw ConfigError(std::string(kind()) + ": the " + transformName(by) +
                              " cannot transform the forward weight after the " +
                              transformName(m_transform) + " did this step");
        m_transform = by;
        return m_forwardWeight;
    }
    WeightTransform weightTransform() const { return m_transform; }
    bool transformed() const { return m_transform != WeightTransform::None; }
    const Tensor& forwardWeight() const { return m_forwardWeight; }
    // Before every forward pass (the trainer, one-shot calibration): W (or W ⊙ M) again.
    void clearTransform() { m_transform = WeightTransform::None; }

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
    // weights whatever reads them back; bias 0; a method prunes afterwards and sets the mode.
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
        m_mode = WeightMode::Plain;
        weightGrad.setZero();
        biasGrad.setZero();
    }

    // Whether this layer may keep a dense latent weight (not when its CSR is the truth).
    virtual bool canHoldLatent() const { return true; }

    // The matrix forward() multiplies by, per the modes above; updates m_effective when latent.
    const Tensor& weightForForward() {
        if (transformed()) return m_forwardWeight;
        if (latent()) {
            m_effective = weight.cwiseProduct(mask);
            return m_effective;
        }
        return weight;
    }
    // The same matrix again for backward's input gradient (after a forward with the same modes).
    const Tensor& weightForBackward() const {
        if (transformed()) return m_forwardWeight;
        return latent() ? m_effective : weight;
    }

    Tensor m_effective;      // W ⊙ M of the last forward, when latent
    Tensor m_forwardWeight;  // like weight: the transformed weight, when m_transform is set
    WeightMode m_mode = WeightMode::Plain;
    WeightTransform m_transform = WeightTransform::None;
    bool m_denseView = true;
    int m_rows = 0, m_cols = 0;  // the shape, when there is no dense view (set by Dense)
};

// What views, summaries and tables call prunable layer `index` (from 0): "dense3", "conv1".
inline std::string layerName(const PrunableLayer& layer, std::size_t index) {
    const std::string kind = layer.kind();
    return (kind == "conv2d" ? std::string("conv") : kind) + std::to_string(index + 1);
}

}  // namespace sl
