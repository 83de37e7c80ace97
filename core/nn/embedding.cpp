#include "nn/embedding.h"

#include "util/error.h"

#include <string>

namespace sl {

Embedding::Embedding(int count, int width)
    : table(Tensor::Zero(count, width)), grad(Tensor::Zero(count, width)) {}

void Embedding::initialize(float std, Rng& rng) {
    for (Eigen::Index i = 0; i < table.size(); ++i) table.data()[i] = std * rng.normal();
}

void Embedding::forward(const std::vector<int>& ids, Activations& out, bool accumulate) const {
    const auto n = static_cast<Eigen::Index>(ids.size());
    if (!accumulate) out.resize(table.cols(), n);
    if (out.rows() != table.cols() || out.cols() != n)
        throw ShapeError("Embedding forward: output to add to does not match the ids");
    for (Eigen::Index c = 0; c < n; ++c) {
        const int id = ids[static_cast<std::size_t>(c)];
        if (id < 0 || id >= table.rows())
            throw ShapeError("Embedding forward: id " + std::to_string(id) + " — expected in [0, " +
                             std::to_string(table.rows()) + ")");
        if (accumulate) out.col(c) += table.row(id).transpose();
        else out.col(c) = table.row(id).transpose();
    }
}

void Embedding::backward(const std::vector<int>& ids, const Activations& dout) {
    grad.setZero();
    for (Eigen::Index c = 0; c < dout.cols(); ++c)
        grad.row(ids[static_cast<std::size_t>(c)]) += dout.col(c).transpose();
}

}  // namespace sl
