#include "controller/training_controller.h"
#include "prune/one_shot_settings.h"
#include "support/test_main.h"
#include "support/tiny_gpt.h"
#include "support/tiny_run.h"
#include "support/wait.h"
#include "train/run_setup.h"
#include "train/text_metrics.h"
#include "train/trainer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

// TrainingController::pruneModel: the pruning runs on the worker thread, the next snapshot
// shows the new masks, the static method and the accuracy before and after; training on
// keeps the masks; a refused pattern leaves the run as it was and says why.
using sl::ui::SnapshotPtr;
using sl::ui::TrainingController;

namespace {

// Spirals, 32-32 MLP, 20 steps an epoch, dense.
sl::RunConfig denseRun() { return sl::test::TinyRun().epochs(30).seed(4); }

using sl::test::waitFor;

sl::OneShotSettings wanda(double sparsity) {
    sl::OneShotSettings s;
    s.method = sl::OneShotMethod::Wanda;
    s.sparsity = sparsity;
    s.calibration = 200;
    return s;
}

}  // namespace

class TestPruneCommand : public QObject {
    Q_OBJECT
private slots:
    void prunedRunShowsMasksAndKeepsThem() {
        TrainingController c;
        c.setConfig(denseRun());
        QVERIFY(waitFor(c, [](const auto& snap) { return snap.step == 0; }));
        // Pruned part-way, as one pauses a run to prune it, so that training can go on.
        for (int e = 0; e < 5; ++e) c.stepEpoch();
        QVERIFY(waitFor(c, [](const auto& snap) { return snap.step == 100; }));
        c.pruneModel(wanda(0.75));
        SnapshotPtr s =
            waitFor(c, [](const auto& snap) { return snap.notice.startsWith("Pruned"); });
        QVERIFY(s);
        QVERIFY2(s->notice.contains("test accuracy"), qPrintable(s->notice));
        QCOMPARE(s->method, QString("static"));
        QCOMPARE(s->layers.size(), std::size_t(3));
        for (const auto& layer : s->layers) {
            // Wanda prunes round(0.75 · in) of every row.
            const long long perRow = std::llround(0.75 * layer.cols);
            QCOMPARE(layer.active, layer.parameters - perRow * layer.rows);
        }
        const long long step = s->step;

        QCOMPARE(s->config.sparsity.method, std::string("static"));
        QCOMPARE(step, 100LL);

        // Two more epochs of training: the masks stay where pruning put them.
        c.stepEpoch();
        c.stepEpoch();
        s = waitFor(c, [](const auto& snap) { return snap.step == 140; });
        QVERIFY(s && s->step == 140);
        for (const auto& layer : s->layers)
            QCOMPARE(layer.active, layer.parameters - std::llround(0.75 * layer.cols) * layer.rows);
    }

    void refusedPatternLeavesTheRun() {
        TrainingController c;
        c.setConfig(denseRun());
        QVERIFY(waitFor(c, [](const auto& snap) { return snap.step == 0; }));
        c.stepEpoch();
        QVERIFY(waitFor(c, [](const auto& snap) { return snap.step == 20; }));
        QSignalSpy failed(&c, &TrainingController::failed);
        sl::OneShotSettings s = wanda(0.5);
        s.nmN = 2;
        s.nmM = 4;  // spirals has 2 inputs: no whole group of 4 in dense1
        c.pruneModel(s);
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.front().front().toString().contains("dense1"),
                 qPrintable(failed.front().front().toString()));
        c.stepBatch();
        const SnapshotPtr after = waitFor(c, [](const auto& snap) { return snap.step == 21; });
        QVERIFY(after);
        QCOMPARE(after->method, QString("dense"));
        for (const auto& layer : after->layers) QCOMPARE(layer.active, layer.parameters);
    }

    // A language model is not scored on a test set's classes: the notice names what its
    // evaluation measured, next-character accuracy and bits per character on held-out text.
    void aLanguageModelsNoticeNamesWhatWasMeasured() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("words.txt").toStdString();
        {
            std::ofstream text(path);
            for (int i = 0; i < 300; ++i) text << (i % 3 ? "the cat sat " : "on a mat.\n");
        }
        const sl::RunConfig config = sl::test::tinyGptConfig(path);
        TrainingController c;
        c.setConfig(config);
        QVERIFY(waitFor(c, [](const auto& snap) { return snap.step == 0; }));
        c.stepEpoch();
        const SnapshotPtr trained = waitFor(c, [](const auto& snap) {
            return snap.step > 0 && snap.step == snap.stepsPerEpoch && !snap.playing;
        });
        QVERIFY(trained);
        // The same run to the same step, evaluated here: the figures before pruning.
        sl::Trainer same(config, sl::loadRunData(config));
        same.run(trained->step);
        const sl::Evaluation before = same.evaluateTest();

        c.pruneModel(wanda(0.5));
        const SnapshotPtr s =
            waitFor(c, [](const auto& snap) { return snap.notice.startsWith("Pruned"); });
        QVERIFY(s);
        QVERIFY2(!s->notice.contains("test accuracy"), qPrintable(s->notice));
        const QString expected = QString("held-out next-character accuracy %1% → ")
                                     .arg(100.0 * before.accuracy, 0, 'f', 2);
        QVERIFY2(s->notice.contains(expected), qPrintable(s->notice + " / " + expected));
        const QString bits = QString(", %1 → ").arg(sl::bitsPerCharacter(before.loss), 0, 'f', 3);
        QVERIFY2(s->notice.contains(bits) && s->notice.contains(" bits per character."),
                 qPrintable(s->notice + " / " + bits));
    }
};

SPARSELAB_TEST_MAIN(TestPruneCommand)
#include "test_prune_command.moc"
