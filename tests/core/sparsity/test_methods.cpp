#include "nn/dense.h"
#include "sparsity/method.h"
#include "sparsity/methods/movement_score.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <algorithm>

// Each method on a hand-built layer, hooks called directly, so every index is known.
namespace {

struct Fixture {
    sl::Rng rng{1};
    sl::Dense layer;
    sl::SparsityContext context;
    Fixture(int out, int in) : layer(in, out) {
        layer.initialize(sl::Init::He, rng);
        context = sl::SparsityContext{{&layer}, &rng, 1000};
    }
    void setWeights(std::initializer_list<float> w) {
        std::copy(w.begin(), w.end(), layer.weight.data());
    }
    void setMask(std::initializer_list<float> m) {
        std::copy(m.begin(), m.end(), layer.mask.data());
    }
    void setGrad(std::initializer_list<float> g) {
        std::copy(g.begin(), g.end(), layer.weightGrad.data());
    }
    long long active() const { return (layer.mask.array() != 0.0f).count(); }
};

sl::SparsitySettings settings(const char* method, double target) {
    sl::SparsitySettings s;
    s.method = method;
    s.target = static_cast<float>(target);
    s.deltaT = 10;
    return s;
}

}  // namespace

class TestMethods : public QObject {
    Q_OBJECT

    // The hand-built drop-and-grow case: 2x4 layer, active {0, 1, 4, 5}, α = 0.5 so two
    // weights move. The smallest active |w| are at 1 (0.1) and 5 (0.3).
    static void dropAndGrowCase(Fixture& f) {
        f.setMask({1, 1, 0, 0, 1, 1, 0, 0});
        f.setWeights({0.9f, 0.1f, 0, 0, -0.5f, -0.3f, 0, 0});
        // Index 1 has the largest gradient but is dropped at this update: not a candidate.
        f.setGrad({0.0f, 5.0f, 0.2f, -0.8f, 0.0f, 0.0f, 0.05f, 0.6f});
    }

private slots:
    void rigLDropsSmallestAndGrowsLargestGradient() {
        Fixture f(2, 4);
        auto s = settings("rigl", 0.5);
        s.dropFraction = 0.5f;
        s.dropSchedule = "constant";
        auto m = sl::makeSparsityMethod(s);
        m->begin(f.context);
        QCOMPARE(f.active(), 4LL);
        QVERIFY(f.layer.masked());
        dropAndGrowCase(f);

        m->afterBackward(f.context, 5);
        QVERIFY(m->afterOptimizerStep(f.context, 5).empty());  // not an update step
        m->afterBackward(f.context, 10);
        const auto events = m->afterOptimizerStep(f.context, 10);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].prunedIndices, (std::vector<std::int32_t>{1, 5}));
        QCOMPARE(events[0].grownIndices, (std::vector<std::int32_t>{3, 7}));
        QCOMPARE(f.active(), 4LL);
        sl::Tensor expectedMask(2, 4);
        expectedMask << 1, 0, 0, 1, 1, 0, 0, 1;
        QCOMPARE(f.layer.mask, expectedMask);
        // Dropped weights are zeroed; grown ones start at zero.
        for (int i : {1, 3, 5, 7}) QCOMPARE(f.layer.weight.data()[i], 0.0f);
        QCOMPARE(f.layer.weight.data()[0], 0.9f);
    }

    void rigLStopsAtTEnd() {
        Fixture f(2, 4);
        auto s = settings("rigl", 0.5);
        s.tEnd = 20;
        auto m = sl::makeSparsityMethod(s);
        m->begin(f.context);
        QVERIFY(m->isMaskUpdateStep(10));
        QVERIFY(!m->isMaskUpdateStep(20));
        QCOMPARE(m->dropFractionAt(20), 0.0);
        QVERIFY(std::abs(m->dropFractionAt(10) - 0.15) < 1e-6);  // 0.3/2 (1 + cos(pi/2))
    }

    void setGrowsAtRandomAmongTheInactive() {
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            Fixture f(2, 4);
            f.rng = sl::Rng(seed);
            auto s = settings("set", 0.5);
            s.dropFraction = 0.5f;
            s.dropSchedule = "constant";
            auto m = sl::makeSparsityMethod(s);
            m->begin(f.context);
            dropAndGrowCase(f);
            m->afterBackward(f.context, 10);
            const auto events = m->afterOptimizerStep(f.context, 10);
            QCOMPARE(events[0].prunedIndices, (std::vector<std::int32_t>{1, 5}));
            QCOMPARE(events[0].grown(), 2);
            for (std::int32_t i : events[0].grownIndices)
                QVERIFY(i == 2 || i == 3 || i == 6 || i == 7);
            QCOMPARE(f.active(), 4LL);
        }
    }

    void staticMaskHasExactCountsAndZeros() {
        Fixture f(30, 40);
        auto m = sl::makeSparsityMethod(settings("static", 0.75));
        const auto events = m->begin(f.context);
        QCOMPARE(f.active(), 300LL);
        QCOMPARE(events[0].pruned(), 900);
        QCOMPARE(((f.layer.mask.array() == 0.0f) && (f.layer.weight.array() != 0.0f)).count(), 0);
        QVERIFY(m->afterOptimizerStep(f.context, 10).empty());
    }

    void magnitudeOneShotPrunesTheSmallestAtItsStep() {
        Fixture f(2, 3);
        auto s = settings("magnitude", 0.5);
        s.schedule = "one-shot";
        s.startStep = 5;
        auto m = sl::makeSparsityMethod(s);
        QVERIFY(m->begin(f.context).empty());
        f.setWeights({0.3f, -0.9f, 0.05f, -0.2f, 0.6f, 0.1f});
        QVERIFY(m->afterOptimizerStep(f.context, 4).empty());
        QCOMPARE(f.active(), 6LL);
        const auto events = m->afterOptimizerStep(f.context, 5);
        QCOMPARE(events[0].prunedIndices, (std::vector<std::int32_t>{2, 3, 5}));
        QCOMPARE(f.active(), 3LL);
        QCOMPARE(f.layer.weight.data()[3], 0.0f);
        QVERIFY(m->afterOptimizerStep(f.context, 6).empty());
    }

    void movementRevivesAMaskedWeightThatGrew() {
        Fixture f(1, 4);
        f.setWeights({0.9f, 0.05f, 0.4f, 0.1f});
        auto s = settings("movement", 0.5);
        s.movementEntry = "latent";  // the seed's algorithm: a revived weight resumes its value
        s.movementGradual = false;   // at the target from the start, re-ranked every delta_t
        s.movementDeltaT = 0;
        auto m = sl::makeSparsityMethod(s);
        m->begin(f.context);
        QCOMPARE(f.layer.weightMode(), sl::WeightMode::Latent);
        sl::Tensor mask(1, 4);
        mask << 1, 0, 1, 0;
        QCOMPARE(f.layer.mask, mask);

        // The masked latent weight at 1 was trained past the active one at 2.
        f.setWeights({0.9f, 0.6f, 0.3f, 0.1f});
        QVERIFY(m->afterOptimizerStep(f.context, 9).empty());
        const auto events = m->afterOptimizerStep(f.context, 10);
        QCOMPARE(events[0].grownIndices, (std::vector<std::int32_t>{1}));
        QCOMPARE(events[0].prunedIndices, (std::vector<std::int32_t>{2}));
        QCOMPARE(f.layer.weight.data()[2], 0.3f);  // latent: kept, only masked

        // The forward pass uses W ⊙ M.
        sl::Activations x(4, 1), y;
        x << 1, 1, 1, 1;
        f.layer.forward(x, y);
        QVERIFY(std::abs(y(0, 0) - 1.5f) < 1e-6f);
    }

    void movementScoreAccumulatesMinusWTimesGradient() {
        Fixture f(1, 4);
        f.setWeights({0.9f, 0.05f, 0.4f, 0.1f});
        auto method = sl::makeSparsityMethod(settings("movement-score", 0.5));
        auto* m = dynamic_cast<sl::MovementScorePruning*>(method.get());
        QVERIFY(m);
        m->begin(f.context);
        f.setGrad({0.1f, -2.0f, 0.5f, 0.0f});
        m->afterBackward(f.context, 1);
        m->afterBackward(f.context, 2);
        sl::Tensor expected(1, 4);
        expected << -0.18f, 0.2f, -0.4f, 0.0f;
        QVERIFY((m->scores()[0] - expected).cwiseAbs().maxCoeff() < 1e-6f);
        const auto events = m->afterOptimizerStep(f.context, 10);
        // Top two scores: 0.2 (index 1) and 0.0 (index 3).
        sl::Tensor mask(1, 4);
        mask << 0, 1, 0, 1;
        QCOMPARE(f.layer.mask, mask);
        QCOMPARE(events[0].grownIndices, (std::vector<std::int32_t>{1, 3}));
    }

    void unknownMethodNamesTheKey() {
        try {
            sl::makeSparsityMethod(settings("lottery", 0.5));
            QFAIL("accepted an unknown method");
        } catch (const sl::Error& e) {
            QVERIFY(QString(e.what()).contains("sparsity.method: got 'lottery'"));
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestMethods)
#include "test_methods.moc"
