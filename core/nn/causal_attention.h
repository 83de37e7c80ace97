#pragma once

#include "nn/tensor.h"

#include <vector>

namespace sl {

// Causal multi-head scaled dot-product attention (Vaswani et al. 2017) without weights: the
// Q, K, V projections and the output projection are Dense layers around it. Column b·T + t of
// q, k, v is position t of sequence b; head h owns rows [h·dh, (h+1)·dh), dh = d / heads.
// Per sequence and head: S = Qᵀ K / sqrt(dh) (T, T), S(i, j) = -inf for j > i (a position
// never sees a later one), P = softmax over each row, out = V Pᵀ (dh, T).
class CausalSelfAttention {
public:
    explicit CausalSelfAttention(int heads);

    // q, k, v (d, batch · T); out (d, batch · T). Keeps P for backward.
    void forward(const Activations& q, const Activations& k, const Activations& v, int T,
                 Activations& out);
    // With the same q, k, v: dq, dk, dv (d, batch · T) from dout.
    void backward(const Activations& q, const Activations& k, const Activations& v,
                  const Activations& dout, Activations& dq, Activations& dk, Activations& dv);

    int heads() const { return m_heads; }
    // P of sequence b and head h of the last forward (T, T), row = query position.
    const Eigen::MatrixXf& probabilities(int b, int h) const {
        return m_probs[static_cast<std::size_t>(b * m_heads + h)];
    }

private:
    int m_heads;
    int m_T = 0;
    std::vector<Eigen::MatrixXf> m_probs;  // batch · heads of (T, T)
    Eigen::MatrixXf m_dp;                  // (T, T) backward scratch
};

}  // namespace sl
