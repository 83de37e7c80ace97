#pragma once

#include "nn/csr_matrix.h"
#include "nn/lane_slices.h"
#include "nn/prunable_layer.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace sl {

// The sparse storage backend of a Dense layer: the CSR of the active weights is the truth,
// its values are the layer's weight parameter ((nnz, 1): the optimizers keep their state per
// active weight), and no step costs O(rows × cols):
//   forward   Yᵀ = W · Xᵀ + b        sparse × dense, batch-major
//   backward  dW at active positions  one dot product over the batch each
//             dXᵀ = Wᵀ · dYᵀ          gathered through a transposed index, no dense Wᵀ
// The layer's dense `weight` tensor is only a view, filled on demand (syncDenseWeight).
class SparseWeights {
public:
    explicit SparseWeights(CsrMatrix w);

    const CsrMatrix& matrix() const { return m_w; }
    // (nnz, 1). Whoever writes the values through a reference kept from here (the optimizer
    // through its Param) calls valuesChanged() afterwards: batch-1 inference keeps a copy.
    Tensor& values() {
        valuesChanged();
        return m_w.values;
    }
    void valuesChanged() {
        m_columnValuesValid = false;
        m_slicesValid = false;
        m_unchangedBatchOneForwards = 0;
    }
    Tensor& grad() { return m_grad; }  // (nnz, 1)

    // x (in, batch), y (out, batch): the Model's feature-major activations. One example
    // (batch-1 inference) skips its zero inputs — most of an image's pixels and about half of
    // a ReLU's outputs — by adding the columns of W at its non-zero inputs only.
    void forward(const Tensor& bias, const Activations& x, Activations& y);
    void backward(const Activations& x, const Activations& dy, Tensor& biasGrad, Activations* dx);
    // Between two sparse layers (through an element-wise activation) the Model keeps the
    // activations batch-major in its (features, batch) buffers: the kernels' own layout, so
    // neither side changes it. inBatchMajor: x and dx are batch-major; outBatchMajor: y and
    // dy. Set by Model::forward before each forward; the backward that follows keeps them.
    void setLayouts(bool inBatchMajor, bool outBatchMajor) {
        m_inBatchMajor = inBatchMajor;
        m_outBatchMajor = outBatchMajor;
    }
    bool outputBatchMajor() const { return m_outBatchMajor; }

    // Replaces the structure. oldOfNew[k] is the old position of new entry k, or -1 for a
    // weight that is new: it starts at 0. The optimizer must then remap this parameter's
    // state the same way; the map waits in pendingRemap() until someone takes it.
    void restructure(std::vector<std::int32_t> rowPtr, std::vector<std::int32_t> colIdx,
                     const std::vector<std::int32_t>& oldOfNew);
    bool hasPendingRemap() const { return m_pending; }
    // Takes structure and values as they are (a checkpoint restore): no remap is pending, as
    // the optimizer's state is restored separately in the new order. Throws ShapeError when
    // w is not a valid CSR of this layer's shape.
    void replace(const CsrMatrix& w);
    std::vector<std::int32_t> takePendingRemap();

    // dL/dW densely for rows [r0, r1) as (r1 - r0, cols), from the last backward's inputs:
    // for growth criteria on mask-update steps, one block at a time.
    void denseGradientRows(int r0, int r1, Tensor& out) const;
    // Until the next forward: a forward (an evaluation between a step and a snapshot, or the
    // next step) replaces the copies and buffers the last backward's inputs are read from.
    bool hasBackwardInputs() const { return m_gradBatch > 0; }
    // Data parallelism: each rank's backward inputs are its shard's, so a block of the dense
    // gradient is its part only; `sum` adds the ranks' blocks (every rank asks for the same
    // blocks in the same order). Null in one process.
    void setBlockSum(std::function<void(Tensor&)> sum) { m_blockSum = std::move(sum); }

private:
    void transposeInput(const Activations& x);

    CsrMatrix m_w;
    CscIndex m_t;   // Wᵀ's structure, rebuilt with the CSR
    Tensor m_grad;  // (nnz, 1)
    // Batch-major scratch, reused between steps: xt (in, batch) of the last forward,
    // yt (out, batch), dyt (out, batch) and dxt (in, batch) of the last backward.
    Tensor m_xt, m_yt, m_dyt, m_dxt;
    const float* m_xtSource = nullptr;  // the x that m_xt was copied from
    bool m_inBatchMajor = false, m_outBatchMajor = false;
    // Where the last backward's batch-major inputs are (cols × batch and rows × batch), for
    // denseGradientRows: in m_xt and m_dyt, or in the Model's buffers when they were batch-major
    // already (valid until the Model's next forward, which comes after the mask update).
    // Null: the own copy. Copies of the layer (the mixture's experts) keep their own copies.
    const float* m_gradX = nullptr;
    const float* m_gradDy = nullptr;
    int m_gradBatch = 0;
    // W's values in the column order of m_t, for batch-1 inference; rebuilt on first use
    // after the values or the structure changed.
    std::vector<float> m_columnValues;
    bool m_columnValuesValid = false;
    // The AVX-512 batch-1 layout (LaneSlices); empty when it does not pay for this matrix or
    // the processor lacks AVX-512. Built on the second batch-1 forward with unchanged
    // weights, not the first: building costs several forwards, which inference repays at
    // once, but a training step that happens to forward one example (a mixture's expert that
    // got one example, a probe between steps) would pay it after every step.
    std::optional<LaneSlices> m_slices;
    bool m_slicesValid = false;
    int m_unchangedBatchOneForwards = 0;
    std::vector<std::int32_t> m_remap;
    bool m_pending = false;
    std::function<void(Tensor&)> m_blockSum;
};

// The sparse backend of a prunable layer, or null when it is dense (or not a Dense layer).
SparseWeights* sparseWeightsOf(PrunableLayer& layer);

// Active weights of a layer: the CSR's count on the sparse backend, the mask's otherwise.
long long activeWeights(PrunableLayer& layer);

// Fills the dense `weight` views of sparse layers from their CSR (checkpoints, snapshots);
// layers without a dense view have none to fill.
void syncDenseViews(const std::vector<PrunableLayer*>& layers);
// Rebuilds each sparse layer's CSR from its dense weight ⊙ mask (after a restore, whose
// optimizer state is already in the new structure's order).
void rebuildSparseFromDense(const std::vector<PrunableLayer*>& layers);
// The same for a mask chosen from outside (Trainer::setMasks), in place: positions that
// stay active keep their place in the optimizer state via the pending remap, new ones start
// with zero state.
void restructureFromDense(const std::vector<PrunableLayer*>& layers);

}  // namespace sl
