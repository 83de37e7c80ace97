#include "nn/dense.h"
#include "support/error_message.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <cmath>

using sl::test::randomMatrix;

class TestDense : public QObject {
    Q_OBJECT
private slots:
    void forwardHandComputed() {
        sl::Dense dense(3, 2);
        dense.weight << 1, 2, 3, 4, 5, 6;
        dense.bias << 0.5f, -1.0f;
        Eigen::MatrixXf x(3, 2);
        x << 1, 2, 0, 1, -1, 0;
        Eigen::MatrixXf y;
        dense.forward(x, y);
        QCOMPARE(y.rows(), Eigen::Index(2));
        QCOMPARE(y.cols(), Eigen::Index(2));
        // Column 0: W (1, 0, -1) + b = (-2, -2) + (0.5, -1); column 1: W (2, 1, 0) + b.
        QCOMPARE(y(0, 0), -1.5f);
        QCOMPARE(y(1, 0), -3.0f);
        QCOMPARE(y(0, 1), 4.5f);
        QCOMPARE(y(1, 1), 12.0f);
    }

    void backwardHandComputed() {
        sl::Dense dense(3, 2);
        dense.weight << 1, 2, 3, 4, 5, 6;
        Eigen::MatrixXf x(3, 2);
        x << 1, 2, 0, 1, -1, 0;
        Eigen::MatrixXf y, dy(2, 2), dx;
        dy << 1, 0, 2, -1;
        dense.forward(x, y);
        dense.backward(x, y, dy, &dx);
        // dW = dy x^T, db = row sums of dy, dx = W^T dy.
        sl::Tensor dW(2, 3);
        dW << 1, 0, -1, 0, -1, -2;
        QCOMPARE(dense.weightGrad, dW);
        QCOMPARE(dense.biasGrad(0, 0), 1.0f);
        QCOMPARE(dense.biasGrad(1, 0), 1.0f);
        Eigen::MatrixXf expectedDx(3, 2);
        expectedDx << 9, -4, 12, -5, 15, -6;
        QCOMPARE(dx, expectedDx);
    }

    void gradientsMatchFiniteDifferences() {
        sl::Rng rng(3);
        sl::Dense dense(4, 3);
        dense.initialize(sl::Init::Glorot, rng);
        dense.bias = randomMatrix(3, 1, rng);
        Eigen::MatrixXf x = randomMatrix(4, 5, rng);
        const Eigen::MatrixXf c = randomMatrix(3, 5, rng);  // loss = sum(c ⊙ y), so dL/dy = c
        Eigen::MatrixXf y, dx;
        auto loss = [&] {
            dense.forward(x, y);
            return (c.cast<double>().array() * y.cast<double>().array()).sum();
        };
        dense.forward(x, y);
        dense.backward(x, y, c, &dx);
        const sl::Tensor weightGrad = dense.weightGrad, biasGrad = dense.biasGrad;
        QVERIFY(sl::test::gradientError(dense.weight, weightGrad, loss) < 1e-2);
        QVERIFY(sl::test::gradientError(dense.bias, biasGrad, loss) < 1e-2);
        QVERIFY(sl::test::gradientError(x, dx, loss) < 1e-2);
        // The check can fail: a gradient off by 10% is caught.
        const sl::Tensor wrong = 1.1f * weightGrad;
        QVERIFY(sl::test::gradientError(dense.weight, wrong, loss) > 5e-2);
    }

    void backwardWithoutInputGradientStillFillsParameterGradients() {
        sl::Rng rng(4);
        sl::Dense dense(6, 2);
        dense.initialize(sl::Init::He, rng);
        const Eigen::MatrixXf x = randomMatrix(6, 3, rng), dy = randomMatrix(2, 3, rng);
        Eigen::MatrixXf y, dx;
        dense.forward(x, y);
        dense.backward(x, y, dy, &dx);
        const sl::Tensor withDx = dense.weightGrad, biasWithDx = dense.biasGrad;
        dense.weightGrad.setZero();
        dense.biasGrad.setZero();
        dense.backward(x, y, dy, nullptr);
        QCOMPARE(dense.weightGrad, withDx);
        QCOMPARE(dense.biasGrad, biasWithDx);
    }

    void latentWeightIsMaskedInTheProductOnly() {
        // A latent layer must compute exactly what a layer holding W ⊙ M computes, while its
        // own W keeps the masked values.
        sl::Rng rng(7);
        sl::Dense latent(4, 3), pruned(4, 3);
        latent.initialize(sl::Init::Glorot, rng);
        latent.mask << 1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0;
        latent.setWeightMode(sl::WeightMode::Latent);
        const sl::Tensor original = latent.weight;
        pruned.weight = latent.weight.cwiseProduct(latent.mask);
        const Eigen::MatrixXf x = randomMatrix(4, 5, rng), dy = randomMatrix(3, 5, rng);
        Eigen::MatrixXf yLatent, yPruned, dxLatent, dxPruned;
        latent.forward(x, yLatent);
        pruned.forward(x, yPruned);
        latent.backward(x, yLatent, dy, &dxLatent);
        pruned.backward(x, yPruned, dy, &dxPruned);
        QVERIFY((yLatent - yPruned).cwiseAbs().maxCoeff() < 1e-6f);
        QVERIFY((dxLatent - dxPruned).cwiseAbs().maxCoeff() < 1e-6f);
        QVERIFY((latent.weightGrad - pruned.weightGrad).cwiseAbs().maxCoeff() < 1e-6f);
        QCOMPARE(latent.weight, original);
        QVERIFY(original(0, 1) != 0.0f);
        Eigen::MatrixXf yDense;
        latent.setWeightMode(sl::WeightMode::Plain);
        latent.forward(x, yDense);
        QVERIFY((yDense - yLatent).cwiseAbs().maxCoeff() > 1e-3f);  // the mask did matter
    }

    void heInitHasStdSqrtTwoOverIn() {
        sl::Rng rng(5);
        sl::Dense dense(400, 300);
        dense.weightGrad.setOnes();
        dense.initialize(sl::Init::He, rng);
        const double n = double(dense.weight.size());
        const double mean = dense.weight.cast<double>().sum() / n;
        const double var = (dense.weight.cast<double>().array() - mean).square().sum() / n;
        QVERIFY(std::abs(mean) < 0.002);
        QVERIFY(std::abs(std::sqrt(var) / std::sqrt(2.0 / 400.0) - 1.0) < 0.02);
        QVERIFY(dense.bias.isZero(0.0f));
        QVERIFY(dense.mask.isOnes(0.0f));
        QVERIFY(dense.weightGrad.isZero(0.0f));
        QCOMPARE(dense.weightGrad.rows(), Eigen::Index(300));
        QCOMPARE(dense.weightGrad.cols(), Eigen::Index(400));
        QCOMPARE(dense.biasGrad.rows(), Eigen::Index(300));
    }

    void glorotInitIsUniformWithinBound() {
        sl::Rng rng(6);
        sl::Dense dense(400, 200);
        dense.initialize(sl::Init::Glorot, rng);
        const float bound = std::sqrt(6.0f / 600.0f);
        const float largest = dense.weight.cwiseAbs().maxCoeff();
        QVERIFY(largest <= bound);
        QVERIFY(largest > 0.99f * bound);
        // U(-a, a) has variance a² / 3.
        const double var = dense.weight.cast<double>().array().square().mean();
        QVERIFY(std::abs(var / (bound * bound / 3.0) - 1.0) < 0.02);
    }

    void sameSeedSameWeights() {
        sl::Rng a(9), b(9);
        sl::Dense first(5, 4), second(5, 4);
        first.initialize(sl::Init::He, a);
        second.initialize(sl::Init::He, b);
        QCOMPARE(first.weight, second.weight);
    }

    void paramsExposeTheMaskOnlyWhenMasked() {
        sl::Dense dense(3, 2);
        auto params = dense.params();
        QCOMPARE(params.size(), std::size_t(2));
        QCOMPARE(params[0].value, &dense.weight);
        QCOMPARE(params[0].grad, &dense.weightGrad);
        QVERIFY(params[0].mask == nullptr);
        QCOMPARE(params[1].value, &dense.bias);
        QCOMPARE(params[1].grad, &dense.biasGrad);
        QVERIFY(params[1].mask == nullptr);
        dense.setWeightMode(sl::WeightMode::Masked);
        params = dense.params();
        QCOMPARE(params[0].mask, &dense.mask);
        QVERIFY(params[1].mask == nullptr);
    }

    void wrongInputSizeThrows() {
        sl::Dense dense(3, 2);
        Eigen::MatrixXf x(4, 1), y;
        x.setZero();
        sl::test::expectError<sl::ShapeError>([&] { dense.forward(x, y); },
                                              {"4 features", "expected 3"});
        sl::test::expectError<sl::ShapeError>([] { sl::Dense bad(0, 2); }, {"expected both > 0"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestDense)
#include "test_dense.moc"
