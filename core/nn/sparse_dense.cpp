#include "nn/sparse_dense.h"

#include "nn/dense.h"
#include "nn/sparse_kernels.h"
#include "util/error.h"

#include <string>

namespace sl {

SparseWeights::SparseWeights(CsrMatrix w) : m_w(std::move(w)) {
    m_w.validate("sparse layer");
    m_t = CscIndex::of(m_w);
    m_grad = Tensor::Zero(m_w.nnz(), 1);
}

void SparseWeights::transposeInput(const Activations& x) {
    if (x.rows() != m_w.cols)
        throw ShapeError("Dense forward: input has " + std::to_string(x.rows()) +
                         " features — expected " + std::to_string(m_w.cols));
    toBatchMajor(x, m_xt);  // one feature across the batch per row
    m_xtSource = x.data();
}

void SparseWeights::forward(const Tensor& bias, const Activations& x, Activations& y) {
    m_gradBatch = 0;  // the last backward's inputs are overwritten below (hasBackwardInputs)
    if (x.cols() == 1 && x.rows() == m_w.cols) {
        // One example has the same layout either way: no copies.
        y.resize(m_w.rows, 1);
        m_xtSource = nullptr;  // a backward after this forward transposes x itself
        if (m_unchangedBatchOneForwards < 2) ++m_unchangedBatchOneForwards;  // counts to 2 only
        if (laneSliceInference() && m_unchangedBatchOneForwards >= 2) {
            if (!m_slicesValid) {
                m_slices = LaneSlices::of(m_w);
                m_slicesValid = true;
            }
            if (m_slices) {
                m_slices->multiply(bias.data(), x.data(), y.data());
                return;
            }
        }
        if (!columnsPay(x.data(), m_w.cols, m_w.nnz())) {
            csrMultiplyOne(m_w, bias.data(), x.data(), y.data());
            return;
        }
        if (!m_columnValuesValid) {
            m_columnValues.resize(m_t.csrPos.size());
            for (std::size_t p = 0; p < m_t.csrPos.size(); ++p)
                m_columnValues[p] = m_w.values.data()[m_t.csrPos[p]];
            m_columnValuesValid = true;
        }
        cscMultiplyOne(m_t, m_columnValues.data(), m_w.rows, m_w.cols, bias.data(), x.data(),
                       y.data());
        return;
    }
    const int batch = static_cast<int>(x.cols());
    const float* xt = nullptr;
    if (m_inBatchMajor) {
        if (x.rows() != m_w.cols)
            throw ShapeError("Dense forward: input has " + std::to_string(x.rows()) +
                             " features — expected " + std::to_string(m_w.cols));
        xt = x.data();  // (in, batch) row-major already
        m_xtSource = nullptr;
    } else {
        transposeInput(x);
        xt = m_xt.data();
    }
    if (m_outBatchMajor) {
        y.resize(m_w.rows, batch);  // holds (out, batch) row-major for the next sparse layer
        csrMultiply(m_w, bias.data(), xt, batch, y.data());
        return;
    }
    m_yt.resize(m_w.rows, batch);
    csrMultiply(m_w, bias.data(), xt, batch, m_yt.data());
    toFeatureMajor(m_yt, y);  // back to the model's (out, batch) column-major
}

void SparseWeights::backward(const Activations& x, const Activations& dy, Tensor& biasGrad,
                             Activations* dx) {
    if (dy.rows() != m_w.rows || dy.cols() != x.cols() || x.rows() != m_w.cols)
        throw ShapeError("Dense backward: dy is (" + std::to_string(dy.rows()) + ", " +
                         std::to_string(dy.cols()) + ") — expected (" + std::to_string(m_w.rows) +
                         ", " + std::to_string(x.cols()) + ")");
    const int batch = static_cast<int>(x.cols());
    // One example has the same layout either way.
    const bool inBatchMajor = m_inBatchMajor || batch == 1;
    const bool outBatchMajor = m_outBatchMajor || batch == 1;
    const float* xt = x.data();
    if (!inBatchMajor) {
        // The forward before this backward normally left x's copy; evaluation passes in
        // between do not, so check which x it was.
        if (m_xtSource != x.data() || m_xt.cols() != x.cols()) transposeInput(x);
        xt = m_xt.data();
    }
    const float* dyt = dy.data();
    if (!outBatchMajor) {
        toBatchMajor(dy, m_dyt);
        dyt = m_dyt.data();
    }
    m_gradX = inBatchMajor ? xt : nullptr;
    m_gradDy = outBatchMajor ? dyt : nullptr;
    m_gradBatch = batch;
    valuesChanged();  // an optimizer step follows
    m_grad.resize(m_w.nnz(), 1);
    csrSampledGradient(m_w, dyt, xt, batch, m_grad.data());
    const Eigen::Map<const Tensor> dytMatrix(dyt, m_w.rows, batch);  // (out, batch) row-major
    Eigen::Map<Eigen::VectorXf>(biasGrad.data(), biasGrad.size()) = dytMatrix.rowwise().sum();
    if (dx) {
        if (inBatchMajor) {
            dx->resize(m_w.cols, batch);  // (in, batch) row-major for the layer before
            csrTransposeMultiply(m_w, m_t, dyt, batch, dx->data());
            return;
        }
        m_dxt.resize(m_w.cols, batch);
        csrTransposeMultiply(m_w, m_t, dyt, batch, m_dxt.data());
        toFeatureMajor(m_dxt, *dx);
    }
}

void SparseWeights::restructure(std::vector<std::int32_t> rowPtr, std::vector<std::int32_t> colIdx,
                                const std::vector<std::int32_t>& oldOfNew) {
    if (oldOfNew.size() != colIdx.size())
        throw ShapeError("sparse restructure: " + std::to_string(oldOfNew.size()) +
                         " map entries — expected one per new weight (" +
                         std::to_string(colIdx.size()) + ")");
    CsrMatrix next;
    next.rows = m_w.rows;
    next.cols = m_w.cols;
    next.rowPtr = std::move(rowPtr);
    next.colIdx = std::move(colIdx);
    next.values.resize(static_cast<Eigen::Index>(next.colIdx.size()), 1);
    for (std::size_t k = 0; k < oldOfNew.size(); ++k) {
        const std::int32_t from = oldOfNew[k];
        if (from >= m_w.nnz()) throw ShapeError("sparse restructure: old position out of range");
        next.values(static_cast<Eigen::Index>(k), 0) = from >= 0 ? m_w.values(from, 0) : 0.0f;
    }
    next.validate("sparse restructure");
    // The values tensor keeps its address: the optimizer's Param points at it.
    m_w.rowPtr = std::move(next.rowPtr);
    m_w.colIdx = std::move(next.colIdx);
    m_w.values = next.values;
    m_t = CscIndex::of(m_w);
    valuesChanged();
    m_grad.setZero(m_w.nnz(), 1);
    if (m_pending) {
        // Two changes before the optimizer saw the first: compose them.
        std::vector<std::int32_t> composed(oldOfNew.size());
        for (std::size_t k = 0; k < oldOfNew.size(); ++k)
            composed[k] = oldOfNew[k] >= 0 ? m_remap[static_cast<std::size_t>(oldOfNew[k])] : -1;
        m_remap = std::move(composed);
    } else {
        m_remap = oldOfNew;
    }
    m_pending = true;
}

void SparseWeights::replace(const CsrMatrix& w) {
    if (w.rows != m_w.rows || w.cols != m_w.cols)
        throw ShapeError("sparse layer: a " + std::to_string(w.rows) + " x " +
                         std::to_string(w.cols) + " CSR — expected " + std::to_string(m_w.rows) +
                         " x " + std::to_string(m_w.cols));
    w.validate("sparse layer");
    m_w.rowPtr = w.rowPtr;
    m_w.colIdx = w.colIdx;
    m_w.values = w.values;  // the Tensor keeps its address: the optimizer's Param points at it
    m_t = CscIndex::of(m_w);
    valuesChanged();
    m_grad.setZero(m_w.nnz(), 1);
    m_remap.clear();
    m_pending = false;
    m_xtSource = nullptr;
}

std::vector<std::int32_t> SparseWeights::takePendingRemap() {
    m_pending = false;
    return std::move(m_remap);
}

void SparseWeights::denseGradientRows(int r0, int r1, Tensor& out) const {
    if (r0 < 0 || r1 > m_w.rows || r0 > r1)
        throw ShapeError("sparse layer: gradient rows [" + std::to_string(r0) + ", " +
                         std::to_string(r1) + ") — expected within [0, " +
                         std::to_string(m_w.rows) + ")");
    if (!hasBackwardInputs()) {
        if (!m_blockSum)
            throw ShapeError("sparse layer: the dense gradient needs a backward pass first");
        // A data-parallel rank that has had no example yet (a resumed run starting on a
        // batch smaller than the rank count) adds nothing, but must join the sum.
        out.setZero(r1 - r0, m_w.cols);
        m_blockSum(out);
        return;
    }
    const Eigen::Map<const Tensor> dyt(m_gradDy ? m_gradDy : m_dyt.data(), m_w.rows,
                                       m_gradBatch);  // (rows, batch)
    const Eigen::Map<const Tensor> xt(m_gradX ? m_gradX : m_xt.data(), m_w.cols,
                                      m_gradBatch);  // (in, batch)
    out.noalias() = dyt.middleRows(r0, r1 - r0) * xt.transpose();
    if (m_blockSum) m_blockSum(out);
}

SparseWeights* sparseWeightsOf(PrunableLayer& layer) {
    auto* dense = dynamic_cast<Dense*>(&layer);
    return dense ? dense->sparse() : nullptr;
}

long long activeWeights(PrunableLayer& layer) {
    if (const SparseWeights* s = sparseWeightsOf(layer)) return s->matrix().nnz();
    return static_cast<long long>((layer.mask.array() != 0.0f).count());
}

void syncDenseViews(const std::vector<PrunableLayer*>& layers) {
    for (PrunableLayer* layer : layers)
        if (SparseWeights* s = sparseWeightsOf(*layer); s && layer->hasDenseView())
            s->matrix().toDense(layer->weight);
}

void rebuildSparseFromDense(const std::vector<PrunableLayer*>& layers) {
    for (PrunableLayer* layer : layers) {
        auto* dense = dynamic_cast<Dense*>(layer);
        if (dense && dense->sparse()) dense->useSparseBackend();
    }
}

void restructureFromDense(const std::vector<PrunableLayer*>& layers) {
    for (PrunableLayer* layer : layers) {
        SparseWeights* s = sparseWeightsOf(*layer);
        if (!s) continue;
        if (!layer->hasDenseView())
            throw ShapeError("masks from outside: a " + std::to_string(layer->units()) + " x " +
                             std::to_string(layer->fanIn()) +
                             " sparse layer has no dense mask "
                             "to take them from");
        const CsrMatrix& old = s->matrix();
        CsrMatrix next = CsrMatrix::fromDense(layer->weight, layer->mask);
        std::vector<std::int32_t> oldOfNew(next.colIdx.size(), -1);
        for (int r = 0; r < next.rows; ++r) {
            std::int32_t o = old.rowPtr[static_cast<std::size_t>(r)];
            const std::int32_t oEnd = old.rowPtr[static_cast<std::size_t>(r) + 1];
            for (std::int32_t k = next.rowPtr[static_cast<std::size_t>(r)];
                 k < next.rowPtr[static_cast<std::size_t>(r) + 1]; ++k) {
                const std::int32_t c = next.colIdx[static_cast<std::size_t>(k)];
                while (o < oEnd && old.colIdx[static_cast<std::size_t>(o)] < c) ++o;
                if (o < oEnd && old.colIdx[static_cast<std::size_t>(o)] == c)
                    oldOfNew[static_cast<std::size_t>(k)] = o;
            }
        }
        s->restructure(next.rowPtr, next.colIdx, oldOfNew);
        s->values() = next.values;  // the weights as given, in the new structure's order
    }
}

}  // namespace sl
