#include "nn/conv2d.h"
#include "support/error_message.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <cmath>

using sl::test::randomMatrix;

namespace {

// Input pixels 1..9 of a 1x3x3 image, row by row.
Eigen::MatrixXf ramp3x3() {
    Eigen::MatrixXf x(9, 1);
    for (int i = 0; i < 9; ++i) x(i, 0) = float(i + 1);
    return x;
}

struct Combo {
    sl::ImageShape input;
    int filters, kernel, stride, padding;
};

}  // namespace

class TestConv2d : public QObject {
    Q_OBJECT
private slots:
    void forwardHandComputed() {
        // Kernel [[1, 2], [3, 4]] over pixels 1..9: out(0,0) = 1*1 + 2*2 + 3*4 + 4*5 = 37, ...
        sl::Conv2d conv({1, 3, 3}, 1, 2, 1, 0);
        conv.weight << 1, 2, 3, 4;
        conv.bias << 0.5f;
        Eigen::MatrixXf y;
        conv.forward(ramp3x3(), y);
        QCOMPARE(conv.outputShape().height, 2);
        QCOMPARE(conv.outputShape().width, 2);
        Eigen::MatrixXf expected(4, 1);
        expected << 37.5f, 47.5f, 67.5f, 77.5f;
        QCOMPARE(y, expected);
    }

    void forwardWithStrideAndPaddingHandComputed() {
        // Padding 1, stride 2: the four windows start at (-1,-1), (-1,1), (1,-1), (1,1).
        //   (0,0): only pixel 1 under weight 4            -> 4
        //   (0,1): pixels 2, 3 under weights 3, 4         -> 18
        //   (1,0): pixels 4, 7 under weights 2, 4         -> 36
        //   (1,1): pixels 5, 6, 8, 9 under 1, 2, 3, 4     -> 77
        sl::Conv2d conv({1, 3, 3}, 1, 2, 2, 1);
        conv.weight << 1, 2, 3, 4;
        Eigen::MatrixXf y;
        conv.forward(ramp3x3(), y);
        Eigen::MatrixXf expected(4, 1);
        expected << 4, 18, 36, 77;
        QCOMPARE(y, expected);
    }

    void channelsAndFiltersKeepTheirOrder() {
        // 1x1 kernels over two 2x2 channels: filter 0 = c0 + 10 c1, filter 1 = 2 c0 - c1. The
        // output is filter-major (f * h * w + y * w + x); the second example is the negation.
        sl::Conv2d conv({2, 2, 2}, 2, 1, 1, 0);
        conv.weight << 1, 10, 2, -1;
        Eigen::MatrixXf x(8, 2);
        x.col(0) << 1, 2, 3, 4, 5, 6, 7, 8;
        x.col(1) = -x.col(0);
        Eigen::MatrixXf y;
        conv.forward(x, y);
        Eigen::MatrixXf expected(8, 2);
        expected.col(0) << 51, 62, 73, 84, -3, -2, -1, 0;
        expected.col(1) = -expected.col(0);
        QCOMPARE(y, expected);
    }

    void backwardHandComputed() {
        // Kernel 2x2 over the 3x3 ramp, dy = [1, 0, 0, 2]: dW = patch(0,0) + 2 patch(1,1),
        // db = 3, and dx spreads the kernel to the two windows.
        sl::Conv2d conv({1, 3, 3}, 1, 2, 1, 0);
        conv.weight << 1, 2, 3, 4;
        const Eigen::MatrixXf x = ramp3x3();
        Eigen::MatrixXf y, dx, dy(4, 1);
        dy << 1, 0, 0, 2;
        conv.forward(x, y);
        conv.backward(x, y, dy, &dx);
        sl::Tensor dW(1, 4);
        dW << 1 + 2 * 5, 2 + 2 * 6, 4 + 2 * 8, 5 + 2 * 9;
        QCOMPARE(conv.weightGrad, dW);
        QCOMPARE(conv.biasGrad(0, 0), 3.0f);
        Eigen::MatrixXf expectedDx(9, 1);
        expectedDx << 1, 2, 0, 3, 4 + 2, 4, 0, 6, 8;
        QCOMPARE(dx, expectedDx);
    }

    void gradientsMatchFiniteDifferences_data() {
        QTest::addColumn<int>("combo");
        QTest::newRow("2ch 5x4 k3 s1 p1") << 0;
        QTest::newRow("1ch 6x5 k3 s2 p0") << 1;
        QTest::newRow("3ch 5x7 k2 s2 p1") << 2;
        QTest::newRow("2ch 4x4 k1 s1 p0") << 3;
        QTest::newRow("1ch 7x6 k3 s2 p1") << 4;
    }

    void gradientsMatchFiniteDifferences() {
        QFETCH(int, combo);
        const Combo combos[] = {
            {{2, 5, 4}, 3, 3, 1, 1}, {{1, 6, 5}, 2, 3, 2, 0}, {{3, 5, 7}, 2, 2, 2, 1},
            {{2, 4, 4}, 2, 1, 1, 0}, {{1, 7, 6}, 3, 3, 2, 1},
        };
        const Combo& c = combos[combo];
        sl::Rng rng(11 + combo);
        sl::Conv2d conv(c.input, c.filters, c.kernel, c.stride, c.padding);
        conv.initialize(sl::Init::Glorot, rng);
        conv.bias = randomMatrix(c.filters, 1, rng);
        Eigen::MatrixXf x = randomMatrix(c.input.size(), 3, rng);
        // loss = sum(g ⊙ y), so dL/dy = g.
        const Eigen::MatrixXf g = randomMatrix(conv.outputShape().size(), 3, rng);
        Eigen::MatrixXf y, dx;
        auto loss = [&] {
            conv.forward(x, y);
            return (g.cast<double>().array() * y.cast<double>().array()).sum();
        };
        conv.forward(x, y);
        conv.backward(x, y, g, &dx);
        const sl::Tensor weightGrad = conv.weightGrad, biasGrad = conv.biasGrad;
        const Eigen::MatrixXf inputGrad = dx;
        QVERIFY(sl::test::gradientError(conv.weight, weightGrad, loss) < 1e-2);
        QVERIFY(sl::test::gradientError(conv.bias, biasGrad, loss) < 1e-2);
        QVERIFY(sl::test::gradientError(x, inputGrad, loss) < 1e-2);
        // The check can fail: a gradient off by 10% is caught.
        const Eigen::MatrixXf wrong = 1.1f * inputGrad;
        QVERIFY(sl::test::gradientError(x, wrong, loss) > 5e-2);
    }

    void buffersAreReusedAcrossBatchSizes() {
        // A large batch, then a small one, then the large again: the reused scratch must not
        // leak values of an earlier batch into a later one.
        sl::Rng rng(21);
        sl::Conv2d reused({2, 5, 5}, 3, 3, 1, 1), fresh({2, 5, 5}, 3, 3, 1, 1);
        reused.initialize(sl::Init::He, rng);
        fresh.weight = reused.weight;
        const Eigen::MatrixXf big = randomMatrix(50, 7, rng), small = randomMatrix(50, 2, rng);
        const Eigen::MatrixXf dyBig = randomMatrix(75, 7, rng), dySmall = randomMatrix(75, 2, rng);
        Eigen::MatrixXf y, dx, yFresh, dxFresh;
        reused.forward(big, y);
        reused.backward(big, y, dyBig, &dx);
        reused.forward(small, y);
        reused.backward(small, y, dySmall, &dx);
        fresh.forward(small, yFresh);
        fresh.backward(small, yFresh, dySmall, &dxFresh);
        QCOMPARE(y, yFresh);
        QCOMPARE(dx, dxFresh);
        QCOMPARE(reused.weightGrad, fresh.weightGrad);
        QCOMPARE(reused.biasGrad, fresh.biasGrad);
    }

    void latentWeightIsMaskedInTheProductOnly() {
        sl::Rng rng(7);
        sl::Conv2d latent({2, 4, 4}, 3, 3, 1, 1), pruned({2, 4, 4}, 3, 3, 1, 1);
        latent.initialize(sl::Init::Glorot, rng);
        for (Eigen::Index i = 0; i < latent.mask.size(); ++i)
            latent.mask.data()[i] = rng.uniform() < 0.5f ? 0.0f : 1.0f;
        latent.setWeightMode(sl::WeightMode::Latent);
        const sl::Tensor original = latent.weight;
        pruned.weight = latent.weight.cwiseProduct(latent.mask);
        const Eigen::MatrixXf x = randomMatrix(32, 4, rng), dy = randomMatrix(48, 4, rng);
        Eigen::MatrixXf yLatent, yPruned, dxLatent, dxPruned;
        latent.forward(x, yLatent);
        pruned.forward(x, yPruned);
        latent.backward(x, yLatent, dy, &dxLatent);
        pruned.backward(x, yPruned, dy, &dxPruned);
        QVERIFY((yLatent - yPruned).cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY((dxLatent - dxPruned).cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY((latent.weightGrad - pruned.weightGrad).cwiseAbs().maxCoeff() < 1e-5f);
        QCOMPARE(latent.weight, original);
        Eigen::MatrixXf yDense;
        latent.setWeightMode(sl::WeightMode::Plain);
        latent.forward(x, yDense);
        QVERIFY((yDense - yLatent).cwiseAbs().maxCoeff() > 1e-3f);  // the mask did matter
    }

    void forwardWeightReplacesTheWeight() {
        // With a weight transform the layer computes with the transformed weight and reports
        // dL/d(it): exactly what a layer holding that weight as W reports.
        sl::Rng rng(8);
        sl::Conv2d hooked({1, 6, 5}, 2, 3, 2, 1), plain({1, 6, 5}, 2, 3, 2, 1);
        hooked.initialize(sl::Init::He, rng);
        plain.initialize(sl::Init::He, rng);
        hooked.setWeightMode(sl::WeightMode::Latent);  // the transform wins as in Dense
        hooked.transformWeight(sl::WeightTransform::Method) = plain.weight;
        const sl::Tensor own = hooked.weight;
        const Eigen::MatrixXf x = randomMatrix(30, 3, rng);
        Eigen::MatrixXf yHooked, yPlain, dxHooked, dxPlain;
        hooked.forward(x, yHooked);
        plain.forward(x, yPlain);
        const Eigen::MatrixXf dy = randomMatrix(yPlain.rows(), 3, rng);
        hooked.backward(x, yHooked, dy, &dxHooked);
        plain.backward(x, yPlain, dy, &dxPlain);
        QCOMPARE(yHooked, yPlain);
        QCOMPARE(dxHooked, dxPlain);
        QCOMPARE(hooked.weightGrad, plain.weightGrad);
        QCOMPARE(hooked.weight, own);
    }

    void shapesDimsAndParams() {
        sl::Conv2d conv({3, 7, 5}, 4, 3, 2, 1);
        QCOMPARE(conv.outputShape().channels, 4);
        QCOMPARE(conv.outputShape().height, 4);  // (7 + 2 - 3) / 2 + 1
        QCOMPARE(conv.outputShape().width, 3);   // (5 + 2 - 3) / 2 + 1
        QCOMPARE(conv.outputSize(105), 48);
        QCOMPARE(conv.units(), 4);
        QCOMPARE(conv.fanIn(), 27);
        QCOMPARE(conv.weightDims(), (std::vector<int>{4, 3, 3, 3}));
        QCOMPARE(conv.macsPerWeight(), 12LL);
        QCOMPARE(conv.kind(), std::string("conv2d"));
        QCOMPARE(sl::layerName(conv, 0), std::string("conv1"));
        auto params = conv.params();
        QCOMPARE(params.size(), std::size_t(2));
        QCOMPARE(params[0].value, &conv.weight);
        QCOMPARE(params[0].grad, &conv.weightGrad);
        QVERIFY(params[0].mask == nullptr);
        QCOMPARE(params[1].value, &conv.bias);
        conv.setWeightMode(sl::WeightMode::LatentFrozen);
        params = conv.params();
        QCOMPARE(params[0].mask, &conv.mask);
        QVERIFY(params[0].keepMaskedValues);
        QVERIFY(params[1].mask == nullptr);
    }

    void heInitUsesChannelsTimesKernelArea() {
        sl::Rng rng(5);
        sl::Conv2d conv({16, 8, 8}, 256, 3, 1, 1);  // fan_in 144
        conv.initialize(sl::Init::He, rng);
        const double n = double(conv.weight.size());
        const double var = conv.weight.cast<double>().array().square().sum() / n;
        QVERIFY(std::abs(std::sqrt(var) / std::sqrt(2.0 / 144.0) - 1.0) < 0.02);
        QVERIFY(conv.mask.isOnes(0.0f));
        QVERIFY(conv.bias.isZero(0.0f));

        sl::Conv2d glorot({16, 8, 8}, 32, 3, 1, 1);  // fan_in 144, fan_out 288
        glorot.initialize(sl::Init::Glorot, rng);
        const float bound = std::sqrt(6.0f / 432.0f);
        QVERIFY(glorot.weight.cwiseAbs().maxCoeff() <= bound);
        QVERIFY(glorot.weight.cwiseAbs().maxCoeff() > 0.99f * bound);
    }

    void badShapesThrow() {
        sl::test::expectError<sl::ShapeError>(
            [] {
                sl::Conv2d bad({1, 2, 2}, 1, 5, 1, 1);
            },
            {"5x5 kernel", "1x2x2"});
        sl::test::expectError<sl::ShapeError>(
            [] {
                sl::Conv2d bad({1, 4, 4}, 0, 3, 1, 1);
            },
            {"0 filters"});
        sl::test::expectError<sl::ShapeError>(
            [] {
                sl::Conv2d bad({0, 4, 4}, 2, 3, 1, 1);
            },
            {"expected all > 0"});
        sl::Conv2d conv({2, 3, 3}, 1, 3, 1, 1);
        Eigen::MatrixXf x(9, 1), y;
        x.setZero();
        sl::test::expectError<sl::ShapeError>([&] { conv.forward(x, y); },
                                              {"9 features", "expected 18"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestConv2d)
#include "test_conv2d.moc"
