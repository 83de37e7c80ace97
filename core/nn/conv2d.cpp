#include "nn/conv2d.h"

#include "util/error.h"

namespace sl {

// TODO(issue 6): im2col + GEMM.
Conv2d::Conv2d(ImageShape input, int, int, int, int) : m_input(input) {
    throw ShapeError("Conv2d is not built yet");
}
void Conv2d::forward(const Activations&, Activations&) {}
void Conv2d::backward(const Activations&, const Activations&, const Activations&, Activations*) {}
std::vector<Param> Conv2d::params() { return {}; }
void Conv2d::initialize(Init, Rng&) {}
std::vector<int> Conv2d::weightDims() const { return {units(), fanIn()}; }
long long Conv2d::macsPerWeight() const { return 1; }

} // namespace sl
