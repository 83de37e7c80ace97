#pragma once

#include "nn/prunable_layer.h"

#include <string>
#include <vector>

namespace sl {

// Quantization-aware training: before every forward pass the active weights are rounded to
// symmetric int8 (q in [-127, 127], w ≈ q * scale, one scale per layer or per output channel)
// and the layer multiplies by the dequantized values; the gradient passes straight through
// (Bengio et al. 2013, "Estimating or propagating gradients through stochastic neurons";
// Jacob et al. 2018, "Quantization and training of neural networks for efficient
// integer-arithmetic-only inference"), so the float weights keep learning.
//
// Symmetric with -128 left out, so that q and -q are both representable and zero is exact: a
// pruned weight is 0 before and after, and sparsity survives quantization.
class FakeQuantizer {
public:
    FakeQuantizer() = default;
    // mode: none, per-layer, per-channel; anything else throws ConfigError naming quant.mode.
    FakeQuantizer(std::string mode, bool floatEnds);

    bool enabled() const { return m_mode != "none"; }
    const std::string& mode() const { return m_mode; }
    bool perChannel() const { return m_mode == "per-channel"; }
    bool floatEnds() const { return m_floatEnds; }

    // Transforms every quantized layer's forward weight into dequant(quant(base)), where base
    // is what the method's transform wrote this step (L0 gates) or else the effective weight
    // W ⊙ M. Reuses each layer's buffer: no allocation after the first call.
    void apply(const std::vector<PrunableLayer*>& layers) const;
    // Whether layer l of n is quantized (mixed precision keeps the first and last in float).
    bool quantizes(std::size_t layer, std::size_t layers) const;
    // Scales this quantizer keeps for one layer of `rows` output channels: 1 or rows.
    long long scaleCount(long long rows) const { return perChannel() ? rows : 1; }

private:
    std::string m_mode = "none";
    bool m_floatEnds = false;
};

// Symmetric int8 fake quantization of one matrix: perRow gives each row (output channel) its
// own scale = max|w| / 127, else one scale covers the matrix. Each entry becomes
// clamp(round(w / scale), -127, 127) * scale; a group that is all zero gets scale 0 and stays
// 0. Writes the dequantized values to out (resized if needed; out may be in itself) and
// returns the scales (rows of them when perRow, else one).
std::vector<float> fakeQuantize(const Tensor& in, bool perRow, Tensor& out);

}  // namespace sl
