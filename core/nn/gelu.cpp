#include "nn/gelu.h"

#include <cmath>

namespace sl {
namespace {
constexpr float kInvSqrt2 = 0.70710678118654752f;
constexpr float kInvSqrt2Pi = 0.39894228040143268f;
}  // namespace

void geluForward(const Activations& x, Activations& y) {
    y.resize(x.rows(), x.cols());
    const float* in = x.data();
    float* out = y.data();
    for (Eigen::Index i = 0; i < x.size(); ++i)
        out[i] = 0.5f * in[i] * (1.0f + std::erf(in[i] * kInvSqrt2));
}

void geluBackward(const Activations& x, const Activations& dy, Activations& dx) {
    dx.resize(x.rows(), x.cols());
    const float* in = x.data();
    const float* g = dy.data();
    float* out = dx.data();
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const float cdf = 0.5f * (1.0f + std::erf(in[i] * kInvSqrt2));
        const float pdf = kInvSqrt2Pi * std::exp(-0.5f * in[i] * in[i]);
        out[i] = g[i] * (cdf + in[i] * pdf);
    }
}

}  // namespace sl
