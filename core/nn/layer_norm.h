#pragma once

#include "nn/tensor.h"

namespace sl {

// Layer normalization (Ba, Kiros & Hinton 2016) over the features of each column:
// y = gain ⊙ (x - mean) / sqrt(var + eps) + bias. Dense parameters (never pruned). Keeps the
// normalized input and 1/std of the last forward for backward.
class LayerNorm {
public:
    explicit LayerNorm(int width, float eps = 1e-5f);

    void forward(const Activations& x, Activations& y);  // x, y (width, n)
    // Overwrites gainGrad and biasGrad; dx (width, n).
    void backward(const Activations& dy, Activations& dx);

    int width() const { return static_cast<int>(gain.rows()); }

    Tensor gain;      // (width, 1), starts at 1
    Tensor bias;      // (width, 1), starts at 0
    Tensor gainGrad;  // (width, 1)
    Tensor biasGrad;  // (width, 1)

private:
    float m_eps;
    Activations m_xhat;           // (width, n)
    Eigen::RowVectorXf m_invStd;  // (n)
};

}  // namespace sl
