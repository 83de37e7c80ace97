#include "nn/conv2d.h"
#include "support/error_message.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <numeric>

class TestMaxPool : public QObject {
    Q_OBJECT
private slots:
    void forwardAndBackwardHandComputed() {
        // One 4x4 channel in 2x2 windows; the gradient goes to each window's maximum only.
        sl::MaxPool2d pool({1, 4, 4}, 2);
        Eigen::MatrixXf x(16, 1);
        x << 1, 5, 2, 0, 3, 4, 8, 7, -1, -2, 0, 0, -3, -4, 6, 9;
        Eigen::MatrixXf y, dx, dy(4, 1);
        pool.forward(x, y);
        Eigen::MatrixXf expected(4, 1);
        expected << 5, 8, -1, 9;
        QCOMPARE(y, expected);
        dy << 10, 20, 30, 40;
        pool.backward(x, y, dy, &dx);
        Eigen::MatrixXf expectedDx(16, 1);
        expectedDx << 0, 10, 0, 0, 0, 0, 20, 0, 30, 0, 0, 0, 0, 0, 0, 40;
        QCOMPARE(dx, expectedDx);
    }

    void tiesGoToTheFirstMaximum() {
        // The window (0 0 / 0 0) routes to its first entry, so a run is reproducible.
        sl::MaxPool2d pool({1, 2, 2}, 2);
        Eigen::MatrixXf x = Eigen::MatrixXf::Zero(4, 1), y, dx, dy(1, 1);
        dy << 1;
        pool.forward(x, y);
        pool.backward(x, y, dy, &dx);
        QCOMPARE(dx(0, 0), 1.0f);
        QCOMPARE(dx.sum(), 1.0f);
    }

    void channelsAndBatchStaySeparateAndEdgesAreDropped() {
        // Two 5x3 channels with window 2 give 2x1 each: the last row and column are dropped,
        // even where they hold the largest values.
        sl::MaxPool2d pool({2, 5, 3}, 2);
        QCOMPARE(pool.outputShape().height, 2);
        QCOMPARE(pool.outputShape().width, 1);
        QCOMPARE(pool.outputSize(30), 4);
        Eigen::MatrixXf x(30, 2);
        for (int i = 0; i < 30; ++i) x(i, 0) = float(i);  // increasing: each window's bottom right
        x.col(1) = -x.col(0);                             // decreasing: each window's top left
        x(14, 0) = 100.0f;  // row 4 of channel 0: outside every window
        Eigen::MatrixXf y;
        pool.forward(x, y);
        Eigen::MatrixXf expected(4, 2);
        expected << 4, 0, 10, -6, 19, -15, 25, -21;
        QCOMPARE(y, expected);
    }

    void gradientMatchesFiniteDifferences() {
        // Distinct inputs 0.1 apart, so a 1e-2 step never changes which entry wins.
        sl::Rng rng(3);
        sl::MaxPool2d pool({3, 6, 5}, 2);
        const auto order = rng.permutation(90 * 2);
        Eigen::MatrixXf x(90, 2);
        for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = 0.1f * float(order[i]);
        const Eigen::MatrixXf g = sl::test::randomMatrix(pool.outputShape().size(), 2, rng);
        Eigen::MatrixXf y, dx;
        auto loss = [&] {
            pool.forward(x, y);
            return (g.cast<double>().array() * y.cast<double>().array()).sum();
        };
        pool.forward(x, y);
        pool.backward(x, y, g, &dx);
        const Eigen::MatrixXf analytic = dx;
        QVERIFY(sl::test::gradientError(x, analytic, loss) < 1e-2);
        // One input in four gets a gradient (the winners; the dropped column gets none).
        QCOMPARE((analytic.array() != 0.0f).count(), Eigen::Index(3 * 3 * 2 * 2));
    }

    void badShapesThrow() {
        sl::test::expectError<sl::ShapeError>(
            [] {
                sl::MaxPool2d bad({1, 1, 4}, 2);
            },
            {"2x2 window", "1x1x4"});
        sl::test::expectError<sl::ShapeError>(
            [] {
                sl::MaxPool2d bad({1, 4, 4}, 0);
            },
            {"window of 0"});
        sl::MaxPool2d pool({1, 4, 4}, 2);
        Eigen::MatrixXf x(15, 1), y;
        x.setZero();
        sl::test::expectError<sl::ShapeError>([&] { pool.forward(x, y); },
                                              {"15 features", "expected 16"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestMaxPool)
#include "test_max_pool.moc"
