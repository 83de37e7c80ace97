// Layers that change storage backend during a run: a method that starts dense and prunes
// (magnitude, nm) moves a layer to the sparse backend once its density falls below the
// break-even, and a restored run puts its layers back where the saved run had them.
#include "train/trainer.h"

#include "nn/sparse_dense.h"
#include "optim/sparse_state.h"
#include "train/model_builder.h"

namespace sl {

void Trainer::moveLayersToSparseBackend() {
    if (m_config.model.backend == "dense" || !m_method->runsOnSparseBackend()) return;
    const auto& layers = m_sparsity.layers;
    // Each dense layer's weight tensor, the key of its optimizer state in m_params.
    std::vector<const Tensor*> denseWeight(layers.size(), nullptr);
    for (std::size_t l = 0; l < layers.size(); ++l)
        if (!sparseWeightsOf(*layers[l])) denseWeight[l] = &layers[l]->weight;
    applyBackend(m_config, *m_method, layers);  // the same rule as at the start
    bool moved = false;
    const auto state = m_optimizer->state();
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (!denseWeight[l] || !sparseWeightsOf(*layers[l])) continue;
        moved = true;
        // The state of a masked dense weight is 0 off the mask: its entries on the mask, in
        // row-major order, are the CSR's order, so the kept weights keep theirs exactly.
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            if (m_params[i].value != denseWeight[l]) continue;
            for (const auto& t : state)
                if (t.param == i)
                    *t.value = gatherAtMask(layers[l]->mask, *t.value,
                                            "optimizer state " + layerName(*layers[l], l));
        }
    }
    if (moved) m_params = m_model.params();
}

void Trainer::restoreBackends(const TrainerState& s) {
    const auto& layers = m_sparsity.layers;
    if (m_config.model.backend == "dense") return;
    // Sparse layers' CSR and the layers a prune-only method moved during the saved run come
    // from the saved weights and masks now, so that the optimizer state is read into
    // parameters of the saved shapes.
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (!layers[l]->hasDenseView()) continue;
        layers[l]->weight = s.layers[l].weight;
        layers[l]->mask = s.layers[l].mask;
    }
    rebuildSparseFromDense(layers);
    if (m_method->runsOnSparseBackend()) applyBackend(m_config, *m_method, layers);
    m_params = m_model.params();
    const auto state = m_optimizer->state();
    for (const auto& [param, layer] : sparseWeightParams(layers, m_params)) {
        const Eigen::Index nnz = m_params[param].value->rows();
        for (const auto& t : state)
            if (t.param == param && (t.value->rows() != nnz || t.value->cols() != 1))
                t.value->setZero(nnz, 1);  // overwritten by the saved state next
    }
}

}  // namespace sl
