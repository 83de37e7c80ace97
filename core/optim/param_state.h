#pragma once

#include "nn/tensor.h"
#include "util/error.h"

#include <string>
#include <vector>

namespace sl {

// Per-parameter optimizer state (momentum, moments) is zero-filled on the first step and then
// checked on every step: params of another shape or count would silently mix their state.
inline void matchState(const char* optimizer, const std::vector<Param>& params,
                       std::vector<Tensor>& state) {
    if (state.empty()) {
        for (const Param& p : params)
            state.push_back(Tensor::Zero(p.value->rows(), p.value->cols()));
    }
    if (params.size() != state.size()) {
        throw ShapeError(std::string(optimizer) + ": got " + std::to_string(params.size()) +
                         " parameters — expected the " + std::to_string(state.size()) +
                         " of the first step");
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Tensor& value = *params[i].value;
        const Tensor& grad = *params[i].grad;
        const bool maskFits = !params[i].mask || (params[i].mask->rows() == value.rows() &&
                                                  params[i].mask->cols() == value.cols());
        if (value.rows() != state[i].rows() || value.cols() != state[i].cols() ||
            grad.rows() != value.rows() || grad.cols() != value.cols() || !maskFits) {
            throw ShapeError(std::string(optimizer) + ": parameter " + std::to_string(i) + " (" +
                             params[i].name + ") — expected value, gradient and mask of shape (" +
                             std::to_string(state[i].rows()) + ", " +
                             std::to_string(state[i].cols()) + ")");
        }
    }
}

}  // namespace sl
