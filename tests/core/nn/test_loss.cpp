#include "nn/loss.h"
#include "support/error_message.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"
#include "util/rng.h"

#include <QtTest>
#include <cmath>

class TestLoss : public QObject {
    Q_OBJECT
private slots:
    void handComputedThreeClassesTwoExamples() {
        Eigen::MatrixXf logits(3, 2);
        logits << 1, 2, 2, 0, 3, -1;
        const std::vector<std::int32_t> labels{2, 1};
        Eigen::MatrixXf d;
        const auto r = sl::softmaxCrossEntropy(logits, labels, &d);
        // log(e^1 + e^2 + e^3) - 3 = 0.40760596 and log(e^2 + 1 + e^-1) - 0 = 2.16984602.
        QVERIFY(std::abs(r.loss - (0.40760596 + 2.16984602) / 2.0) < 1e-6);
        QCOMPARE(r.correct, 1);
        Eigen::MatrixXf expected(3, 2);  // (softmax - onehot) / 2
        expected << 0.04501529f, 0.42189737f, 0.12236424f, -0.44290240f, -0.16737952f, 0.02100503f;
        QVERIFY((d - expected).cwiseAbs().maxCoeff() < 1e-6f);
    }

    void gradientMatchesFiniteDifferences() {
        sl::Rng rng(8);
        Eigen::MatrixXf logits(4, 6);
        for (Eigen::Index i = 0; i < logits.size(); ++i) logits.data()[i] = rng.uniform(-3, 3);
        std::vector<std::int32_t> labels{0, 3, 1, 2, 3, 0};
        Eigen::MatrixXf d;
        sl::softmaxCrossEntropy(logits, labels, &d);
        auto loss = [&] { return sl::softmaxCrossEntropy(logits, labels, nullptr).loss; };
        QVERIFY(sl::test::gradientError(logits, d, loss, 1e-2f, 1e-2) < 1e-2);
    }

    void stableForLargeLogits() {
        Eigen::MatrixXf logits(3, 2);
        logits << 1000, -1000, 1001, 0, 1002, 1000;
        Eigen::MatrixXf d;
        const auto r = sl::softmaxCrossEntropy(logits, {2, 0}, &d);
        // Column 0 is (1, 2, 3) shifted by 999; column 1 puts its label 2000 below the max.
        QVERIFY(std::isfinite(r.loss));
        QVERIFY(std::abs(r.loss - (0.40760596 + 2000.0) / 2.0) < 1e-3);
        QVERIFY(d.allFinite());
        QVERIFY(std::abs(d(2, 0) + 0.16737952f) < 1e-6f);
        QVERIFY(std::abs(d(0, 1) + 0.5f) < 1e-6f);
        QVERIFY(std::abs(d(2, 1) - 0.5f) < 1e-6f);
    }

    void countsCorrectExamples() {
        Eigen::MatrixXf logits(2, 4);
        logits << 1, 0, 5, -1, 0, 1, 4, 2;
        QCOMPARE(sl::softmaxCrossEntropy(logits, {0, 1, 0, 1}, nullptr).correct, 4);
        QCOMPARE(sl::softmaxCrossEntropy(logits, {1, 1, 1, 0}, nullptr).correct, 1);
    }

    void rejectsBadLabelsAndSizes() {
        Eigen::MatrixXf logits = Eigen::MatrixXf::Zero(3, 2);
        sl::test::expectError<sl::ShapeError>(
            [&] {
                sl::softmaxCrossEntropy(logits, {0, 3}, nullptr);
            },
            {"label 3", "[0, 3)"});
        sl::test::expectError<sl::ShapeError>(
            [&] {
                sl::softmaxCrossEntropy(logits, {-1, 0}, nullptr);
            },
            {"label -1"});
        sl::test::expectError<sl::ShapeError>(
            [&] {
                sl::softmaxCrossEntropy(logits, {0, 1, 2}, nullptr);
            },
            {"3 labels", "(2)"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestLoss)
#include "test_loss.moc"
