#pragma once

namespace sl::hard_concrete {

// The hard-concrete distribution of Louizos, Welling & Kingma (2018), "Learning Sparse Neural
// Networks through L0 Regularization", eqs. 10-13: a binary-concrete sample stretched to
// (gamma, zeta) and clamped to [0, 1], so a gate is exactly 0 or 1 with non-zero probability
// while staying differentiable in log alpha in between.
inline constexpr float kBeta = 2.0f / 3.0f;  // temperature
inline constexpr float kGamma = -0.1f;       // stretch interval, left end
inline constexpr float kZeta = 1.1f;         // stretch interval, right end

// A training gate from one uniform draw u: s = sigmoid((log u - log(1-u) + log alpha) / beta),
// s_bar = s (zeta - gamma) + gamma, z = min(1, max(0, s_bar)). u is kept inside (0, 1) so
// that its logit stays finite.
struct Gate {
    float z = 0.0f;
    float dzdLogAlpha = 0.0f;  // 0 where the clamp is active
};
Gate sample(float logAlpha, float u);

// The test-time gate: min(1, max(0, sigmoid(log alpha) (zeta - gamma) + gamma)).
float deterministic(float logAlpha);

// P(z > 0) = sigmoid(log alpha - beta log(-gamma / zeta)): the expected L0 norm of one gate,
// and its derivative in log alpha (p (1 - p)).
float openProbability(float logAlpha);
float openProbabilityGrad(float logAlpha);

// The paper's initialisation: log alpha ~ N(log(1 - p) - log p, 0.01^2) for an initial
// dropout rate p; p = 0.5 (the paper's code's default) centres the gates at log alpha = 0.
inline constexpr float kInitialDropRate = 0.5f;
inline constexpr float kInitialStd = 0.01f;

}  // namespace sl::hard_concrete
