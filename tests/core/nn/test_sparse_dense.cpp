#include "nn/dense.h"
#include "nn/model.h"
#include "nn/sparse_dense.h"
#include "nn/sparse_kernels.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"

#include "support/error_message.h"

#include <QtTest>
#include <cmath>

using sl::test::randomMatrix;

// The Dense layer on its sparse backend: the same function as on the dense one, and a
// finite-difference check of its own gradients (values, bias, input).
namespace {

// A 6x5 layer at about 50%, with row 2 empty and row 4 full.
sl::Dense maskedLayer(sl::Rng& rng) {
    sl::Dense d(5, 6);
    d.initialize(sl::Init::He, rng);
    for (int r = 0; r < 6; ++r)
        for (int c = 0; c < 5; ++c) {
            const bool on = r == 4 || (r != 2 && rng.uniform(0.0f, 1.0f) < 0.5f);
            d.mask(r, c) = on ? 1.0f : 0.0f;
        }
    d.weight = d.weight.cwiseProduct(d.mask);
    d.bias = sl::Tensor(randomMatrix(6, 1, rng));
    d.setWeightMode(sl::WeightMode::Masked);
    return d;
}

// A 7-9-6-4 MLP (ReLU) at about 60 % on every layer, row 1 of each empty and row 0 full;
// `onSparse` lists the layers (model indices 0, 2, 4) put on the sparse backend.
sl::Model maskedMlp(std::initializer_list<int> onSparse) {
    sl::Rng rng(11);
    sl::Model m = sl::Model::mlp(7, {9, 6}, 4, sl::ActivationKind::ReLU, sl::Init::He, rng);
    for (sl::PrunableLayer* layer : m.prunableLayers()) {
        for (Eigen::Index r = 0; r < layer->mask.rows(); ++r)
            for (Eigen::Index c = 0; c < layer->mask.cols(); ++c) {
                const bool on = r == 0 || (r != 1 && rng.uniform(0.0f, 1.0f) < 0.4f);
                layer->mask(r, c) = on ? 1.0f : 0.0f;
            }
        layer->weight = layer->weight.cwiseProduct(layer->mask);
        layer->bias = sl::Tensor(randomMatrix(layer->bias.rows(), 1, rng));
        layer->setWeightMode(sl::WeightMode::Masked);
    }
    for (int i : onSparse) dynamic_cast<sl::Dense&>(*m.layers()[std::size_t(i)]).useSparseBackend();
    return m;
}

struct Pass {
    Eigen::MatrixXf logits, firstInput, middleInput;
    std::vector<Eigen::MatrixXf> grads;
    Eigen::MatrixXf denseGradient;  // layer 2's dense dL/dW rows 0..3 (RigL's growth blocks)
};

Pass runPass(sl::Model& m, const Eigen::MatrixXf& x, const Eigen::MatrixXf& dlogits) {
    Pass p;
    p.logits = m.forward(x);
    m.backward(dlogits);
    for (const sl::Param& param : m.params()) p.grads.emplace_back(*param.grad);
    p.firstInput = m.inputOf(2);
    p.middleInput = m.inputOf(3);  // an activation's input: layer 2's output
    if (sl::SparseWeights* s = sl::sparseWeightsOf(*m.prunableLayers()[1])) {
        sl::Tensor block;
        s->denseGradientRows(0, 4, block);
        p.denseGradient = block;
    }
    return p;
}

}  // namespace

class TestSparseDense : public QObject {
    Q_OBJECT
private slots:
    void sameFunctionAsTheDenseBackend() {
        sl::Rng rng(1);
        sl::Dense dense = maskedLayer(rng);
        sl::Dense sparse = dense;
        sparse.useSparseBackend();
        QVERIFY(sparse.sparse() != nullptr);
        const long long nnz = (dense.mask.array() != 0.0f).count();
        QCOMPARE(sparse.sparse()->matrix().nnz(), nnz);
        const auto params = sparse.params();
        QCOMPARE(params[0].value->rows(), Eigen::Index(nnz));  // per active weight
        QCOMPARE(params[0].value->cols(), Eigen::Index(1));
        QVERIFY(params[0].mask == nullptr);

        for (int batch : {1, 3, 16}) {
            const Eigen::MatrixXf x = randomMatrix(5, batch, rng);
            const Eigen::MatrixXf dy = randomMatrix(6, batch, rng);
            Eigen::MatrixXf y1, y2, dx1, dx2;
            dense.forward(x, y1);
            sparse.forward(x, y2);
            QVERIFY((y1 - y2).cwiseAbs().maxCoeff() < 1e-5f);
            dense.backward(x, y1, dy, &dx1);
            sparse.backward(x, y2, dy, &dx2);
            QVERIFY((dx1 - dx2).cwiseAbs().maxCoeff() < 1e-5f);
            QVERIFY((dense.biasGrad - sparse.biasGrad).cwiseAbs().maxCoeff() < 1e-5f);
            const auto& csr = sparse.sparse()->matrix();
            const sl::Tensor& g = sparse.sparse()->grad();
            for (int r = 0; r < csr.rows; ++r)
                for (std::int32_t k = csr.rowPtr[std::size_t(r)];
                     k < csr.rowPtr[std::size_t(r) + 1]; ++k)
                    QVERIFY(std::abs(g(k, 0) - dense.weightGrad(r, csr.colIdx[std::size_t(k)])) <
                            1e-5f);
        }
        // Back to dense: the values come home, inactive entries stay exactly 0.
        sparse.useDenseBackend();
        QVERIFY(sparse.sparse() == nullptr);
        QCOMPARE(sparse.weight, dense.weight);
    }

    void batchOneFollowsChangedValues() {
        // One example with zero inputs takes the column form, which keeps a copy of the values:
        // a write through values() (the optimizer's Param), a backward pass (an optimizer step
        // follows) or valuesChanged() must each be seen by the next forward.
        sl::Rng rng(4);
        sl::Dense dense = maskedLayer(rng);
        sl::Dense sparse = dense;
        sparse.useSparseBackend();
        Eigen::MatrixXf x = randomMatrix(5, 1, rng);
        x(1, 0) = x(3, 0) = 0.0f;  // 3 of 5 inputs non-zero: the column form
        QVERIFY(sl::columnsPay(x.data(), 5, sparse.sparse()->matrix().nnz()));
        auto sameAsDense = [&] {
            Eigen::MatrixXf y1, y2;
            sl::syncDenseViews({&sparse});
            dense.weight = sparse.weight;
            dense.forward(x, y1);
            sparse.forward(x, y2);
            return (y1 - y2).cwiseAbs().maxCoeff() < 1e-5f;
        };
        QVERIFY(sameAsDense());
        sl::Tensor* values = sparse.params()[0].value;
        *values *= 2.0f;  // through the Param, as the optimizer writes
        sparse.sparse()->valuesChanged();
        QVERIFY(sameAsDense());
        *values *= -1.0f;
        Eigen::MatrixXf y, dx;
        sparse.forward(randomMatrix(5, 3, rng), y);
        sparse.backward(randomMatrix(5, 3, rng), y, randomMatrix(6, 3, rng), &dx);
        QVERIFY(sameAsDense());
        sparse.sparse()->values()(0, 0) += 1.0f;
        QVERIFY(sameAsDense());
    }

    void finiteDifferenceGradients() {
        sl::Rng rng(2);
        sl::Dense d = maskedLayer(rng);
        d.useSparseBackend();
        const Eigen::MatrixXf x0 = randomMatrix(5, 4, rng);
        const Eigen::MatrixXf r = randomMatrix(6, 4, rng);  // loss = sum(y ⊙ r)
        Eigen::MatrixXf x = x0;
        auto loss = [&] {
            Eigen::MatrixXf y;
            d.forward(x, y);
            return double(y.cwiseProduct(r).sum());
        };
        Eigen::MatrixXf y, dx;
        d.forward(x, y);
        d.backward(x, y, r, &dx);
        const sl::Tensor valueGrad = d.sparse()->grad();
        const sl::Tensor biasGrad = d.biasGrad;
        QVERIFY(sl::test::gradientError(d.sparse()->values(), valueGrad, loss) < 1e-3);
        QVERIFY(sl::test::gradientError(d.bias, biasGrad, loss) < 1e-3);
        QVERIFY(sl::test::gradientError(x, dx, loss) < 1e-3);
    }

    void sparseNeighboursHandOverBatchMajor() {
        // Between two sparse layers the activations stay batch-major: the same bits as the
        // plain hand-off through the Model's layout, and the same function as dense layers.
        sl::Rng rng(5);
        for (int batch : {1, 2, 9, 70}) {
            const Eigen::MatrixXf x = randomMatrix(7, batch, rng);
            const Eigen::MatrixXf dlogits = randomMatrix(4, batch, rng);
            sl::Model chained = maskedMlp({0, 2, 4}), plain = maskedMlp({0, 2, 4});
            sl::Model dense = maskedMlp({});
            const Pass a = runPass(chained, x, dlogits);
            // The hand-off is taken: layers 0 and 2 give their output batch-major, not 4.
            const auto layout = [&](int i) {
                return sl::sparseWeightsOf(*chained.prunableLayers()[std::size_t(i)])
                    ->outputBatchMajor();
            };
            QCOMPARE(layout(0), batch > 1);
            QCOMPARE(layout(1), batch > 1);
            QCOMPARE(layout(2), false);
            sl::setBatchMajorHandoff(false);
            const Pass b = runPass(plain, x, dlogits);
            sl::setBatchMajorHandoff(true);
            QCOMPARE(a.logits, b.logits);
            QCOMPARE(a.firstInput, b.firstInput);
            QCOMPARE(a.middleInput, b.middleInput);
            QCOMPARE(a.denseGradient, b.denseGradient);
            QCOMPARE(a.grads.size(), std::size_t(6));
            for (std::size_t i = 0; i < a.grads.size(); ++i) QCOMPARE(a.grads[i], b.grads[i]);

            const Pass d = runPass(dense, x, dlogits);
            QVERIFY((a.logits - d.logits).cwiseAbs().maxCoeff() < 1e-5f);
            QVERIFY((a.middleInput - d.middleInput).cwiseAbs().maxCoeff() < 1e-5f);
            // Dense gradients are (out, in); the sparse ones per active weight, in CSR order.
            for (int l = 0; l < 3; ++l) {
                const sl::PrunableLayer& layer = *dense.prunableLayers()[std::size_t(l)];
                const auto& csr =
                    sl::sparseWeightsOf(*chained.prunableLayers()[std::size_t(l)])->matrix();
                const Eigen::MatrixXf& g = a.grads[std::size_t(2 * l)];
                for (int r = 0; r < csr.rows; ++r)
                    for (std::int32_t k = csr.rowPtr[std::size_t(r)];
                         k < csr.rowPtr[std::size_t(r) + 1]; ++k)
                        QVERIFY(std::abs(g(k, 0) -
                                         layer.weightGrad(r, csr.colIdx[std::size_t(k)])) < 1e-5f);
                QVERIFY((a.grads[std::size_t(2 * l + 1)] - d.grads[std::size_t(2 * l + 1)])
                            .cwiseAbs()
                            .maxCoeff() < 1e-5f);
            }
            QVERIFY((a.denseGradient - d.grads[2].topRows(4)).cwiseAbs().maxCoeff() < 1e-5f);
        }
    }

    void aDenseLayerBetweenBreaksTheHandoff() {
        // Layer 2 dense: layers 0 and 4 have no sparse neighbour, so they keep the Model's
        // layout, and the function is the dense one.
        sl::Rng rng(6);
        const Eigen::MatrixXf x = randomMatrix(7, 5, rng);
        const Eigen::MatrixXf dlogits = randomMatrix(4, 5, rng);
        sl::Model mixed = maskedMlp({0, 4}), dense = maskedMlp({});
        const Pass a = runPass(mixed, x, dlogits), d = runPass(dense, x, dlogits);
        QCOMPARE(sl::sparseWeightsOf(*mixed.prunableLayers()[0])->outputBatchMajor(), false);
        QVERIFY((a.logits - d.logits).cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY((a.firstInput - d.firstInput).cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY((a.grads[1] - d.grads[1]).cwiseAbs().maxCoeff() < 1e-5f);
    }

    void copiesOwnTheirBackend() {
        sl::Rng rng(3);
        sl::Dense a = maskedLayer(rng);
        a.useSparseBackend();
        sl::Dense b = a;
        b.sparse()->values().setZero();
        QVERIFY(a.sparse()->values().cwiseAbs().sum() > 0.0f);
        QVERIFY(a.sparse() != b.sparse());
    }

    void denseViewAndRebuild() {
        sl::Rng rng(4);
        sl::Dense d = maskedLayer(rng);
        const sl::Tensor original = d.weight;
        d.useSparseBackend();
        d.sparse()->values().array() += 1.0f;  // a step: the dense view is now stale
        std::vector<sl::PrunableLayer*> layers{&d};
        sl::syncDenseViews(layers);
        const sl::Tensor expected = (original.array() + 1.0f).matrix().cwiseProduct(d.mask);
        QVERIFY((d.weight - expected).cwiseAbs().maxCoeff() < 1e-6f);
        d.weight(4, 0) = 9.0f;  // as a restore would write it
        sl::rebuildSparseFromDense(layers);
        const auto& csr = d.sparse()->matrix();
        QCOMPARE(csr.values(csr.rowPtr[4], 0), 9.0f);  // row 4 is full: its first is column 0
    }

    void refusesLatentWeights() {
        sl::Rng rng(5);
        sl::Dense d = maskedLayer(rng);
        d.setWeightMode(sl::WeightMode::Latent);
        sl::test::expectError<sl::ConfigError>([&] { d.useSparseBackend(); }, {});
        // And the other way round: a layer already on the sparse backend refuses to turn latent.
        sl::Dense s = maskedLayer(rng);
        s.useSparseBackend();
        for (const auto mode : {sl::WeightMode::Latent, sl::WeightMode::LatentFrozen})
            sl::test::expectError<sl::ConfigError>([&] { s.setWeightMode(mode); },
                                                   {"sparse backend", "model.backend dense"});
        QCOMPARE(s.weightMode(), sl::WeightMode::Masked);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSparseDense)
#include "test_sparse_dense.moc"
