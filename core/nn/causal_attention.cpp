#include "nn/causal_attention.h"

#include "util/error.h"

#include <cmath>
#include <string>

namespace sl {

CausalSelfAttention::CausalSelfAttention(int heads) : m_heads(heads) {
    if (heads <= 0)
        throw ConfigError("model.heads: got " + std::to_string(heads) + " — expected > 0");
}

void CausalSelfAttention::forward(const Activations& q, const Activations& k, const Activations& v,
                                  int T, Activations& out) {
    const Eigen::Index d = q.rows();
    if (T <= 0 || d % m_heads != 0 || q.cols() % T != 0 || k.rows() != d || v.rows() != d ||
        k.cols() != q.cols() || v.cols() != q.cols())
        throw ShapeError("CausalSelfAttention forward: q, k, v are (" + std::to_string(d) + ", " +
                         std::to_string(q.cols()) +
                         ") — expected equal shapes, rows a multiple "
                         "of " +
                         std::to_string(m_heads) + " heads and columns of " + std::to_string(T));
    m_T = T;
    const Eigen::Index dh = d / m_heads;
    const auto batch = static_cast<int>(q.cols() / T);
    const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
    m_probs.resize(static_cast<std::size_t>(batch * m_heads));
    out.resize(d, q.cols());
    for (int b = 0; b < batch; ++b) {
        for (int h = 0; h < m_heads; ++h) {
            const auto Q = q.block(h * dh, b * T, dh, T);
            const auto K = k.block(h * dh, b * T, dh, T);
            const auto V = v.block(h * dh, b * T, dh, T);
            Eigen::MatrixXf& P = m_probs[static_cast<std::size_t>(b * m_heads + h)];
            P.noalias() = Q.transpose() * K;  // (T, dh) * (dh, T)
            for (int i = 0; i < T; ++i) {
                // Row i sees positions 0..i only; the max shift keeps exp() <= 1.
                float best = P(i, 0) * scale;
                for (int j = 1; j <= i; ++j) best = std::max(best, P(i, j) * scale);
                float sum = 0.0f;
                for (int j = 0; j <= i; ++j) {
                    const float e = std::exp(P(i, j) * scale - best);
                    P(i, j) = e;
                    sum += e;
                }
                const float inv = 1.0f / sum;
                for (int j = 0; j <= i; ++j) P(i, j) *= inv;
                for (int j = i + 1; j < T; ++j) P(i, j) = 0.0f;
            }
            out.block(h * dh, b * T, dh, T).noalias() = V * P.transpose();  // (dh, T) * (T, T)
        }
    }
}

void CausalSelfAttention::backward(const Activations& q, const Activations& k, const Activations& v,
                                   const Activations& dout, Activations& dq, Activations& dk,
                                   Activations& dv) {
    const int T = m_T;
    const Eigen::Index d = q.rows();
    if (T <= 0 || dout.rows() != d || dout.cols() != q.cols() ||
        static_cast<std::size_t>(q.cols() / T * m_heads) != m_probs.size())
        throw ShapeError(
            "CausalSelfAttention backward: expected a forward() of these shapes first");
    const Eigen::Index dh = d / m_heads;
    const auto batch = static_cast<int>(q.cols() / T);
    const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
    dq.resize(d, q.cols());
    dk.resize(d, q.cols());
    dv.resize(d, q.cols());
    for (int b = 0; b < batch; ++b) {
        for (int h = 0; h < m_heads; ++h) {
            const auto Q = q.block(h * dh, b * T, dh, T);
            const auto K = k.block(h * dh, b * T, dh, T);
            const auto V = v.block(h * dh, b * T, dh, T);
            const auto dO = dout.block(h * dh, b * T, dh, T);
            const Eigen::MatrixXf& P = m_probs[static_cast<std::size_t>(b * m_heads + h)];
            dv.block(h * dh, b * T, dh, T).noalias() = dO * P;  // (dh, T) * (T, T)
            m_dp.noalias() = dO.transpose() * V;                // dP (T, T)
            // Softmax per row: dS = P ⊙ (dP - Σ_j P dP); masked entries have P = 0.
            const Eigen::VectorXf inner = (P.array() * m_dp.array()).rowwise().sum();
            m_dp = P.array() * (m_dp.colwise() - inner).array();
            m_dp *= scale;
            dq.block(h * dh, b * T, dh, T).noalias() = K * m_dp.transpose();  // (dh, T)
            dk.block(h * dh, b * T, dh, T).noalias() = Q * m_dp;              // (dh, T)
        }
    }
}

}  // namespace sl
