#include "nn/activation.h"
#include "support/error_message.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"
#include "util/rng.h"

#include <QtTest>
#include <cmath>

class TestActivation : public QObject {
    Q_OBJECT
private:
    // Gradient of sum(c ⊙ f(x)) against central differences, at points at least 0.1 away from
    // ReLU's kink so that the differences (eps = 1e-2) never straddle it.
    static double gradientErrorOf(sl::ActivationKind kind) {
        sl::Rng rng(21);
        Eigen::MatrixXf x(4, 3), c(4, 3);
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            const float magnitude = rng.uniform(0.1f, 2.0f);
            x.data()[i] = rng.uniform() < 0.5f ? -magnitude : magnitude;
            c.data()[i] = rng.uniform(-1.0f, 1.0f);
        }
        sl::Activation act(kind);
        Eigen::MatrixXf y, dx;
        auto loss = [&] {
            act.forward(x, y);
            return (c.cast<double>().array() * y.cast<double>().array()).sum();
        };
        act.forward(x, y);
        act.backward(x, y, c, &dx);
        return sl::test::gradientError(x, dx, loss);
    }

    static Eigen::MatrixXf apply(sl::ActivationKind kind, const Eigen::MatrixXf& x) {
        sl::Activation act(kind);
        Eigen::MatrixXf y;
        act.forward(x, y);
        return y;
    }

private slots:
    void reluValues() {
        Eigen::MatrixXf x(5, 1);
        x << -2.0f, -0.5f, 0.0f, 0.5f, 3.0f;
        Eigen::MatrixXf expected(5, 1);
        expected << 0.0f, 0.0f, 0.0f, 0.5f, 3.0f;
        QCOMPARE(apply(sl::ActivationKind::ReLU, x), expected);
    }

    void tanhValues() {
        Eigen::MatrixXf x(3, 1);
        x << 0.0f, 0.5f, -2.0f;
        const Eigen::MatrixXf y = apply(sl::ActivationKind::Tanh, x);
        QCOMPARE(y(0), 0.0f);
        QVERIFY(std::abs(y(1) - 0.46211716f) < 1e-6f);
        QVERIFY(std::abs(y(2) + 0.96402758f) < 1e-6f);
    }

    void sigmoidValuesAndSaturation() {
        Eigen::MatrixXf x(5, 1);
        x << 0.0f, 2.0f, -3.0f, 100.0f, -100.0f;
        const Eigen::MatrixXf y = apply(sl::ActivationKind::Sigmoid, x);
        QCOMPARE(y(0), 0.5f);
        QVERIFY(std::abs(y(1) - 0.88079708f) < 1e-6f);
        QVERIFY(std::abs(y(2) - 0.04742587f) < 1e-6f);
        QCOMPARE(y(3), 1.0f);
        QVERIFY(std::isfinite(y(4)) && y(4) >= 0.0f && y(4) < 1e-30f);
    }

    void derivativesFromTheOutput() {
        // At x = 0.5: relu' = 1, tanh' = 1 - tanh², sigmoid' = s (1 - s).
        Eigen::MatrixXf x(1, 1), dy(1, 1), y, dx;
        x << 0.5f;
        dy << 2.0f;
        sl::Activation tanh(sl::ActivationKind::Tanh);
        tanh.forward(x, y);
        tanh.backward(x, y, dy, &dx);
        QVERIFY(std::abs(dx(0) - 2.0f * (1.0f - 0.46211716f * 0.46211716f)) < 1e-6f);
        sl::Activation sigmoid(sl::ActivationKind::Sigmoid);
        sigmoid.forward(x, y);
        sigmoid.backward(x, y, dy, &dx);
        const float s = 1.0f / (1.0f + std::exp(-0.5f));
        QVERIFY(std::abs(dx(0) - 2.0f * s * (1.0f - s)) < 1e-6f);
        x << -0.5f;
        sl::Activation relu(sl::ActivationKind::ReLU);
        relu.forward(x, y);
        relu.backward(x, y, dy, &dx);
        QCOMPARE(dx(0), 0.0f);
    }

    void gradientsMatchFiniteDifferences() {
        QVERIFY(gradientErrorOf(sl::ActivationKind::ReLU) < 1e-2);
        QVERIFY(gradientErrorOf(sl::ActivationKind::Tanh) < 1e-2);
        QVERIFY(gradientErrorOf(sl::ActivationKind::Sigmoid) < 1e-2);
    }

    void namesRoundTrip() {
        const auto names = sl::activationNames();
        QCOMPARE(names.size(), std::size_t(3));
        for (const auto& name : names) {
            const auto kind = sl::activationFromName(name);
            QCOMPARE(sl::activationName(kind), name);
            QCOMPARE(sl::Activation(kind).kind(), name);
        }
        QVERIFY(sl::activationFromName("tanh") == sl::ActivationKind::Tanh);
    }

    void unknownNameThrows() {
        sl::test::expectError<sl::ConfigError>(
            [] { sl::activationFromName("gelu"); },
            {"model.activation", "'gelu'", "relu, tanh, sigmoid"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestActivation)
#include "test_activation.moc"
