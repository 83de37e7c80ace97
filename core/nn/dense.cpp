#include "nn/dense.h"

#include "nn/sparse_dense.h"
#include "util/error.h"

#include <cmath>
#include <string>

namespace sl {

Dense::Dense(int in, int out) {
    if (in <= 0 || out <= 0) {
        throw ShapeError("Dense: got " + std::to_string(in) + " inputs and " + std::to_string(out) +
                         " outputs — expected both > 0");
    }
    weight = Tensor::Zero(out, in);
    bias = Tensor::Zero(out, 1);
    mask = Tensor::Ones(out, in);
    weightGrad = Tensor::Zero(out, in);
    biasGrad = Tensor::Zero(out, 1);
}

Dense::Dense(int in, int out, SparseOnlyTag) {
    if (in <= 0 || out <= 0) {
        throw ShapeError("Dense: got " + std::to_string(in) + " inputs and " + std::to_string(out) +
                         " outputs — expected both > 0");
    }
    m_rows = out;
    m_cols = in;
    m_denseView = false;  // weight, mask and weightGrad stay 0 × 0
    bias = Tensor::Zero(out, 1);
    biasGrad = Tensor::Zero(out, 1);
    CsrMatrix empty;
    empty.rows = out;
    empty.cols = in;
    empty.rowPtr.assign(static_cast<std::size_t>(out) + 1, 0);
    empty.values.resize(0, 1);
    m_sparse = std::make_unique<SparseWeights>(std::move(empty));
    m_mode = WeightMode::Masked;
}

std::unique_ptr<Dense> Dense::sparseOnly(int in, int out) {
    return std::unique_ptr<Dense>(new Dense(in, out, SparseOnlyTag{}));
}

void Dense::setSparseStructure(std::vector<std::int32_t> rowPtr, std::vector<std::int32_t> colIdx,
                               Rng& rng) {
    if (hasDenseView() || !m_sparse)
        throw ShapeError("Dense::setSparseStructure: the layer has a dense view — expected a "
                         "layer made by Dense::sparseOnly()");
    std::vector<std::int32_t> none(colIdx.size(), -1);  // every value is new
    m_sparse->restructure(std::move(rowPtr), std::move(colIdx), none);
    m_sparse->takePendingRemap();  // no optimizer state exists yet
    Tensor& v = m_sparse->values();
    const float in = static_cast<float>(fanIn()), out = static_cast<float>(units());
    if (m_init == Init::He) {
        const float std = std::sqrt(2.0f / in);
        for (Eigen::Index i = 0; i < v.size(); ++i) v.data()[i] = std * rng.normal();
    } else {
        const float bound = std::sqrt(6.0f / (in + out));
        for (Eigen::Index i = 0; i < v.size(); ++i) v.data()[i] = rng.uniform(-bound, bound);
    }
    bias.setZero();
}

Dense::~Dense() = default;
Dense::Dense(Dense&&) noexcept = default;
Dense& Dense::operator=(Dense&&) noexcept = default;

Dense::Dense(const Dense& other)
    : PrunableLayer(other),
      m_sparse(other.m_sparse ? std::make_unique<SparseWeights>(*other.m_sparse) : nullptr) {}

Dense& Dense::operator=(const Dense& other) {
    if (this != &other) {
        PrunableLayer::operator=(other);
        m_sparse = other.m_sparse ? std::make_unique<SparseWeights>(*other.m_sparse) : nullptr;
    }
    return *this;
}

void Dense::useSparseBackend() {
    if (latent() || transformed())
        throw ConfigError("model.backend: a dense layer with a latent weight or a weight "
                          "transform cannot use the sparse backend — expected model.backend "
                          "dense for this sparsity.method");
    if (!hasDenseView()) return;  // born sparse: the CSR is already the truth
    // Built from weight ⊙ mask as they are: after a restore those are the truth.
    m_sparse = std::make_unique<SparseWeights>(CsrMatrix::fromDense(weight, mask));
}

void Dense::useDenseBackend() {
    if (!m_sparse) return;
    if (!hasDenseView())
        throw ConfigError("model.backend: a " + std::to_string(units()) + " x " +
                          std::to_string(fanIn()) +
                          " layer is too large for a dense weight — "
                          "it stays on the sparse backend");
    m_sparse->matrix().toDense(weight);
    m_sparse.reset();
}

void Dense::forward(const Activations& x, Activations& y) {
    if (m_sparse) {
        m_sparse->forward(bias, x, y);
        return;
    }
    if (x.rows() != weight.cols()) {
        throw ShapeError("Dense forward: input has " + std::to_string(x.rows()) +
                         " features — expected " + std::to_string(weight.cols()));
    }
    // Filling y with the bias first and then accumulating the GEMM into it (sgemm with
    // beta = 1) saves the zeroing pass that a plain assignment of the product would make.
    // The bias is viewed as a plain vector: a column of a row-major matrix has a run-time
    // stride that keeps Eigen from vectorizing the copy (30x slower, measured).
    y.resize(weight.rows(), x.cols());  // (out, batch); reallocates only when the batch changes
    const Eigen::Map<const Eigen::VectorXf> b(bias.data(), bias.size());
    for (Eigen::Index j = 0; j < y.cols(); ++j) y.col(j) = b;
    y.noalias() += weightForForward() * x;  // (out, in) * (in, batch)
}

void Dense::backward(const Activations& x, const Activations& /*y*/, const Activations& dy,
                     Activations* dx) {
    if (m_sparse) {
        m_sparse->backward(x, dy, biasGrad, dx);
        return;
    }
    if (dy.rows() != weight.rows() || dy.cols() != x.cols() || x.rows() != weight.cols()) {
        throw ShapeError("Dense backward: got x (" + std::to_string(x.rows()) + ", " +
                         std::to_string(x.cols()) + ") and dy (" + std::to_string(dy.rows()) +
                         ", " + std::to_string(dy.cols()) + ") — expected (" +
                         std::to_string(weight.cols()) + ", batch) and (" +
                         std::to_string(weight.rows()) + ", batch)");
    }
    // The gradient is dense even where the mask is 0: growth criteria (RigL) read it, and the
    // optimizers leave masked entries untouched.
    weightGrad.noalias() = dy * x.transpose();  // (out, batch) * (batch, in)
    // Summed into a plain-vector view for the same reason as the bias in forward().
    Eigen::Map<Eigen::VectorXf>(biasGrad.data(), biasGrad.size()) = dy.rowwise().sum();  // (out)
    if (dx) {
        const Tensor& w = weightForBackward();
        if (w.size() != weight.size()) {
            throw ShapeError("Dense backward: a latent mode or a weight transform was set after "
                             "forward() — expected a forward() with it set first");
        }
        dx->noalias() = w.transpose() * dy;  // (in, out) * (out, batch)
    }
}

std::vector<Param> Dense::params() {
    if (m_sparse)
        return {
            Param{"weight", &m_sparse->values(), &m_sparse->grad(), nullptr},
            Param{"bias", &bias, &biasGrad, nullptr},
        };
    return {
        Param{"weight", &weight, &weightGrad, masked() ? &mask : nullptr, latent()},
        Param{"bias", &bias, &biasGrad, nullptr},
    };
}

void Dense::initialize(Init init, Rng& rng) {
    m_init = init;
    if (!hasDenseView()) return;  // values are drawn with the structure
    initializeWeights(init, static_cast<float>(weight.cols()), static_cast<float>(weight.rows()),
                      rng);
}

}  // namespace sl
