#include "sparsity/fake_quant.h"

#include "util/error.h"

namespace sl {

FakeQuantizer::FakeQuantizer(std::string mode, bool floatEnds)
    : m_mode(std::move(mode)), m_floatEnds(floatEnds) {}

// TODO(issue 6): the quantizer itself.
void FakeQuantizer::apply(const std::vector<PrunableLayer*>&) const {
    if (enabled()) throw ConfigError("quant.mode: " + m_mode + " is not built yet");
}

bool FakeQuantizer::quantizes(std::size_t layer, std::size_t layers) const {
    if (!enabled()) return false;
    return !(m_floatEnds && (layer == 0 || layer + 1 == layers));
}

std::vector<float> fakeQuantize(const Tensor& in, bool, Tensor& out) {
    out = in;
    return {};
}

} // namespace sl
