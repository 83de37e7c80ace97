#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QtTest>
#include <cmath>
#include <functional>

// Mask invariants of every method inside the real step loop, checked at every update.
namespace {

sl::RunConfig trainingConfig(const char* method, double target) {
    sl::RunConfig c;
    c.data.name = "spirals";
    c.data.samples = 1000;
    c.model.hidden = {64, 64};
    c.optimizer.lr = 0.05f;
    c.train.batchSize = 50;
    c.train.epochs = 10;  // 20 steps an epoch, 200 in all
    c.sparsity.method = method;
    c.sparsity.target = static_cast<float>(target);
    c.sparsity.deltaT = 10;
    c.sparsity.distribution = "uniform";
    c.seed = 5;
    // The invariants below read dense weights and optimizer state by flat index; the sparse
    // backend has its own invariants in test_sparse_backend.
    c.model.backend = "dense";
    return c;
}

long long activeCount(const sl::PrunableLayer& d) { return (d.mask.array() != 0.0f).count(); }

struct EventWatcher : sl::TrainObserver {
    std::function<void(const std::vector<sl::MaskUpdateEvent>&)> check;
    std::vector<long long> steps;
    bool onMaskUpdate(const std::vector<sl::MaskUpdateEvent>& events) override {
        steps.push_back(events.front().step);
        check(events);
        return true;
    }
};

}  // namespace

class TestSparseTraining : public QObject {
    Q_OBJECT

    // For drop-and-grow methods: counts constant, pruned == grown, grown weights and their
    // optimizer state exactly zero, masked weights exactly zero after every update.
    static void checkDropAndGrow(const char* method) {
        auto c = trainingConfig(method, 0.9);
        sl::Trainer t(c, sl::loadRunData(c));
        const auto layers = t.prunableLayers();
        // Uniform 90%: 2x64 -> 13, 64x64 -> 410, 64x2 -> 13 (rounded).
        const std::vector<long long> expected{13, 410, 13};
        for (std::size_t l = 0; l < layers.size(); ++l)
            QCOMPARE(activeCount(*layers[l]), expected[l]);

        EventWatcher w;
        int checked = 0;
        w.check = [&](const std::vector<sl::MaskUpdateEvent>& events) {
            for (const auto& e : events) {
                QCOMPARE(e.pruned(), e.grown());
                const sl::PrunableLayer& d = *layers[static_cast<std::size_t>(e.layer)];
                QCOMPARE(activeCount(d), expected[static_cast<std::size_t>(e.layer)]);
                // Param order: weight, bias per layer, so the weight of layer l is param 2l.
                const auto state = t.optimizer().state();
                const sl::Tensor& momentum = *state[static_cast<std::size_t>(2 * e.layer)].value;
                for (std::int32_t i : e.grownIndices) {
                    QCOMPARE(d.weight.data()[i], 0.0f);
                    QCOMPARE(momentum.data()[i], 0.0f);
                    QCOMPARE(d.mask.data()[i], 1.0f);
                }
                for (std::int32_t i : e.prunedIndices) QCOMPARE(d.mask.data()[i], 0.0f);
                QCOMPARE(((d.mask.array() == 0.0f) && (d.weight.array() != 0.0f)).count(), 0);
                ++checked;
            }
        };
        t.runToEnd(&w);
        QVERIFY(checked > 10);
        // Updates every 10 steps until t_end = 150 (75% of 200).
        QCOMPARE(w.steps.front(), 10LL);
        QCOMPARE(w.steps.back(), 140LL);
        QVERIFY(t.sparsityTracker().overallItop() > 0.1 + 1e-3);  // more than the initial 10%
        QCOMPARE(t.sparsityTracker().totalGrown(), t.sparsityTracker().totalPruned());
    }

private slots:
    void rigLKeepsItsInvariants() { checkDropAndGrow("rigl"); }
    void setKeepsItsInvariants() { checkDropAndGrow("set"); }

    void magnitudeFollowsTheCubicSchedule() {
        auto c = trainingConfig("magnitude", 0.8);
        c.sparsity.schedule = "cubic";
        c.sparsity.startStep = 20;
        c.sparsity.endStep = 120;
        sl::Trainer t(c, sl::loadRunData(c));
        const auto layers = t.prunableLayers();
        QCOMPARE(activeCount(*layers[1]), 4096LL);  // dense before start_step
        EventWatcher w;
        w.check = [&](const std::vector<sl::MaskUpdateEvent>& events) {
            const long long step = events.front().step;
            const double s = 0.8 * (1.0 - std::pow(1.0 - (step - 20) / 100.0, 3));
            for (const sl::PrunableLayer* d : layers) {
                const double keep = std::round((1.0 - s) * double(d->weight.size()));
                QVERIFY(std::abs(double(activeCount(*d)) - keep) <= 1.0);
            }
            for (const auto& e : events) QCOMPARE(e.grown(), 0);
        };
        t.runToEnd(&w);
        QCOMPARE(w.steps.front(), 30LL);  // step 20 has s_t = 0: nothing to prune yet
        QCOMPARE(w.steps.back(), 120LL);
        QVERIFY(std::abs(t.sparsityTracker().overallSparsity() - 0.8) < 1e-3);
    }

    void movementUpdatesMaskedLatentWeights() {
        // Seed article: the gradient with respect to W ⊙ M updates every latent weight. After
        // one SGD step from zero momentum, each masked entry moved by exactly -lr * gradient.
        auto c = trainingConfig("movement", 0.5);
        c.sparsity.movementGradual = false;  // the seed's constant target: masked from step 0
        c.sparsity.movementDeltaT = 0;
        c.optimizer.momentum = 0.0f;
        c.lrSchedule.name = "constant";
        sl::Trainer t(c, sl::loadRunData(c));
        const sl::PrunableLayer& d = *t.prunableLayers()[1];
        const sl::Tensor before = d.weight;
        const sl::Tensor mask = d.mask;
        t.run(1);
        const sl::Tensor expected = before - 0.05f * d.weightGrad;
        long long movedMasked = 0;
        for (Eigen::Index i = 0; i < before.size(); ++i) {
            QVERIFY(std::abs(d.weight.data()[i] - expected.data()[i]) < 1e-6f);
            movedMasked += mask.data()[i] == 0.0f && d.weight.data()[i] != before.data()[i];
        }
        QVERIFY2(movedMasked > 0, "no masked latent weight moved");
        t.runToEnd();
        QVERIFY(t.sparsityTracker().totalGrown() > 0);
        for (const sl::PrunableLayer* layer : t.prunableLayers())
            QVERIFY(std::abs(double(activeCount(*layer)) - 0.5 * double(layer->weight.size())) <=
                    1.0);
    }

    void movementScoreFreezesMaskedWeights() {
        auto c = trainingConfig("movement-score", 0.5);
        sl::Trainer t(c, sl::loadRunData(c));
        const sl::PrunableLayer& d = *t.prunableLayers()[1];
        const sl::Tensor before = d.weight;
        const sl::Tensor mask = d.mask;
        t.run(5);  // before the first mask update at step 10
        const auto masked = mask.array() == 0.0f;
        QCOMPARE((masked && (d.weight.array() != before.array())).count(), 0);
        QVERIFY((masked && (d.weight.array() != 0.0f)).count() > 1000);  // values kept
        QVERIFY((!masked && (d.weight.array() != before.array())).count() > 0);
    }

    void staticNeverChanges() {
        auto c = trainingConfig("static", 0.9);
        sl::Trainer t(c, sl::loadRunData(c));
        const sl::Tensor mask = t.prunableLayers()[1]->mask;
        t.runToEnd();
        QCOMPARE(t.prunableLayers()[1]->mask, mask);
        QVERIFY(t.maskEvents().empty());
        QVERIFY(std::abs(t.sparsityTracker().overallItop() - 0.1) < 1e-2);
    }

    void changingDeltaTChangesTheSpacingOfLaterUpdates() {
        auto c = trainingConfig("rigl", 0.9);
        sl::Trainer t(c, sl::loadRunData(c));
        EventWatcher w;
        w.check = [](const std::vector<sl::MaskUpdateEvent>&) {};
        t.run(40, &w);
        t.setDeltaT(25);
        t.runToEnd(&w);
        QCOMPARE(w.steps, (std::vector<long long>{10, 20, 30, 40, 50, 75, 100, 125}));
        QCOMPARE(t.parameterChanges().size(), std::size_t(1));
        QCOMPARE(t.parameterChanges()[0].step, 40LL);
        QCOMPARE(t.parameterChanges()[0].to, 25.0);
    }

    void historyReportsSparsityAndChurn() {
        auto c = trainingConfig("rigl", 0.9);
        c.train.logEvery = 10;
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        long long grown = 0;
        for (const auto& p : t.history()) {
            grown += p.grown;
            QCOMPARE(p.pruned, p.grown);
            QVERIFY(std::abs(p.sparsity - (1.0 - 436.0 / 4352.0)) < 1e-9);
            QCOMPARE(p.targetSparsity, double(0.9f));
        }
        QCOMPARE(grown, t.sparsityTracker().totalGrown());
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSparseTraining)
#include "test_sparse_training.moc"
