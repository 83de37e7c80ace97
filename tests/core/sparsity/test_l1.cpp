#include "nn/dense.h"
#include "sparsity/methods/l1.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <cmath>

namespace {

sl::SparsitySettings l1Settings(float lambda, bool proximal, int deltaT = 1) {
    sl::SparsitySettings s;
    s.method = "l1";
    s.l1Lambda = lambda;
    s.proximal = proximal;
    s.deltaT = deltaT;
    return s;
}

// A 2x3 layer with hand-picked weights around the threshold 0.05 * 0.2 = 0.01.
sl::Dense handLayer() {
    sl::Dense d(3, 2);
    d.weight << 0.5f, -0.01f, 0.004f,  //
        -0.3f, 0.0f, 0.011f;
    d.weightGrad = sl::Tensor::Zero(2, 3);
    return d;
}

}  // namespace

class TestL1 : public QObject {
    Q_OBJECT
private slots:
    void softThresholdMakesExactZeros() {
        sl::Tensor w(1, 6);
        w << 0.5f, -0.5f, 0.01f, -0.01f, 0.0099f, 0.0f;
        sl::L1Regularization::softThreshold(w, 0.01f);
        // |w| <= t: exactly 0; others shrink by exactly t towards 0.
        QCOMPARE(w(0, 0), 0.5f - 0.01f);
        QCOMPARE(w(0, 1), -(0.5f - 0.01f));
        for (int i = 2; i < 6; ++i) QCOMPARE(w(0, i), 0.0f);
    }

    void subgradientIsAddedExactly() {
        sl::Tensor g(1, 4), w(1, 4);
        g << 0.1f, 0.2f, -0.3f, 0.4f;
        w << 2.0f, -1.0f, 0.0f, 1e-9f;
        sl::L1Regularization::addSubgradient(g, w, 0.25f);
        QCOMPARE(g(0, 0), 0.1f + 0.25f);
        QCOMPARE(g(0, 1), 0.2f - 0.25f);
        QCOMPARE(g(0, 2), -0.3f);  // sign(0) = 0
        QCOMPARE(g(0, 3), 0.4f + 0.25f);
    }

    void proximalStepThroughTheHooks() {
        sl::Dense d = handLayer();
        sl::Rng rng(1);
        sl::SparsityContext c{{&d}, &rng, 10};
        sl::L1Regularization m(l1Settings(0.2f, true));
        QVERIFY(m.emergent());
        QVERIFY(std::isnan(m.targetSparsityAt(0)));
        auto events = m.begin(c);
        // One zero weight at the start: the mask shows it, as a step-0 change.
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].prunedIndices, (std::vector<std::int32_t>{4}));
        QCOMPARE(d.weightMode(), sl::WeightMode::Plain);

        d.weightGrad.setConstant(7.0f);
        m.afterBackward(c, 1);  // proximal: no subgradient
        QCOMPARE(d.weightGrad(0, 0), 7.0f);

        c.learningRate = 0.05;
        events = m.afterOptimizerStep(c, 1);
        const float t = 0.05f * 0.2f;
        QCOMPARE(d.weight(0, 0), 0.5f - t);
        QCOMPARE(d.weight(1, 0), -0.3f + t);
        QCOMPARE(d.weight(0, 1), 0.0f);  // |-0.01| <= 0.01
        QCOMPARE(d.weight(0, 2), 0.0f);
        QCOMPARE(d.weight(1, 2), 0.011f - t);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].step, 1LL);
        QCOMPARE(events[0].prunedIndices, (std::vector<std::int32_t>{1, 2}));
        QCOMPARE(events[0].grownIndices.size(), std::size_t(0));
        QCOMPARE((d.mask.array() != 0.0f).count(), 3);

        // A zero weight the optimizer moved comes back, and the mask says so.
        d.weight(0, 1) = 0.3f;
        events = m.afterOptimizerStep(c, 2);
        QCOMPARE(events[0].grownIndices, (std::vector<std::int32_t>{1}));
        QCOMPARE(d.mask(0, 1), 1.0f);
    }

    void masksRefreshEveryDeltaTAndAtTheLastStep() {
        sl::Dense d = handLayer();
        sl::Rng rng(1);
        sl::SparsityContext c{{&d}, &rng, 25};
        sl::L1Regularization m(l1Settings(0.2f, true, 10));
        m.begin(c);
        QVERIFY(!m.isMaskUpdateStep(0));
        QVERIFY(!m.isMaskUpdateStep(9));
        QVERIFY(m.isMaskUpdateStep(10));
        QVERIFY(m.isMaskUpdateStep(20));
        QVERIFY(m.isMaskUpdateStep(25));
        c.learningRate = 0.05;
        QVERIFY(m.afterOptimizerStep(c, 1).empty());  // weights zeroed, mask not refreshed yet
        QCOMPARE(d.weight(0, 1), 0.0f);
        QCOMPARE(d.mask(0, 1), 1.0f);
        QCOMPARE(m.afterOptimizerStep(c, 10).size(), std::size_t(1));
        QCOMPARE(d.mask(0, 1), 0.0f);
    }

    void subgradientModeAndItsZeroThreshold() {
        sl::Dense d = handLayer();
        d.weight(0, 2) = 0.5f * sl::L1Regularization::kZeroThreshold;
        sl::Rng rng(1);
        sl::SparsityContext c{{&d}, &rng, 10};
        sl::L1Regularization m(l1Settings(0.2f, false));
        m.begin(c);
        // Below the threshold counts as zero: (0,2) and the exact zero (1,1).
        QCOMPARE((d.mask.array() == 0.0f).count(), 2);
        QCOMPARE(d.mask(0, 2), 0.0f);
        d.weightGrad.setConstant(1.0f);
        m.afterBackward(c, 1);
        QCOMPARE(d.weightGrad(0, 0), 1.2f);
        QCOMPARE(d.weightGrad(1, 0), 0.8f);
        QCOMPARE(d.weightGrad(1, 1), 1.0f);
        const sl::Tensor before = d.weight;
        c.learningRate = 0.05;
        m.afterOptimizerStep(c, 1);
        QCOMPARE(d.weight, before);  // no proximal step
    }

    void badLambdaIsAConfigError() {
        sl::Dense d = handLayer();
        sl::Rng rng(1);
        sl::SparsityContext c{{&d}, &rng, 10};
        sl::L1Regularization m(l1Settings(-1.0f, true));
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, m.begin(c));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestL1)
#include "test_l1.moc"
