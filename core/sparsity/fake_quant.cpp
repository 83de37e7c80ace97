#include "sparsity/fake_quant.h"

#include "util/error.h"

#include <cmath>

namespace sl {
namespace {

constexpr float kQMax = 127.0f;

// Quantizes rows [first, first + count) of in with one scale into the same rows of out
// (out may alias in: every entry is read before it is written, element by element).
void quantizeRows(const Tensor& in, Eigen::Index first, Eigen::Index count, float scale,
                  Tensor& out) {
    auto dst = out.middleRows(first, count).array();
    if (scale == 0.0f) {
        dst.setZero();  // an all-zero group: nothing to round, and 0 / 0 would be NaN
        return;
    }
    const float inv = 1.0f / scale;
    // The clamp only guards against max|w| * (1 / scale) rounding a hair above 127.
    dst = (in.middleRows(first, count).array() * inv).round().cwiseMax(-kQMax).cwiseMin(kQMax) *
          scale;
}

float scaleOf(float maxAbs) { return maxAbs / kQMax; }

// The quantization without the returned scales, so that apply() allocates nothing per step.
void quantizeInPlace(const Tensor& in, bool perRow, Tensor& out) {
    if (out.rows() != in.rows() || out.cols() != in.cols()) out.resize(in.rows(), in.cols());
    if (in.size() == 0) return;
    if (!perRow) {
        quantizeRows(in, 0, in.rows(), scaleOf(in.cwiseAbs().maxCoeff()), out);
        return;
    }
    for (Eigen::Index r = 0; r < in.rows(); ++r)
        quantizeRows(in, r, 1, scaleOf(in.row(r).cwiseAbs().maxCoeff()), out);
}

}  // namespace

FakeQuantizer::FakeQuantizer(std::string mode, bool floatEnds)
    : m_mode(std::move(mode)), m_floatEnds(floatEnds) {
    if (m_mode != "none" && m_mode != "per-layer" && m_mode != "per-channel")
        throw ConfigError("quant.mode: got \"" + m_mode +
                          "\" — expected none, per-layer or per-channel");
}

// Straight-through estimator: Dense::backward computes weightGrad = dy · xᵀ, the gradient
// with respect to the matrix forward() multiplied by, here the quantized forward weight. The
// optimizer then applies that gradient to W unchanged (a method that transformed W itself,
// such as L0, maps it back through its own transform in afterBackward): d round(w)/dw is
// taken as 1, which is what lets W drift across rounding steps. Masked entries of W still get
// no update and stay 0 because the optimizer masks them as without quantization.
void FakeQuantizer::apply(const std::vector<PrunableLayer*>& layers) const {
    if (!enabled()) return;
    const bool perRow = perChannel();
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (!quantizes(l, layers.size())) continue;
        PrunableLayer& layer = *layers[l];
        const bool gated = layer.transformed();  // by the method, this step
        Tensor& out = layer.transformWeight(WeightTransform::Quantizer);
        if (!gated) {
            // W ⊙ M also for masked (non-latent) layers: their masked W entries are 0 already,
            // and the product makes sure a stray value can neither leak into the forward pass
            // nor widen the scale. Written into the layer's buffer, so it is reused.
            if (layer.latent() || layer.masked()) out = layer.weight.cwiseProduct(layer.mask);
            else out = layer.weight;
        } else if (out.rows() != layer.weight.rows() || out.cols() != layer.weight.cols()) {
            throw ShapeError("fake quantization of " + layerName(layer, l) +
                             ": the method's transformed weight is (" + std::to_string(out.rows()) +
                             ", " + std::to_string(out.cols()) + ") — expected (" +
                             std::to_string(layer.weight.rows()) + ", " +
                             std::to_string(layer.weight.cols()) + ") like the weight");
        }
        quantizeInPlace(out, perRow, out);
    }
}

bool FakeQuantizer::quantizes(std::size_t layer, std::size_t layers) const {
    if (!enabled()) return false;
    return !(m_floatEnds && (layer == 0 || layer + 1 == layers));
}

std::vector<float> fakeQuantize(const Tensor& in, bool perRow, Tensor& out) {
    std::vector<float> scales;
    if (perRow) {
        scales.reserve(static_cast<std::size_t>(in.rows()));
        for (Eigen::Index r = 0; r < in.rows(); ++r)
            scales.push_back(in.cols() == 0 ? 0.0f : scaleOf(in.row(r).cwiseAbs().maxCoeff()));
    } else {
        scales.push_back(in.size() == 0 ? 0.0f : scaleOf(in.cwiseAbs().maxCoeff()));
    }
    quantizeInPlace(in, perRow, out);
    return scales;
}

}  // namespace sl
