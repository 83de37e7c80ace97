#pragma once

#include <Eigen/Core>

namespace sl {

// Parameters are row-major so that a flat index is row * cols + col, the order h5py, NumPy
// and the mask-update events use. Activations are column-major with one example per column.
using Tensor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Activations = Eigen::MatrixXf;  // (features, batch)

// A trainable tensor with its gradient, as the optimizers see it. mask is null for tensors
// that are never pruned; where set, entries whose mask is 0 get no update and zero optimizer
// state, and their value is set to exactly zero — unless keepMaskedValues, for methods whose
// masked weights are frozen latent values that may come back (movement-score).
struct Param {
    const char* name = "";
    Tensor* value = nullptr;
    Tensor* grad = nullptr;
    const Tensor* mask = nullptr;
    bool keepMaskedValues = false;
};

}  // namespace sl
