#include "optim/sparse_state.h"

#include "nn/sparse_dense.h"
#include "util/error.h"

#include <string>

namespace sl {

void remapOptimizerState(Optimizer& optimizer, std::size_t param,
                         const std::vector<std::int32_t>& oldOfNew) {
    for (const Optimizer::StateTensor& t : optimizer.state()) {
        if (t.param != param) continue;
        const Tensor old = *t.value;
        if (old.cols() != 1)
            throw ShapeError("optimizer state remap: parameter " + std::to_string(param) +
                             " has shape (" + std::to_string(old.rows()) + ", " +
                             std::to_string(old.cols()) + ") — expected a column of values");
        t.value->resize(static_cast<Eigen::Index>(oldOfNew.size()), 1);
        for (std::size_t k = 0; k < oldOfNew.size(); ++k) {
            const std::int32_t from = oldOfNew[k];
            if (from >= old.rows())
                throw ShapeError("optimizer state remap: old entry " + std::to_string(from) +
                                 " — expected below " + std::to_string(old.rows()));
            (*t.value)(static_cast<Eigen::Index>(k), 0) = from >= 0 ? old(from, 0) : 0.0f;
        }
    }
}

void applySparseRemaps(const std::vector<PrunableLayer*>& layers, Optimizer& optimizer,
                       const std::vector<Param>& params) {
    for (PrunableLayer* layer : layers) {
        SparseWeights* s = sparseWeightsOf(*layer);
        if (!s || !s->hasPendingRemap()) continue;
        const auto map = s->takePendingRemap();
        bool found = false;
        for (std::size_t i = 0; i < params.size(); ++i)
            if (params[i].value == &s->values()) {
                remapOptimizerState(optimizer, i, map);
                found = true;
            }
        if (!found)
            throw ShapeError("sparse layer: its weight is not among the optimizer's parameters");
    }
}

std::vector<std::pair<std::size_t, std::size_t>>
sparseWeightParams(const std::vector<PrunableLayer*>& layers, const std::vector<Param>& params) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        SparseWeights* s = sparseWeightsOf(*layers[l]);
        if (!s) continue;
        for (std::size_t i = 0; i < params.size(); ++i)
            if (params[i].value == &s->values()) out.emplace_back(i, l);
    }
    return out;
}

Tensor denseStateOf(PrunableLayer& layer, const Tensor& column) {
    SparseWeights* s = sparseWeightsOf(layer);
    if (!s || column.rows() != s->matrix().nnz() || column.cols() != 1)
        throw ShapeError("sparse optimizer state: expected a column of one value per active "
                         "weight of a sparse layer");
    CsrMatrix view = s->matrix();  // the structure, with the state in place of the values
    view.values = column;
    Tensor dense;
    view.toDense(dense);
    return dense;
}

Tensor gatherAtMask(const Tensor& mask, const Tensor& dense, const std::string& what) {
    if (mask.rows() != dense.rows() || mask.cols() != dense.cols())
        throw ShapeError("restoring a trainer: " + what + " is (" + std::to_string(dense.rows()) +
                         ", " + std::to_string(dense.cols()) + ") — expected its layer's (" +
                         std::to_string(mask.rows()) + ", " + std::to_string(mask.cols()) + ")");
    Tensor out((mask.array() != 0.0f).count(), 1);
    Eigen::Index k = 0;
    for (Eigen::Index i = 0; i < mask.size(); ++i)
        if (mask.data()[i] != 0.0f) out(k++, 0) = dense.data()[i];
    return out;
}

}  // namespace sl
