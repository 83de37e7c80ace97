#include "nn/dense.h"
#include "sparsity/hard_concrete.h"
#include "sparsity/methods/l0.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <cmath>

namespace {

sl::SparsitySettings l0Settings(const char* granularity, float lambda = 0.1f) {
    sl::SparsitySettings s;
    s.method = "l0";
    s.gateGranularity = granularity;
    s.l0Lambda = lambda;
    s.gateLr = 0.1f;
    s.deltaT = 1;
    return s;
}

struct Setup {
    sl::Dense d{3, 2};
    sl::Rng rng{7};
    sl::SparsityContext c;
    sl::L0HardConcrete m;
    explicit Setup(sl::SparsitySettings s) : m(std::move(s)) {
        d.initialize(sl::Init::He, rng);
        c = sl::SparsityContext{{&d}, &rng, 100};
        m.begin(c);
    }
};

}  // namespace

class TestL0 : public QObject {
    Q_OBJECT
private slots:
    void beginsAtThePapersInitialisation() {
        sl::Dense d(784, 300);
        sl::Rng rng(3);
        sl::SparsityContext c{{&d}, &rng, 100};
        sl::L0HardConcrete m(l0Settings("weight"));
        QVERIFY(m.begin(c).empty());  // every deterministic gate is open (about 0.5)
        QVERIFY(m.emergent());
        QVERIFY(std::isnan(m.targetSparsityAt(5)));
        QVERIFY(!d.masked());
        const sl::Tensor& a = m.logAlpha()[0];
        QCOMPARE(a.rows(), 300);
        QCOMPARE(a.cols(), 784);
        // N(log(1-0.5) - log 0.5, 0.01^2) = N(0, 0.01^2)
        QVERIFY(std::abs(a.mean()) < 1e-3f);
        const double var = (a.array() - a.mean()).square().mean();
        QVERIFY(std::abs(std::sqrt(var) - 0.01) < 1e-3);
        QCOMPARE((d.mask.array() == 1.0f).count(), 300 * 784);
    }

    void trainingAndEvaluationForwardWeights() {
        Setup s(l0Settings("weight"));
        auto& a = s.m.logAlpha()[0];
        a << 0.5f, 0.0f, -3.0f,  //
            3.0f, 2.0f, -2.5f;
        sl::Tensor u(2, 3);
        u << 0.3f, 0.5f, 0.1f,  //
            0.9f, 0.5f, 0.5f;
        s.m.applyNoise(s.d, 0, u);
        QCOMPARE(s.d.weightTransform(), sl::WeightTransform::Method);
        for (int i = 0; i < 6; ++i) {
            const float z = sl::hard_concrete::sample(a.data()[i], u.data()[i]).z;
            QCOMPARE(s.m.gates()[0].data()[i], z);
            QCOMPARE(s.d.forwardWeight().data()[i], s.d.weight.data()[i] * z);
        }
        QCOMPARE(s.m.gates()[0](0, 2), 0.0f);  // clamped shut
        QCOMPARE(s.m.gates()[0](1, 0), 1.0f);  // clamped open

        s.d.clearTransform();
        s.m.beforeEvaluation(s.c);
        QCOMPARE(s.d.weightTransform(), sl::WeightTransform::Method);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(s.d.forwardWeight().data()[i],
                     s.d.weight.data()[i] * sl::hard_concrete::deterministic(a.data()[i]));
        QCOMPARE(s.d.forwardWeight()(1, 0), s.d.weight(1, 0));
        QCOMPARE(s.d.forwardWeight()(1, 2), 0.0f);
    }

    void penaltyIsTheExpectedL0() {
        Setup w(l0Settings("weight", 0.1f));
        w.m.logAlpha()[0] << 0.0f, 2.0f, -2.5f, 0.0f, 0.0f, 0.0f;
        const double p0 = 0.831822184, p2 = 0.973366655, pm = 0.288762235;
        QVERIFY(std::abs(w.m.penalty() - 0.1 * (4 * p0 + p2 + pm)) < 1e-6);
        // A neuron gate counts once per weight of its row (fan_in 3).
        Setup n(l0Settings("neuron", 0.1f));
        QCOMPARE(n.m.logAlpha()[0].cols(), 1);
        n.m.logAlpha()[0] << 2.0f, -2.5f;
        QVERIFY(std::abs(n.m.penalty() - 0.1 * 3 * (p2 + pm)) < 1e-6);
    }

    // dL/dlog alpha of L = sum(R ⊙ y) + penalty, y = (W ⊙ z(log alpha, u)) x, against central
    // differences with the noise held fixed; then weightGrad becomes G ⊙ z.
    void logAlphaGradientMatchesFiniteDifferences_data() {
        QTest::addColumn<QString>("granularity");
        QTest::newRow("weight") << "weight";
        QTest::newRow("neuron") << "neuron";
    }
    void logAlphaGradientMatchesFiniteDifferences() {
        QFETCH(QString, granularity);
        Setup s(l0Settings(granularity.toStdString().c_str(), 0.05f));
        sl::Rng rng(11);
        const sl::Activations x = sl::test::randomMatrix(3, 4, rng);
        const sl::Activations r = sl::test::randomMatrix(2, 4, rng);
        sl::Tensor& a = s.m.logAlpha()[0];
        sl::Tensor u(a.rows(), a.cols());
        // Noise that keeps every gate inside (0, 1), where z is smooth in log alpha.
        for (Eigen::Index i = 0; i < u.size(); ++i) u.data()[i] = rng.uniform(0.3f, 0.7f);
        sl::Activations y;
        auto loss = [&] {
            s.d.clearTransform();  // as the trainer does before every forward
            s.m.applyNoise(s.d, 0, u);
            s.d.forward(x, y);
            return double((r.array() * y.array()).sum()) + s.m.penalty();
        };
        loss();
        s.d.backward(x, y, r, nullptr);
        const sl::Tensor g = s.d.weightGrad;
        const sl::Tensor analytic = s.m.logAlphaGradient(s.d, 0);
        QVERIFY(analytic.cwiseAbs().maxCoeff() > 1e-3f);
        const double error = sl::test::gradientError(a, analytic, loss, 1e-2f, 1e-2);
        QVERIFY2(error < 2e-2, qPrintable(QString("relative error %1").arg(error)));

        // afterBackward: weightGrad = G ⊙ z and log alpha moves against its gradient.
        loss();
        s.d.weightGrad = g;
        const sl::Tensor z = s.m.gates()[0];
        const sl::Tensor before = a;
        s.m.afterBackward(s.c, 1);
        for (Eigen::Index i = 0; i < g.rows(); ++i)
            for (Eigen::Index j = 0; j < g.cols(); ++j)
                QCOMPARE(s.d.weightGrad(i, j), g(i, j) * z(i, granularity == "neuron" ? 0 : j));
        for (Eigen::Index i = 0; i < a.size(); ++i) {
            // Adam's first step moves each entry by gate_lr against the gradient's sign.
            const float moved = a.data()[i] - before.data()[i];
            QVERIFY(std::abs(std::abs(moved) - 0.1f) < 1e-4f);
            QVERIFY(moved * analytic.data()[i] < 0.0f);
        }
    }

    void neuronGatesCloseWholeRows() {
        sl::Dense d(4, 3);
        sl::Rng rng(2);
        d.initialize(sl::Init::He, rng);
        sl::SparsityContext c{{&d}, &rng, 100};
        sl::L0HardConcrete m(l0Settings("neuron"));
        m.begin(c);
        m.logAlpha()[0] << 3.0f, -4.0f, 0.0f;
        m.beforeForward(c, 1);
        // The mask shows the deterministic gates: row 1's (log alpha -4) is shut.
        const auto events = m.afterOptimizerStep(c, 1);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].prunedIndices, (std::vector<std::int32_t>{4, 5, 6, 7}));
        QCOMPARE(d.mask.row(1).sum(), 0.0f);
        QCOMPARE(d.mask.row(0).sum(), 4.0f);
        QCOMPARE(d.mask.row(2).sum(), 4.0f);
        d.clearTransform();  // as the trainer does before every forward
        m.beforeEvaluation(c);
        QCOMPARE(d.forwardWeight().row(1).cwiseAbs().sum(), 0.0f);
        QCOMPARE(d.forwardWeight().row(0), d.weight.row(0));      // gate 3.0 clamps at 1
        QCOMPARE(d.weight.row(1).cwiseAbs().sum() > 0.0f, true);  // kept under the shut gate
        // The gate may open again: the mask follows.
        m.logAlpha()[0](1, 0) = 1.0f;
        QCOMPARE(m.afterOptimizerStep(c, 2)[0].grownIndices,
                 (std::vector<std::int32_t>{4, 5, 6, 7}));
    }

    void stateHoldsLogAlphaAndItsAdam() {
        Setup s(l0Settings("weight"));
        const auto st = s.m.state();
        QCOMPARE(st.size(), std::size_t(4));
        QCOMPARE(st[0].first, std::string("log_alpha1"));
        QCOMPARE(st[0].second, &s.m.logAlpha()[0]);
        QCOMPARE(st[3].first, std::string("log_alpha_adam_steps"));
    }

    void badSettingsAreConfigErrors() {
        sl::Dense d(3, 2);
        sl::Rng rng(1);
        sl::SparsityContext c{{&d}, &rng, 10};
        sl::L0HardConcrete badGranularity(l0Settings("channel"));
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, badGranularity.begin(c));
        auto s = l0Settings("weight");
        s.gateLr = 0.0f;
        sl::L0HardConcrete badLr(s);
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, badLr.begin(c));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestL0)
#include "test_l0.moc"
