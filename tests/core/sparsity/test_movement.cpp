#include "nn/dense.h"
#include "sparsity/method.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

// Movement pruning's remedies (issue 14): the seed's literal algorithm stays reachable, and
// the stabilised default differs from it exactly where its settings say.
namespace {

sl::SparsitySettings literal(sl::SparsitySettings s) {
    s.movementEntry = "latent";
    s.movementResetState = false;
    s.movementDecay = 0.0f;
    s.movementGradual = false;
    s.movementDeltaT = 0;
    return s;
}

sl::RunConfig movementConfig(bool literalSettings) {
    sl::RunConfig c;
    c.data.name = "spirals";
    c.data.samples = 1000;
    c.model.hidden = {64, 64};
    c.optimizer.lr = 0.05f;
    c.lrSchedule.name = "constant";
    c.train.batchSize = 50;
    c.train.epochs = 2;  // 20 steps an epoch
    c.sparsity.method = "movement";
    c.sparsity.target = 0.9f;
    c.sparsity.distribution = "uniform";
    c.sparsity.schedule = "constant";
    c.sparsity.deltaT = 10;
    c.seed = 7;
    if (literalSettings) c.sparsity = literal(c.sparsity);
    return c;
}

const sl::Tensor* momentumOf(sl::Trainer& t, const sl::Tensor* weight) {
    const auto params = t.model().params();
    for (const auto& s : t.optimizer().state())
        if (params[s.param].value == weight) return s.value;
    return nullptr;
}

struct MovementFixture {
    sl::Rng rng{1};
    sl::Dense layer{4, 1};
    sl::SparsityContext context;
    MovementFixture() {
        layer.initialize(sl::Init::He, rng);
        context = sl::SparsityContext{{&layer}, &rng, 1000};
    }
    void setWeights(std::initializer_list<float> w) {
        std::copy(w.begin(), w.end(), layer.weight.data());
    }
};

sl::SparsitySettings fixtureSettings(const char* entry) {
    sl::SparsitySettings s;
    s.method = "movement";
    s.target = 0.5f;
    s.schedule = "constant";
    s.deltaT = 10;
    s.movementEntry = entry;
    s.movementGradual = false;  // at the target from the start, re-ranked every 10 steps
    s.movementDeltaT = 0;
    return s;
}

// Begins on {0.9, 0.05, 0.4, 0.1} (mask 1 0 1 0), then the masked latent weight at 1 drifts
// to 2.0 while the active one at 2 shrinks to 0.3: the update at step 10 swaps them.
std::vector<sl::MaskUpdateEvent> swapCase(MovementFixture& f, const char* entry) {
    auto m = sl::makeSparsityMethod(fixtureSettings(entry));
    f.setWeights({0.9f, 0.05f, 0.4f, 0.1f});
    m->begin(f.context);
    f.setWeights({0.9f, 2.0f, 0.3f, 0.1f});
    return m->afterOptimizerStep(f.context, 10);
}

}  // namespace

class TestMovement : public QObject {
    Q_OBJECT

private slots:
    void literalMovesMaskedLatentWeightsByMinusLrTimesGradient() {
        // The seed's algorithm: every step, with momentum 0, each masked latent weight moves by
        // exactly -lr * dL/d(W ⊙ M), and at an update the entering weights keep their value.
        auto c = movementConfig(true);
        c.optimizer.momentum = 0.0f;
        sl::Trainer t(c, sl::loadRunData(c));
        const sl::PrunableLayer& d = *t.prunableLayers()[1];
        QCOMPARE(d.weightMode(), sl::WeightMode::Latent);
        long long maskedChecked = 0;
        for (int step = 1; step <= 20; ++step) {
            const sl::Tensor before = d.weight;
            const sl::Tensor mask = d.mask;
            t.run(1);
            for (Eigen::Index i = 0; i < before.size(); ++i) {
                if (mask.data()[i] != 0.0f) continue;
                const float expected = before.data()[i] - 0.05f * d.weightGrad.data()[i];
                QVERIFY(d.weight.data()[i] == expected);  // bit for bit, not fuzzy
                ++maskedChecked;
            }
        }
        QCOMPARE(maskedChecked, 20LL * 3686);  // 64x64 at 90 %: 410 active, 3,686 masked
        // The steps checked include a mask update that swapped weights.
        QVERIFY(!t.maskEvents().empty());
        QVERIFY(t.maskEvents().front().step <= 20);
        QVERIFY(t.maskEvents().front().grown() > 0);
    }

    void defaultsAreTheStabilisedVariant() {
        const sl::SparsitySettings s;
        QCOMPARE(s.movementEntry, std::string("zero"));
        QVERIFY(s.movementResetState);
        QCOMPARE(s.movementDecay, 0.0f);
        QVERIFY(s.movementGradual);
        QCOMPARE(s.movementDeltaT, 16);
        // A constant schedule becomes the cubic ramp, re-ranked every 16 steps: 40 steps,
        // end at 75 % = step 30, where s_t = 0.9 + (0 - 0.9)(1 - t/30)^3 at t = 16: 0.8083.
        auto c = movementConfig(false);
        sl::Trainer t(c, sl::loadRunData(c));
        const sl::SparsityMethod& m = t.sparsityMethod();
        QCOMPARE(m.targetSparsityAt(0), 0.0);
        const double target = 0.9f;
        QVERIFY(std::abs(m.targetSparsityAt(16) - (target - target * std::pow(14.0 / 30.0, 3))) <
                1e-12);
        QCOMPARE(m.targetSparsityAt(40), target);
        QVERIFY(!m.isMaskUpdateStep(10) && m.isMaskUpdateStep(16) && m.isMaskUpdateStep(32));
        for (const sl::PrunableLayer* d : t.prunableLayers()) QCOMPARE(d->mask.minCoeff(), 1.0f);
        // The seed's variant prunes to the target before the first step, updates every 10.
        auto seed = movementConfig(true);
        sl::Trainer u(seed, sl::loadRunData(seed));
        QCOMPARE(u.sparsityMethod().targetSparsityAt(0), target);
        QVERIFY(u.sparsityMethod().isMaskUpdateStep(10) &&
                !u.sparsityMethod().isMaskUpdateStep(16));
        // The live ΔT control moves the interval movement uses, and the config follows.
        t.setDeltaT(12);
        QVERIFY(t.sparsityMethod().isMaskUpdateStep(24) &&
                !t.sparsityMethod().isMaskUpdateStep(16));
        QCOMPARE(t.config().sparsity.movementDeltaT, 12);
        QCOMPARE(t.config().sparsity.deltaT, 12);
    }

    void enteringRemediesDifferFromLiteralOnlyAtEnteringWeights() {
        // Zero entry and zeroed momentum touch only the weights that enter; before the first
        // update that swaps weights both runs are bit for bit the same.
        const auto literalConfig = movementConfig(true);
        auto stableConfig = movementConfig(true);
        stableConfig.sparsity.movementEntry = "zero";
        stableConfig.sparsity.movementResetState = true;
        sl::Trainer a(literalConfig, sl::loadRunData(literalConfig));
        sl::Trainer b(stableConfig, sl::loadRunData(stableConfig));
        // Up to the first update that swaps weights, the two runs are the same run.
        while (b.maskEvents().empty() && b.step() < 40) {
            for (std::size_t l = 0; l < a.prunableLayers().size(); ++l)
                QVERIFY(a.prunableLayers()[l]->weight == b.prunableLayers()[l]->weight);
            a.run(1);
            b.run(1);
        }
        QVERIFY(!b.maskEvents().empty());
        QCOMPARE(b.step() % 10, 0LL);
        QCOMPARE(a.maskEvents().size(), b.maskEvents().size());
        long long entered = 0;
        for (std::size_t l = 0; l < a.prunableLayers().size(); ++l) {
            const sl::PrunableLayer& da = *a.prunableLayers()[l];
            const sl::PrunableLayer& db = *b.prunableLayers()[l];
            QCOMPARE(da.mask, db.mask);
            std::vector<char> grown(static_cast<std::size_t>(da.mask.size()), 0);
            for (const auto& e : b.maskEvents())
                if (e.layer == static_cast<int>(l))
                    for (auto i : e.grownIndices) grown[static_cast<std::size_t>(i)] = 1;
            const sl::Tensor* va = momentumOf(a, &da.weight);
            const sl::Tensor* vb = momentumOf(b, &db.weight);
            QVERIFY(va && vb);
            for (Eigen::Index i = 0; i < da.weight.size(); ++i) {
                if (grown[static_cast<std::size_t>(i)]) {
                    ++entered;
                    QVERIFY(db.weight.data()[i] == 0.0f);
                    QVERIFY(vb->data()[i] == 0.0f);
                    QVERIFY(da.weight.data()[i] != 0.0f);
                } else {
                    QVERIFY(db.weight.data()[i] == da.weight.data()[i]);
                    QVERIFY(vb->data()[i] == va->data()[i]);
                }
            }
        }
        QVERIFY(entered > 0);
    }

    void decayPullsOnlyMaskedLatentWeights() {
        // SR-STE: the masked entries' gradient gains lambda_W * w; active ones are untouched.
        auto plain = movementConfig(true);
        plain.optimizer.momentum = 0.0f;
        auto decayed = plain;
        decayed.sparsity.movementDecay = 0.5f;
        sl::Trainer a(plain, sl::loadRunData(plain));
        sl::Trainer b(decayed, sl::loadRunData(decayed));
        const sl::PrunableLayer& da = *a.prunableLayers()[1];
        const sl::PrunableLayer& db = *b.prunableLayers()[1];
        const sl::Tensor before = db.weight;
        a.run(1);
        b.run(1);
        for (Eigen::Index i = 0; i < before.size(); ++i) {
            const float w = before.data()[i];
            if (db.mask.data()[i] != 0.0f) {
                QVERIFY(db.weight.data()[i] == da.weight.data()[i]);
            } else {
                const float g = da.weightGrad.data()[i] + 0.5f * w;
                QVERIFY(std::abs(db.weight.data()[i] - (w - 0.05f * g)) <= 1e-7f);
            }
        }
    }

    void enteringWeightStartsAsConfigured() {
        {
            MovementFixture f;
            const auto events = swapCase(f, "latent");
            QCOMPARE(events.size(), std::size_t(1));
            QCOMPARE(events[0].grownIndices, (std::vector<std::int32_t>{1}));
            QCOMPARE(events[0].prunedIndices, (std::vector<std::int32_t>{2}));
            QCOMPARE(f.layer.weight.data()[1], 2.0f);
            QCOMPARE(f.layer.weight.data()[2], 0.3f);  // leaving: latent value kept
        }
        {
            MovementFixture f;
            swapCase(f, "zero");
            QVERIFY(f.layer.weight.data()[1] == 0.0f);
            QCOMPARE(f.layer.weight.data()[2], 0.3f);
        }
        {
            MovementFixture f;
            swapCase(f, "clip");
            QCOMPARE(f.layer.weight.data()[1], 0.9f);  // the one kept weight's |w|
            QCOMPARE(f.layer.weight.data()[0], 0.9f);
        }
    }

    void unknownEntryIsRefusedByTheConfig() {
        nlohmann::json j;
        j["sparsity"]["movement_entry"] = "random";
        try {
            sl::fromJson(j);
            QFAIL("accepted movement_entry 'random'");
        } catch (const sl::ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("sparsity.movement_entry") != std::string::npos,
                     e.what());
            QVERIFY2(std::string(e.what()).find("latent, zero, clip") != std::string::npos,
                     e.what());
        }
        j["sparsity"]["movement_entry"] = "clip";
        j["sparsity"]["movement_decay"] = -1;
        try {
            sl::fromJson(j);
            QFAIL("accepted movement_decay -1");
        } catch (const sl::ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("sparsity.movement_decay") != std::string::npos,
                     e.what());
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestMovement)
#include "test_movement.moc"
