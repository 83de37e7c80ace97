#include "nn/layer_norm.h"

#include "util/error.h"

#include <string>

namespace sl {

LayerNorm::LayerNorm(int width, float eps)
    : gain(Tensor::Ones(width, 1)), bias(Tensor::Zero(width, 1)), gainGrad(Tensor::Zero(width, 1)),
      biasGrad(Tensor::Zero(width, 1)), m_eps(eps) {}

void LayerNorm::forward(const Activations& x, Activations& y) {
    if (x.rows() != gain.rows())
        throw ShapeError("LayerNorm forward: input has " + std::to_string(x.rows()) +
                         " features — expected " + std::to_string(gain.rows()));
    const Eigen::RowVectorXf mean = x.colwise().mean();
    m_xhat = x.rowwise() - mean;
    const Eigen::RowVectorXf var = m_xhat.array().square().colwise().mean();
    m_invStd = (var.array() + m_eps).rsqrt();
    m_xhat.array().rowwise() *= m_invStd.array();
    const Eigen::Map<const Eigen::VectorXf> g(gain.data(), gain.size());
    const Eigen::Map<const Eigen::VectorXf> b(bias.data(), bias.size());
    y = (m_xhat.array().colwise() * g.array()).colwise() + b.array();
}

void LayerNorm::backward(const Activations& dy, Activations& dx) {
    if (dy.rows() != m_xhat.rows() || dy.cols() != m_xhat.cols())
        throw ShapeError("LayerNorm backward: dy does not match the last forward's input");
    Eigen::Map<Eigen::VectorXf>(gainGrad.data(), gainGrad.size()) =
        (dy.array() * m_xhat.array()).rowwise().sum();
    Eigen::Map<Eigen::VectorXf>(biasGrad.data(), biasGrad.size()) = dy.rowwise().sum();
    const Eigen::Map<const Eigen::VectorXf> g(gain.data(), gain.size());
    // dx = (1/σ)(dx̂ - mean(dx̂) - x̂ · mean(dx̂ ⊙ x̂)), per column, with dx̂ = dy ⊙ gain.
    const Activations dxhat = dy.array().colwise() * g.array();
    const Eigen::RowVectorXf meanD = dxhat.colwise().mean();
    const Eigen::RowVectorXf meanDX = (dxhat.array() * m_xhat.array()).colwise().mean();
    dx = dxhat.rowwise() - meanD;
    dx.array() -= m_xhat.array().rowwise() * meanDX.array();
    dx.array().rowwise() *= m_invStd.array();
}

}  // namespace sl
