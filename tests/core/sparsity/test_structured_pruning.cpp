#include "io/checkpoint.h"
#include "nn/dense.h"
#include "sparsity/method.h"
#include "sparsity/methods/structured.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>
#include <memory>

// Structured pruning: whole rows go, exactly round(target * units) per hidden layer, the
// weakest by the configured norm; the output layer is never touched; removed biases stay 0.
namespace {

struct Net {
    sl::Rng rng{3};
    std::vector<std::unique_ptr<sl::Dense>> dense;
    sl::SparsityContext context;
    explicit Net(std::vector<int> sizes, long long totalSteps = 1000) {
        for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
            dense.push_back(std::make_unique<sl::Dense>(sizes[i], sizes[i + 1]));
            dense.back()->initialize(sl::Init::He, rng);
            dense.back()->bias.setConstant(0.25f);
        }
        std::vector<sl::PrunableLayer*> layers;
        for (auto& d : dense) layers.push_back(d.get());
        context = sl::SparsityContext{layers, &rng, totalSteps};
    }
};

sl::SparsitySettings structured(double target, const char* schedule = "constant") {
    sl::SparsitySettings s;
    s.method = "structured";
    s.target = static_cast<float>(target);
    s.schedule = schedule;
    s.deltaT = 10;
    return s;
}

// Rows entirely 0 in the mask; every other row entirely 1.
int removedRows(const sl::PrunableLayer& d) {
    int removed = 0;
    for (int r = 0; r < d.units(); ++r) {
        const auto active = (d.mask.row(r).array() != 0.0f).count();
        if (active == 0) ++removed;
        else if (active != d.fanIn()) return -1;  // a partly masked row: not structured
    }
    return removed;
}

}  // namespace

class TestStructuredPruning : public QObject {
    Q_OBJECT

private slots:
    void removesRoundTargetTimesUnitsPerHiddenLayer() {
        Net net({12, 10, 7, 3});
        auto m = sl::makeSparsityMethod(structured(0.5));
        const auto events = m->begin(net.context);
        QCOMPARE(removedRows(*net.dense[0]), 5);  // round(0.5 * 10)
        QCOMPARE(removedRows(*net.dense[1]), 4);  // round(0.5 * 7) = round(3.5)
        QCOMPARE(removedRows(*net.dense[2]), 0);  // the classes
        QVERIFY((net.dense[2]->mask.array() == 1.0f).all());
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(events[0].pruned(), 5 * 12);
        QCOMPARE(events[1].pruned(), 4 * 10);
        for (int l = 0; l < 2; ++l) {
            const auto& d = *net.dense[l];
            for (int r = 0; r < d.units(); ++r) {
                if (d.mask(r, 0) != 0.0f) continue;
                QVERIFY((d.weight.row(r).array() == 0.0f).all());
                QCOMPARE(d.bias(r, 0), 0.0f);
            }
        }
        // Weight-level target: (5*12 + 4*10) of (120 + 70 + 21) weights.
        QCOMPARE(m->targetSparsityAt(0), 100.0 / 211.0);
    }

    void ranksRowsByTheConfiguredNorm() {
        // Row 0: L2 3, L1 3. Row 1: L2 2.60, L1 4.5. Rows 2, 3 are large.
        for (const char* norm : {"l2", "l1"}) {
            Net net({3, 4, 2});
            net.dense[0]->weight << 3, 0, 0, 1.5f, -1.5f, 1.5f, 5, 5, 5, 4, -4, 4;
            auto s = structured(0.25);
            s.structureNorm = norm;
            auto m = sl::makeSparsityMethod(s);
            m->begin(net.context);
            const int expected = std::string(norm) == "l2" ? 1 : 0;
            for (int r = 0; r < 4; ++r) QCOMPARE(net.dense[0]->mask(r, 0) == 0.0f, r == expected);
        }
    }

    void biasesOfRemovedUnitsStayZeroAfterSteps() {
        Net net({6, 8, 3});
        auto m = sl::makeSparsityMethod(structured(0.5));
        m->begin(net.context);
        for (long long step = 1; step <= 3; ++step) {
            // What an optimizer step does to biases: it does not know the mask.
            net.dense[0]->bias.array() += 0.1f;
            net.dense[1]->bias.array() += 0.1f;
            m->afterOptimizerStep(net.context, step);
        }
        for (int r = 0; r < 8; ++r) {
            if (net.dense[0]->mask(r, 0) == 0.0f) QCOMPARE(net.dense[0]->bias(r, 0), 0.0f);
            else QCOMPARE(net.dense[0]->bias(r, 0), 0.55f);
        }
        QVERIFY((net.dense[1]->bias.array() == 0.55f).all());  // the output layer untouched
    }

    void gradualCubicReRanksAndNeverRevives() {
        Net net({5, 40, 20, 4}, 200);
        auto s = structured(0.75, "cubic");
        s.startStep = 0;
        s.endStep = 100;
        s.deltaT = 25;
        auto m = sl::makeSparsityMethod(s);
        QVERIFY(m->begin(net.context).empty());  // cubic starts at 0
        std::vector<std::vector<char>> before(2);
        int lastRemoved = 0;
        for (long long step = 1; step <= 120; ++step) {
            const auto events = m->afterOptimizerStep(net.context, step);
            QVERIFY(events.empty() || (step % 25 == 0 && step <= 100));
            // Events exactly when the count moves: 17, 26, 30 rows of 40 at 25, 50, 75; at
            // 100 the cubic's 0.75 still rounds to 30.
            QCOMPARE(!events.empty(), removedRows(*net.dense[0]) != lastRemoved);
            lastRemoved = removedRows(*net.dense[0]);
            for (const auto& e : events) QCOMPARE(e.grown(), 0);
            // s(t) = 0.75 (1 - (1 - t/100)^3) at the held update step.
            const long long held = std::min(100LL, step / 25 * 25);
            const double r = 1.0 - double(held) / 100.0;
            const double fraction = 0.75 * (1.0 - r * r * r);
            QCOMPARE(removedRows(*net.dense[0]), int(std::llround(fraction * 40)));
            QCOMPARE(removedRows(*net.dense[1]), int(std::llround(fraction * 20)));
            QCOMPARE(removedRows(*net.dense[2]), 0);
            for (int l = 0; l < 2; ++l) {
                const auto& d = *net.dense[l];
                std::vector<char> now(static_cast<std::size_t>(d.units()));
                for (int u = 0; u < d.units(); ++u) now[u] = d.mask(u, 0) == 0.0f;
                for (std::size_t u = 0; u < before[l].size(); ++u)
                    if (before[l][u]) QVERIFY(now[u]);
                before[l] = now;
            }
        }
        QCOMPARE(removedRows(*net.dense[0]), 30);
        QCOMPARE(removedRows(*net.dense[1]), 15);
    }

    void oneShotAtStartStep() {
        Net net({4, 10, 2});
        auto s = structured(0.3, "one-shot");
        s.startStep = 7;
        auto m = sl::makeSparsityMethod(s);
        QVERIFY(m->begin(net.context).empty());
        for (long long step = 1; step < 7; ++step)
            QVERIFY(m->afterOptimizerStep(net.context, step).empty());
        QCOMPARE(removedRows(*net.dense[0]), 0);
        QCOMPARE(m->afterOptimizerStep(net.context, 7).size(), std::size_t(1));
        QCOMPARE(removedRows(*net.dense[0]), 3);
        QVERIFY(m->isMaskUpdateStep(7));
    }

    void aLayerNeverLosesItsLastUnit() {
        Net net({4, 3, 2});
        auto m = sl::makeSparsityMethod(structured(1.0));
        m->begin(net.context);
        QCOMPARE(removedRows(*net.dense[0]), 2);
    }

    void badNormIsAConfigError() {
        Net net({4, 3, 2});
        auto s = structured(0.5);
        s.structureNorm = "l3";
        auto m = sl::makeSparsityMethod(s);
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, m->begin(net.context));
    }

    // A real run: masks and biases hold through training, and a checkpoint brings them back.
    void trainsAndRoundTripsThroughACheckpoint() {
        sl::RunConfig c;
        c.data.name = "blobs";
        c.data.classes = 3;
        c.data.samples = 600;
        c.model.hidden = {16, 12};
        c.train.epochs = 5;
        c.train.batchSize = 32;
        c.sparsity.method = "structured";
        c.sparsity.target = 0.5f;
        c.sparsity.schedule = "cubic";
        c.sparsity.deltaT = 5;
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        auto layers = t.model().prunableLayers();
        QCOMPARE(removedRows(*layers[0]), 8);
        QCOMPARE(removedRows(*layers[1]), 6);
        QVERIFY((layers[2]->mask.array() == 1.0f).all());
        for (int l = 0; l < 2; ++l)
            for (int r = 0; r < layers[l]->units(); ++r)
                if (layers[l]->mask(r, 0) == 0.0f) QCOMPARE(layers[l]->bias(r, 0), 0.0f);
        QVERIFY(t.evaluateTest().accuracy > 0.9);

        QTemporaryDir dir;
        const std::string path = dir.filePath("s.h5").toStdString();
        sl::saveCheckpoint(t, path);
        auto back = sl::loadCheckpoint(path);
        auto restored = back->model().prunableLayers();
        for (std::size_t l = 0; l < layers.size(); ++l) {
            QCOMPARE(restored[l]->mask, layers[l]->mask);
            QCOMPARE(restored[l]->bias, layers[l]->bias);
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestStructuredPruning)
#include "test_structured_pruning.moc"
