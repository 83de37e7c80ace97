#include "sparsity/hard_concrete.h"

#include <algorithm>
#include <cmath>

namespace sl::hard_concrete {
namespace {

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// Rng::uniform() can return exactly 0; 1e-6 bounds the noise logit at about ±13.8.
constexpr float kUniformEps = 1e-6f;

}  // namespace

Gate sample(float logAlpha, float u) {
    u = std::clamp(u, kUniformEps, 1.0f - kUniformEps);
    const float s = sigmoid((std::log(u) - std::log(1.0f - u) + logAlpha) / kBeta);
    const float stretched = s * (kZeta - kGamma) + kGamma;
    Gate g;
    g.z = std::clamp(stretched, 0.0f, 1.0f);
    // d s_bar / d log alpha = (zeta - gamma) s (1 - s) / beta, cut by the clamp.
    if (stretched > 0.0f && stretched < 1.0f)
        g.dzdLogAlpha = (kZeta - kGamma) * s * (1.0f - s) / kBeta;
    return g;
}

float deterministic(float logAlpha) {
    return std::clamp(sigmoid(logAlpha) * (kZeta - kGamma) + kGamma, 0.0f, 1.0f);
}

float openProbability(float logAlpha) {
    return sigmoid(logAlpha - kBeta * std::log(-kGamma / kZeta));
}

float openProbabilityGrad(float logAlpha) {
    const float p = openProbability(logAlpha);
    return p * (1.0f - p);
}

}  // namespace sl::hard_concrete
