#include "sparsity/hard_concrete.h"
#include "support/test_main.h"

#include <QtTest>

namespace hc = sl::hard_concrete;

// Expected values computed by hand (in double) from Louizos et al. (2018), eqs. 10-13 with
// beta = 2/3, gamma = -0.1, zeta = 1.1.
class TestHardConcrete : public QObject {
    Q_OBJECT

    static void near(float got, double expected, double tol = 2e-6) {
        QVERIFY2(std::abs(double(got) - expected) <= tol,
                 qPrintable(
                     QString("got %1, expected %2").arg(got, 0, 'g', 9).arg(expected, 0, 'g', 9)));
    }

private slots:
    void trainingGateOnFixedNoise() {
        // log alpha 0.5, u 0.3: s = sigmoid((log 0.3 - log 0.7 + 0.5) / (2/3)) = 0.372630869
        auto g = hc::sample(0.5f, 0.3f);
        near(g.z, 0.347157043);
        near(g.dzdLogAlpha, 0.420798788);
        g = hc::sample(0.0f, 0.5f);
        near(g.z, 0.5);
        near(g.dzdLogAlpha, 0.45);
    }

    void trainingGateClampsAtZeroAndOne() {
        auto closed = hc::sample(-3.0f, 0.1f);  // s_bar = -0.0995
        QCOMPARE(closed.z, 0.0f);
        QCOMPARE(closed.dzdLogAlpha, 0.0f);
        auto open = hc::sample(3.0f, 0.9f);  // s_bar = 1.0995
        QCOMPARE(open.z, 1.0f);
        QCOMPARE(open.dzdLogAlpha, 0.0f);
        // u at the ends of [0, 1) stays finite.
        QCOMPARE(hc::sample(0.0f, 0.0f).z, 0.0f);
        QCOMPARE(hc::sample(0.0f, 1.0f).z, 1.0f);
    }

    void deterministicGate() {
        near(hc::deterministic(0.0f), 0.5);
        near(hc::deterministic(2.0f), 0.956956494);
        QCOMPARE(hc::deterministic(-2.5f), 0.0f);  // -0.00897 clamps
        QCOMPARE(hc::deterministic(3.0f), 1.0f);   // 1.0431 clamps
    }

    void expectedL0() {
        near(hc::openProbability(0.0f), 0.831822184);
        near(hc::openProbability(2.0f), 0.973366655);
        near(hc::openProbability(-2.5f), 0.288762235);
        const float p = 0.831822184f;
        near(hc::openProbabilityGrad(0.0f), p * (1.0 - p));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestHardConcrete)
#include "test_hard_concrete.moc"
