#include "core/nn/gradient_check.h"
#include "nn/dense.h"
#include "nn/sparse_dense.h"
#include "nn/sparse_kernels.h"
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

QTEST_APPLESS_MAIN(TestSparseDense)
#include "test_sparse_dense.moc"
