#include "controller/training_controller.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "support/wait.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "views/palette.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using sl::ui::SnapshotPtr;
using sl::ui::TrainingController;

namespace {

// Spirals, 32-32 MLP, 20 steps an epoch, RigL 80 % with ΔT 10.
sl::RunConfig lesson() { return sl::test::TinyRun().sparse("rigl", 0.8f, 10).epochs(200).seed(9); }

using sl::test::waitFor;
SnapshotPtr next(TrainingController& c) { return sl::test::nextSnapshot(c); }

}  // namespace

class TestTrainingController : public QObject {
    Q_OBJECT
private slots:
    void startsPausedAtStepZero() {
        TrainingController c;
        c.setConfig(lesson());
        const SnapshotPtr s = next(c);
        QVERIFY(s);
        QCOMPARE(s->step, 0LL);
        QVERIFY(!s->playing);
        QCOMPARE(s->layers.size(), std::size_t(3));
        QCOMPARE(s->nextMaskUpdateStep, 10LL);
    }

    void playThenPauseStopsTheStepCounter() {
        TrainingController c;
        auto long_ = lesson();
        long_.train.epochs = 100000;  // 4000 steps of this model take a fraction of a second
        c.setConfig(long_);
        next(c);
        c.play();
        const SnapshotPtr running = waitFor(c, [](const auto& snap) { return snap.step > 50; });
        QVERIFY(running && running->playing);
        c.pause();
        const SnapshotPtr paused = waitFor(c, [](const auto& s) { return !s.playing; });
        QVERIFY(paused);
        QTest::qWait(300);
        const SnapshotPtr later = c.latestSnapshot();
        QCOMPARE(later->step, paused->step);
        QVERIFY(!later->playing);
    }

    void stepToNextMaskUpdateStopsExactlyThere() {
        TrainingController c;
        c.setConfig(lesson());
        next(c);
        c.stepBatch();
        c.stepBatch();
        c.stepBatch();
        SnapshotPtr s =
            waitFor(c, [](const auto& snap) { return snap.step == 3 && !snap.playing; });
        QVERIFY(s);
        c.stepToNextMaskUpdate();
        s = waitFor(c, [](const auto& snap) { return snap.step >= 10 && !snap.playing; });
        QCOMPARE(s->step, 10LL);
        QVERIFY(!s->maskUpdates.empty());
        QCOMPARE(s->maskUpdates.back().step, 10LL);
        QCOMPARE(s->nextMaskUpdateStep, 20LL);
        c.stepToNextMaskUpdate();
        s = waitFor(c, [](const auto& snap) { return snap.step >= 20 && !snap.playing; });
        QCOMPARE(s->step, 20LL);
    }

    void stepEpochEndsAtTheEpochBoundary() {
        TrainingController c;
        c.setConfig(lesson());
        next(c);
        c.stepBatch();
        c.stepEpoch();
        const SnapshotPtr s =
            waitFor(c, [](const auto& snap) { return snap.step >= 20 && !snap.playing; });
        QCOMPARE(s->step, 20LL);
    }

    void changingDeltaTChangesLaterSpacing() {
        TrainingController c;
        c.setConfig(lesson());
        next(c);
        c.stepToNextMaskUpdate();
        c.stepToNextMaskUpdate();  // step 20
        waitFor(c, [](const auto& snap) { return snap.step == 20 && !snap.playing; });
        c.setDeltaT(25);
        c.stepToNextMaskUpdate();
        c.stepToNextMaskUpdate();
        const SnapshotPtr s =
            waitFor(c, [](const auto& snap) { return snap.step == 50 && !snap.playing; });
        QVERIFY(s);
        std::vector<long long> steps;
        for (const auto& u : s->maskUpdates)
            if (steps.empty() || steps.back() != u.step) steps.push_back(u.step);
        QCOMPARE(steps, (std::vector<long long>{10, 20, 25, 50}));
        QCOMPARE(s->parameterChanges.size(), std::size_t(1));
        QCOMPARE(s->parameterChanges[0].step, 20LL);
        QCOMPARE(s->config.sparsity.deltaT, 25);
    }

    void heatmapShowsTheLastEventInItsColours() {
        TrainingController c;
        c.setConfig(lesson());
        // Snapshots carry heatmaps only for the layers on screen: here all of them.
        c.setDetailLayers({0, 1, 2, 3});
        next(c);
        c.stepToNextMaskUpdate();
        const SnapshotPtr s =
            waitFor(c, [](const auto& snap) { return snap.step == 10 && !snap.playing; });
        QVERIFY(s);
        // Re-run the same config headless: the engine is deterministic, so its event at step
        // 10 names the indices the heatmap must colour.
        const sl::RunConfig cfg = lesson();
        sl::Trainer t(cfg, sl::loadRunData(cfg));
        t.run(10);
        QVERIFY(!t.maskEvents().empty());
        for (const auto& e : t.maskEvents()) {
            const auto& layer = s->layers[static_cast<std::size_t>(e.layer)];
            QCOMPARE(layer.heatmap.width(), layer.cols);
            QCOMPARE(layer.heatmap.height(), layer.rows);
            for (std::int32_t i : e.grownIndices)
                QCOMPARE(layer.heatmap.pixel(i % layer.cols, i / layer.cols),
                         sl::ui::palette::kGrown);
            for (std::int32_t i : e.prunedIndices)
                QCOMPARE(layer.heatmap.pixel(i % layer.cols, i / layer.cols),
                         sl::ui::palette::kPruned);
            QCOMPARE(layer.active,
                     t.sparsityTracker().layers()[static_cast<std::size_t>(e.layer)].active);
        }
    }

    void snapshotRateIsBoundedAtFullSpeed() {
        TrainingController c;
        auto long_ = lesson();
        long_.train.epochs = 100000;  // never finishes within the test
        c.setConfig(long_);
        next(c);
        const long long before = c.snapshotsPublished();
        c.play();
        QElapsedTimer clock;
        clock.start();
        QTest::qWait(2000);
        const double seconds = clock.elapsed() / 1000.0;
        const SnapshotPtr s = c.latestSnapshot();
        c.pause();
        const long long published = c.snapshotsPublished() - before;
        QVERIFY2(published <= 32 * seconds + 3, qPrintable(QString::number(published)));
        QVERIFY2(
            published >= 10,
            qPrintable(
                QString("%1 snapshots, step %2").arg(published).arg(s->step)));  // and it is live
        QVERIFY2(s->step > 200, qPrintable(QString::number(s->step)));           // far more steps
    }

    void badConfigReportsAndKeepsTheRun() {
        TrainingController c;
        c.setConfig(lesson());
        next(c);
        QSignalSpy failed(&c, &TrainingController::failed);
        sl::RunConfig bad = lesson();
        bad.data.name = "idx";
        bad.data.path = "/nonexistent/folder";
        c.setConfig(bad);
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.front().front().toString().contains("/nonexistent/folder"));
        const SnapshotPtr s = c.latestSnapshot();
        QCOMPARE(s->config.data.name, std::string("spirals"));
        // One route: failed() once, and nothing of the error in the snapshots that follow.
        c.stepBatch();
        const SnapshotPtr after = waitFor(c, [](const auto& snap) { return snap.step == 1; });
        QVERIFY(after);
        QCOMPARE(failed.count(), 1);
        QVERIFY(!after->notice.contains("/nonexistent/folder"));
    }
};

SPARSELAB_TEST_MAIN(TestTrainingController)
#include "test_training_controller.moc"
