#include "nn/sparse_dense.h"
#include "support/loss_recorder.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QtTest>
#include <cstring>
#include <limits>

namespace {

sl::RunConfig trainerSpiralsConfig() {
    sl::RunConfig c =
        sl::test::TinyRun().data("spirals", 2000).hidden({64, 64}).batch(64).epochs(60).seed(3);
    c.data.noise = 0.05f;
    c.model.activation = "relu";
    c.optimizer.name = "adam";
    c.optimizer.lr = 0.01f;
    c.lrSchedule.name = "cosine";
    return c;
}

using sl::test::LossRecorder;

std::vector<double> losses(const sl::RunConfig& c, const std::vector<long long>& chunks) {
    sl::Trainer t(c, sl::loadRunData(c));
    LossRecorder r;
    for (long long n : chunks) t.run(n, &r);
    return r.losses;
}

bool bitwiseEqual(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void sameSeedGivesTheSameLossesBitForBit() {
        auto c = trainerSpiralsConfig();
        const auto a = losses(c, {300});
        const auto b = losses(c, {300});
        QCOMPARE(a.size(), std::size_t(300));
        QVERIFY(bitwiseEqual(a, b));
        c.seed = 4;
        QVERIFY(!bitwiseEqual(a, losses(c, {300})));
    }

    void chunkingDoesNotChangeTheRun() {
        const auto c = trainerSpiralsConfig();
        QVERIFY(bitwiseEqual(losses(c, {300}), losses(c, {1, 99, 37, 163})));
    }

    void stepTimerCountsTheStepsAlone() {
        auto c = trainerSpiralsConfig();
        c.train.evalEvery = 5;  // evaluations in run()'s time, not in the step timer's
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(40);
        t.run(23);
        const sl::StepTimes& s = t.stepTimes();
        QCOMPARE(s.steps, 63LL);
        for (double phase : {s.batch, s.forward, s.backward, s.optimizer, s.maskUpdate})
            QVERIFY(phase >= 0.0);
        QVERIFY(s.forward > 0.0 && s.backward > 0.0 && s.optimizer > 0.0);
        QCOMPARE(s.total(), s.batch + s.forward + s.backward + s.optimizer + s.maskUpdate);
        // run() also evaluated the test set 12 times and recorded points: more time.
        QVERIFY(s.total() < t.trainingSeconds());
    }

    void sparseViewsAreRefreshedWhenRead() {
        auto c = trainerSpiralsConfig();
        c.sparsity.method = "rigl";
        c.sparsity.target = 0.9f;
        c.sparsity.deltaT = 10;
        c.model.backend = "sparse";
        c.optimizer.name = "sgd";
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(25);  // two mask updates; the views are not filled inside run()
        int sparseLayers = 0;
        for (sl::PrunableLayer* layer : t.prunableLayers()) {  // reading refreshes them
            const sl::SparseWeights* s = sl::sparseWeightsOf(*layer);
            if (!s) continue;
            ++sparseLayers;
            sl::Tensor expected;
            s->matrix().toDense(expected);
            QCOMPARE(layer->weight.rows(), expected.rows());
            QVERIFY(layer->weight == expected);
            // The mask view is kept in step (O(k) per update): it marks exactly the CSR.
            QCOMPARE(static_cast<long long>((layer->mask.array() != 0.0f).count()),
                     s->matrix().nnz());
        }
        QCOMPARE(sparseLayers, 3);
    }

    void learnsSpirals() {
        const auto c = trainerSpiralsConfig();
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        QVERIFY(t.finished());
        QCOMPARE(t.step(), 60LL * 32);  // 2000 / 64 rounds up to 32 batches an epoch
        const double accuracy = t.evaluateTest().accuracy;
        QVERIFY2(accuracy >= 0.95, qPrintable(QString("spirals test accuracy %1").arg(accuracy)));
    }

    void evaluatesAtEveryEpochEndAndEveryNSteps() {
        auto c = trainerSpiralsConfig();
        c.train.epochs = 3;
        c.train.evalEvery = 20;
        c.train.logEvery = 10;
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        std::vector<long long> evalSteps, logSteps;
        for (const auto& p : t.history()) {
            (p.hasTest() ? evalSteps : logSteps).push_back(p.step);
            QVERIFY(p.trainLoss > 0);
        }
        // Multiples of 20 up to 96, plus the epoch ends 32, 64, 96.
        QCOMPARE(evalSteps, (std::vector<long long>{20, 32, 40, 60, 64, 80, 96}));
        QCOMPARE(logSteps, (std::vector<long long>{10, 30, 50, 74, 90}));
        QCOMPARE(t.history().back().epoch, 3);
    }

    void observerCanStopTheRun() {
        const auto c = trainerSpiralsConfig();
        sl::Trainer t(c, sl::loadRunData(c));
        LossRecorder r;
        r.stopAfter = 17;
        QCOMPARE(t.run(1000, &r), 17LL);
        QCOMPARE(t.step(), 17LL);
        t.requestStop();
        QCOMPARE(t.run(1000), 0LL);  // a stop asked for before run() is honoured once
        QCOMPARE(t.run(5), 5LL);
    }

    void divergenceIsReportedWithItsStep() {
        // A non-finite input makes the loss NaN exactly in the batch that holds it; large
        // learning rates do the same less predictably (ReLU units die before they overflow).
        auto c = trainerSpiralsConfig();
        c.train.batchSize = 2000;  // one batch an epoch: the NaN is met at step 1
        auto data = sl::loadRunData(c);
        data.train.x(0, 123) = std::numeric_limits<float>::quiet_NaN();
        sl::Trainer t(c, std::move(data));
        try {
            t.runToEnd();
            QFAIL("a NaN input did not stop the run");
        } catch (const sl::DivergenceError& e) {
            const QString m = e.what();
            QVERIFY2(m.contains("diverged at step 1:") && m.contains("optimizer.lr"), e.what());
        }
        QCOMPARE(t.step(), 0LL);  // the diverged step was not applied
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
