#pragma once

#include "nn/prunable_layer.h"

#include <string>
#include <vector>

namespace sl {

// Quantization-aware training: before every forward pass the active weights are rounded to
// symmetric int8 (q in [-127, 127], w ≈ q * scale, one scale per layer or per output channel)
// and the layer multiplies by the dequantized values; the gradient passes straight through
// (Bengio et al. 2013), so the float weights keep learning.
class FakeQuantizer {
public:
    FakeQuantizer() = default;
    FakeQuantizer(std::string mode, bool floatEnds);  // mode: none, per-layer, per-channel

    bool enabled() const { return m_mode != "none"; }
    // Sets forwardWeight = dequant(quant(base)) on every quantized layer, where base is the
    // forwardWeight a method set this step (L0 gates) or else the effective weight W ⊙ M.
    void apply(const std::vector<PrunableLayer*>& layers) const;
    // Whether layer l of n is quantized (mixed precision keeps the first and last in float).
    bool quantizes(std::size_t layer, std::size_t layers) const;

private:
    std::string m_mode = "none";
    bool m_floatEnds = false;
};

// Symmetric int8 fake quantization of one matrix: perRow gives each row (output channel) its
// own scale = max|w| / 127. Writes dequantized values to out; returns the scales.
std::vector<float> fakeQuantize(const Tensor& in, bool perRow, Tensor& out);

} // namespace sl
