#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/lottery.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <QtTest>
#include <cstring>

namespace {

sl::RunConfig spiralsConfig() {
    sl::RunConfig c = sl::test::TinyRun()
                          .hidden({32, 16})
                          .sparse("rigl", 0.5f, 100)  // the driver must replace it by dense
                          .batch(64)
                          .epochs(3)
                          .seed(7);
    c.data.noise = 0.05f;
    return c;
}

// Bitwise, so that "restored" means the very same floats.
bool sameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

long long ones(const sl::Tensor& m) { return static_cast<long long>((m.array() != 0.0f).count()); }

}  // namespace

// IMP's choices on hand-built weights, its step-k rewinding, and the reinit control.
class TestLottery : public QObject {
    Q_OBJECT

private slots:
    void keepCountsRoundOnceFromTheTotal() {
        // 1000·0.8^r: 800, 640, 512, 409.6 → 410, 327.68 → 328; never compounded rounding.
        const long long expected[] = {1000, 800, 640, 512, 410, 328};
        for (int r = 0; r <= 5; ++r) QCOMPARE(sl::lotteryKeepCount(1000, 0.2, r), expected[r]);
        // 10·0.5² = 2.5 rounds half away from zero.
        QCOMPARE(sl::lotteryKeepCount(10, 0.5, 2), 3LL);
        // 1 − 0.1^(1/4) per round lands on 90 % after four rounds exactly.
        QCOMPARE(sl::lotteryKeepCount(266200, 1.0 - std::pow(0.1, 0.25), 4), 26620LL);
    }

    void globalScopeKeepsTheLargestMagnitudesOverAllLayers() {
        sl::Tensor a(2, 3), b(1, 4);
        a << 0.9f, -0.1f, 0.5f, -0.7f, 0.2f, 0.05f;
        b << -0.3f, 0.8f, 0.01f, 0.4f;
        std::vector<sl::Tensor> w{a, b};
        std::vector<sl::Tensor> m{sl::Tensor::Ones(2, 3), sl::Tensor::Ones(1, 4)};
        // Round 1 of p = 0.5: keep round(5) = 5: 0.9, 0.8, 0.7, 0.5, 0.4.
        auto m1 = sl::lotteryMasks(w, m, sl::LotteryScope::Global, 0.5, 1);
        sl::Tensor ea(2, 3), eb(1, 4);
        ea << 1, 0, 1, 1, 0, 0;
        eb << 0, 1, 0, 1;
        QCOMPARE(m1[0], ea);
        QCOMPARE(m1[1], eb);
        // Round 2 keeps round(2.5) = 3 of the survivors, even where a pruned weight is larger.
        w[0](1, 1) = 5.0f;
        auto m2 = sl::lotteryMasks(w, m1, sl::LotteryScope::Global, 0.5, 2);
        ea << 1, 0, 0, 1, 0, 0;
        eb << 0, 1, 0, 0;
        QCOMPARE(m2[0], ea);
        QCOMPARE(m2[1], eb);
    }

    void perLayerScopePrunesEveryLayerByP() {
        sl::Tensor a(2, 3), b(1, 4);
        a << 0.9f, -0.1f, 0.5f, -0.7f, 0.2f, 0.05f;
        b << -0.3f, 0.8f, 0.01f, 0.4f;
        std::vector<sl::Tensor> m{sl::Tensor::Ones(2, 3), sl::Tensor::Ones(1, 4)};
        auto m1 = sl::lotteryMasks({a, b}, m, sl::LotteryScope::PerLayer, 0.5, 1);
        sl::Tensor ea(2, 3), eb(1, 4);
        ea << 1, 0, 1, 1, 0, 0;  // 3 of 6
        eb << 0, 1, 0, 1;        // 2 of 4
        QCOMPARE(m1[0], ea);
        QCOMPARE(m1[1], eb);
    }

    void tiesAreBrokenByPosition() {
        std::vector<sl::Tensor> w{sl::Tensor::Constant(1, 4, 0.5f)};
        auto m = sl::lotteryMasks(w, {sl::Tensor::Ones(1, 4)}, sl::LotteryScope::Global, 0.5, 1);
        sl::Tensor e(1, 4);
        e << 1, 1, 0, 0;
        QCOMPARE(m[0], e);
    }

    void roundsReachTheScheduledSparsitiesExactly_data() {
        QTest::addColumn<int>("scope");
        QTest::newRow("global") << static_cast<int>(sl::LotteryScope::Global);
        QTest::newRow("layer") << static_cast<int>(sl::LotteryScope::PerLayer);
    }
    void roundsReachTheScheduledSparsitiesExactly() {
        QFETCH(int, scope);
        sl::LotterySettings s;
        s.rounds = 3;
        s.pruneFraction = 0.3;
        s.scope = static_cast<sl::LotteryScope>(scope);
        s.keepStates = true;
        const sl::RunConfig c = spiralsConfig();
        sl::LotteryDriver driver(c, sl::loadRunData(c), s);
        const auto rounds = driver.run();
        QCOMPARE(rounds.size(), std::size_t(4));
        // 2·32 + 32·16 + 16·2 = 608 weights in (32,2), (16,32), (2,16).
        const long long sizes[] = {64, 512, 32};
        for (const auto& r : rounds) {
            QCOMPARE(r.total, 608LL);
            QVERIFY(r.finalState.has_value());
            long long active = 0;
            for (int l = 0; l < 3; ++l) {
                const long long layerActive = ones(r.finalState->layers[l].mask);
                if (s.scope == sl::LotteryScope::PerLayer)
                    QCOMPARE(layerActive, sl::lotteryKeepCount(sizes[l], 0.3, r.round));
                active += layerActive;
                // Pruned weights stay exactly zero through training.
                const auto& L = r.finalState->layers[l];
                QCOMPARE(static_cast<long long>(
                             (L.weight.array() != 0.0f && L.mask.array() == 0.0f).count()),
                         0LL);
            }
            QCOMPARE(active, r.active);
            if (s.scope == sl::LotteryScope::Global)
                QCOMPARE(r.active, sl::lotteryKeepCount(608, 0.3, r.round));
            QCOMPARE(r.sparsity, 1.0 - static_cast<double>(r.active) / 608.0);
            QVERIFY(std::isfinite(r.testAccuracy));
        }
    }

    void rewindingRestoresTheStepKWeights_data() {
        QTest::addColumn<long long>("k");
        QTest::newRow("k=0") << 0LL;
        QTest::newRow("k=20") << 20LL;
    }
    void rewindingRestoresTheStepKWeights() {
        QFETCH(long long, k);
        sl::LotterySettings s;
        s.rounds = 2;
        s.pruneFraction = 0.5;
        s.rewindStep = k;
        const sl::RunConfig c = spiralsConfig();
        sl::LotteryDriver driver(c, sl::loadRunData(c), s);

        // What a fresh dense trainer of the same config starts from.
        sl::RunConfig dense = c;
        dense.sparsity.method = "dense";
        sl::Trainer fresh(dense, sl::loadRunData(dense));
        std::vector<sl::Tensor> initial;
        for (const auto* layer : fresh.prunableLayers()) initial.push_back(layer->weight);

        int checked = 0;
        driver.onRoundStarting = [&](int round, bool control, sl::Trainer& t) {
            QVERIFY(!control);
            if (round == 0) return;
            QCOMPARE(t.step(), k);
            const auto& rewind = *driver.rewindState();
            QCOMPARE(rewind.step, k);
            const auto layers = t.prunableLayers();
            long long survivors = 0, zeros = 0;
            for (std::size_t l = 0; l < layers.size(); ++l) {
                const sl::Tensor& w = layers[l]->weight;
                const sl::Tensor& m = layers[l]->mask;
                const sl::Tensor& w0 = rewind.layers[l].weight;
                for (long long i = 0; i < w.size(); ++i) {
                    if (m.data()[i] != 0.0f) {
                        QVERIFY(sameBits(w.data()[i], w0.data()[i]));
                        if (k == 0) QVERIFY(sameBits(w.data()[i], initial[l].data()[i]));
                        ++survivors;
                    } else {
                        QCOMPARE(w.data()[i], 0.0f);
                        ++zeros;
                    }
                }
                QVERIFY(layers[l]->bias == rewind.layers[l].bias);
            }
            QCOMPARE(survivors, sl::lotteryKeepCount(608, 0.5, round));
            QCOMPARE(zeros, 608 - survivors);
            ++checked;
        };
        const auto rounds = driver.run();
        QCOMPARE(rounds.size(), std::size_t(3));
        QCOMPARE(checked, 2);
        if (k > 0) {
            // The rewind state is not the initial one: training moved the weights.
            QVERIFY(driver.rewindState()->layers[0].weight != initial[0]);
            // And the ticket's history starts with the dense run's first k steps.
            QCOMPARE(rounds[1].history.front().step, rounds[0].history.front().step);
        }
    }

    void reinitControlHasTheMaskButOtherWeights() {
        sl::LotterySettings s;
        s.rounds = 2;
        s.pruneFraction = 0.5;
        s.control = sl::LotteryControl::Reinit;
        const sl::RunConfig c = spiralsConfig();
        sl::LotteryDriver driver(c, sl::loadRunData(c), s);
        std::vector<sl::Tensor> ticketMasks, ticketWeights;
        int controls = 0;
        driver.onRoundStarting = [&](int round, bool control, sl::Trainer& t) {
            if (round == 0) return;
            const auto layers = t.prunableLayers();
            if (!control) {
                ticketMasks.clear();
                ticketWeights.clear();
                for (const auto* l : layers) {
                    ticketMasks.push_back(l->mask);
                    ticketWeights.push_back(l->weight);
                }
                return;
            }
            QCOMPARE(t.step(), 0LL);
            QCOMPARE(t.config().seed, driver.controlSeed(round));
            QVERIFY(driver.controlSeed(round) != c.seed);
            long long equal = 0, active = 0;
            for (std::size_t l = 0; l < layers.size(); ++l) {
                QVERIFY(layers[l]->mask == ticketMasks[l]);
                for (long long i = 0; i < ticketMasks[l].size(); ++i)
                    if (ticketMasks[l].data()[i] != 0.0f) {
                        ++active;
                        if (sameBits(layers[l]->weight.data()[i], ticketWeights[l].data()[i]))
                            ++equal;
                    }
            }
            QCOMPARE(active, sl::lotteryKeepCount(608, 0.5, round));
            QCOMPARE(equal, 0LL);  // a fresh draw matches none of the ticket's floats
            ++controls;
        };
        const auto rounds = driver.run();
        QCOMPARE(controls, 2);
        QCOMPARE(rounds.size(), std::size_t(5));  // dense, r1, reinit r1, r2, reinit r2
        QVERIFY(rounds[2].control && rounds[4].control && !rounds[3].control);
        QCOMPARE(rounds[2].active, rounds[1].active);
    }

    void stopsBetweenRounds() {
        sl::LotterySettings s;
        s.rounds = 3;
        s.pruneFraction = 0.5;
        const sl::RunConfig c = spiralsConfig();
        sl::LotteryDriver driver(c, sl::loadRunData(c), s);
        driver.onRoundFinished = [&](const sl::LotteryRound& r, sl::Trainer&) {
            if (r.round == 1) driver.requestStop();
        };
        const auto rounds = driver.run();
        QVERIFY(driver.stopped());
        QCOMPARE(rounds.size(), std::size_t(2));
    }

    void badSettingsNameTheSetting() {
        const sl::RunConfig c = spiralsConfig();
        auto expectError = [&](sl::LotterySettings s, const char* word) {
            try {
                sl::LotteryDriver driver(c, sl::loadRunData(c), s);
                QFAIL("no ConfigError");
            } catch (const sl::ConfigError& e) {
                QVERIFY2(std::strstr(e.what(), word), e.what());
            }
        };
        sl::LotterySettings s;
        s.rounds = 0;
        expectError(s, "rounds");
        s = {};
        s.pruneFraction = 1.0;
        expectError(s, "prune fraction");
        s = {};
        s.pruneFraction = 0.0;
        expectError(s, "prune fraction");
        s = {};
        s.rewindStep = 1000000;
        expectError(s, "rewind step");
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::parseLotteryScope("all"));
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::parseLotteryControl("random"));
    }

    // Real data: a Fashion-MNIST subset, two rounds of p = 0.5 land on 50 % and 75 %, and the
    // tickets still learn.
    void fashionMnistRoundsLandOnTheirSparsities() {
        sl::RunConfig c;
        c.data.name = "fashion-mnist";
        c.data.trainSubset = 3000;
        c.data.testSubset = 2000;
        c.train.epochs = 2;
        sl::LotterySettings s;
        s.rounds = 2;
        s.pruneFraction = 0.5;
        s.rewindStep = 10;
        sl::LotteryDriver driver(c, sl::loadRunData(c), s);
        const auto rounds = driver.run();
        QCOMPARE(rounds.size(), std::size_t(3));
        const long long n = 784 * 300 + 300 * 100 + 100 * 10;
        const double expected[] = {0.0, 0.5, 0.75};
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(rounds[r].total, n);
            QCOMPARE(rounds[r].active, sl::lotteryKeepCount(n, 0.5, r));
            QCOMPARE(rounds[r].sparsity, expected[r]);
            // Dense reaches ~73 % after these 48 steps; chance is 10 %.
            QVERIFY2(rounds[r].testAccuracy > 0.6,
                     qPrintable(QString::number(rounds[r].testAccuracy)));
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestLottery)
#include "test_lottery.moc"
