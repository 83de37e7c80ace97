#include "controller/snapshot_builder.h"
#include "distributed/exchange_record.h"
#include "io/checkpoint.h"
#include "panels/gradient_traffic_panel.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using sl::ui::GradientTrafficPanel;

namespace {

std::shared_ptr<sl::ui::RunSnapshot> trafficSnapshot(const sl::GradientSettings& gradient,
                                                     double density, long long dense,
                                                     long long sparse) {
    auto s = std::make_shared<sl::ui::RunSnapshot>();
    s->config.gradient = gradient;
    s->gradientDensity = density;
    s->gradientBytesDense = dense;
    s->gradientBytesSparse = sparse;
    return s;
}

sl::GradientExchange::Totals sampleTotals() {
    sl::GradientExchange::Totals t;
    t.steps = 7;
    t.bytesSent = 1234;
    t.bytesReceived = 2346;
    t.seconds = 0.5;
    t.sparseSteps = 5;
    t.denseSteps = 3;
    t.ranks = 4;
    return t;
}

}  // namespace

class TestGradientTrafficPanel : public QObject {
    Q_OBJECT
private slots:
    void modeNamesTheCompressionAndTheClipping() {
        sl::GradientSettings s;
        QCOMPARE(GradientTrafficPanel::modeText(s), QStringLiteral("none"));
        s.compression = "topk";
        s.density = 0.01f;
        s.errorFeedback = true;
        QCOMPARE(GradientTrafficPanel::modeText(s), QStringLiteral("top-k 1% + error feedback"));
        s.momentumCorrection = true;
        s.errorFeedback = false;
        QCOMPARE(GradientTrafficPanel::modeText(s),
                 QStringLiteral("top-k 1% + momentum correction"));
        s.compression = "sparse-updates";
        s.density = 0.25f;
        s.clipNorm = 5.0f;
        QCOMPARE(GradientTrafficPanel::modeText(s),
                 QStringLiteral("sparse updates 25%, clip norm 5"));
        s.compression = "none";
        s.clipNorm = 0.0f;
        s.clipValue = 0.5f;
        QCOMPARE(GradientTrafficPanel::modeText(s), QStringLiteral("none, clip value 0.5"));
    }

    void bytesInDecimalUnits() {
        QCOMPARE(GradientTrafficPanel::bytesText(40), QStringLiteral("40 B"));
        QCOMPARE(GradientTrafficPanel::bytesText(21336), QStringLiteral("21.3 kB"));
        QCOMPARE(GradientTrafficPanel::bytesText(1066440), QStringLiteral("1.07 MB"));
        QCOMPARE(GradientTrafficPanel::bytesText(250000000), QStringLiteral("250 MB"));
    }

    // The default MLP at top-k 1%: 266,610 entries, 2,667 pairs per rank (ceil(1% n) per
    // tensor). At 4 ranks (exchange_traffic.h): dense 16 + 4 · 266,610 = 1,066,456 bytes;
    // top-k gathers 10,668 pairs (85 kB < 1.07 MB, no switch): 16 + 8 + 4 + 8 · 2,667 =
    // 21,364 sent and 16 + 8 + 3 · (4 + 21,336) = 64,044 received; 49.9× less.
    void showsWhatEachRankWouldSend() {
        GradientTrafficPanel panel;
        sl::GradientSettings s;
        s.compression = "topk";
        s.density = 0.01f;
        auto snap = trafficSnapshot(s, 2667.0 / 266610.0, 4 * 266610LL, 8 * 2667LL);
        snap->gradientEntries = 266610;
        snap->topkPairs = 2667;
        panel.setSnapshot(snap);
        QCOMPARE(panel.ranks(), 4);
        QCOMPARE(panel.mode(), QStringLiteral("top-k 1% + error feedback"));
        QCOMPARE(panel.density(), QStringLiteral("1%"));
        QCOMPARE(panel.bytesDense(), QStringLiteral("1.07 MB"));
        QCOMPARE(panel.bytesSparse(),
                 QStringLiteral("21.4 kB (%1 pairs)").arg(QLocale().toString(2667)));
        QCOMPARE(panel.bytesReceived(), QStringLiteral("64.0 kB"));
        QCOMPARE(panel.saving(), QStringLiteral("49.9×"));
        QCOMPARE(panel.barValue(), 20);  // 21,364 / 1,066,456 in per-mille
        // It says plainly that nothing is exchanged here.
        QVERIFY(panel.findChild<QLabel*>() != nullptr);
        bool says = false;
        for (const QLabel* l : panel.findChildren<QLabel*>())
            says |= l->text().startsWith(QStringLiteral("This window trains in one process"));
        QVERIFY(says);
        // For looking at it: SPARSELAB_GRAB_DIR=/tmp/shots saves the panel as drawn here.
        if (qEnvironmentVariableIsSet("SPARSELAB_GRAB_DIR")) {
            panel.resize(420, panel.sizeHint().height());
            panel.grab().save(qEnvironmentVariable("SPARSELAB_GRAB_DIR") + "/gradient-topk.png");
        }

        // 100 ranks would gather 266,700 pairs, more than half the entries: the rule sends
        // the dense vector, 16 + 8 + 1,066,440 bytes.
        panel.setRanks(100);
        QVERIFY2(panel.bytesSparse().startsWith(QStringLiteral("1.07 MB (dense: 100 ranks")),
                 qPrintable(panel.bytesSparse()));
        QCOMPARE(panel.saving(), QStringLiteral("1.0×"));
        QCOMPARE(panel.barValue(), 1000);

        // Top-k off: the dense exchange alone.
        snap->config.gradient = sl::GradientSettings{};
        snap->topkPairs = 0;
        panel.setSnapshot(snap);
        QCOMPARE(panel.mode(), QStringLiteral("none"));
        QCOMPARE(panel.bytesDense(), QStringLiteral("1.07 MB"));
        QVERIFY(panel.bytesSparse().contains(QStringLiteral("not topk")));
        QCOMPARE(panel.saving(), QStringLiteral("—"));
        QCOMPARE(panel.barValue(), 1000);
        panel.setSnapshot(nullptr);  // ignored, no crash
        QCOMPARE(panel.mode(), QStringLiteral("none"));
    }

    // From a real trainer through the snapshot builder, as the window gets it.
    // In a wide dock the rank count and the saving bar keep a readable size instead of
    // stretching across the whole width.
    void aWideDockDoesNotStretchTheRankCount() {
        GradientTrafficPanel panel;
        panel.resize(1300, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* ranks = panel.findChild<QSpinBox*>();
        auto* bar = panel.findChild<QProgressBar*>();
        QVERIFY(ranks && bar);
        QVERIFY2(ranks->width() < 200, qPrintable(QString::number(ranks->width())));
        QVERIFY2(bar->width() < 650, qPrintable(QString::number(bar->width())));
        QVERIFY(bar->width() > 100);
    }

    void showsWhatTheTrainerSent() {
        sl::RunConfig c;
        c.data.name = "spirals";
        c.data.samples = 200;
        c.model.hidden = {16};  // 2*16 + 16 + 16*2 + 2 = 82 entries
        c.train.batchSize = 50;
        c.sparsity.method = "dense";
        c.gradient.compression = "sparse-updates";
        c.gradient.density = 0.1f;  // 4 + 2 + 4 + 1 = 11 per step
        sl::Trainer trainer(c, sl::loadRunData(c));
        trainer.run(2);
        sl::ui::SnapshotBuilder builder;
        builder.reset(trainer);
        GradientTrafficPanel panel;
        panel.setSnapshot(builder.build(trainer, false, 0.0, {}));
        QCOMPARE(panel.mode(), QStringLiteral("sparse updates 10%"));
        QCOMPARE(panel.density(), QStringLiteral("13.4%"));     // 11 / 82
        QCOMPARE(panel.bytesDense(), QStringLiteral("344 B"));  // 16 + 4 · 82
        QVERIFY(panel.bytesSparse().contains(QStringLiteral("not topk")));

        // Top-k 10%: the same 11 pairs per rank. 2 ranks gather 22 (176 <= 328 bytes):
        // 16 + 8 + 4 + 88 = 116 sent, 16 + 8 + 4 + 88 = 116 received. 4 ranks gather 44
        // (352 > 328): the dense allreduce, 16 + 8 + 328 = 352.
        c.gradient.compression = "topk";
        sl::Trainer topk(c, sl::loadRunData(c));
        builder.reset(topk);
        panel.setSnapshot(builder.build(topk, false, 0.0, {}));
        panel.setRanks(2);
        QCOMPARE(panel.bytesSparse(), QStringLiteral("116 B (11 pairs)"));
        QCOMPARE(panel.bytesReceived(), QStringLiteral("116 B"));
        panel.setRanks(4);
        QVERIFY2(panel.bytesSparse().startsWith(QStringLiteral("352 B (dense: 4 ranks")),
                 qPrintable(panel.bytesSparse()));
        // A run the window trained exchanged nothing, and the panel says where to look.
        QCOMPARE(panel.measuredSent(), QStringLiteral("—"));
        QVERIFY(panel.measuredSource().startsWith(QStringLiteral("nothing yet")));
    }

    // A checkpoint of an MPI run carries rank 0's totals: 1,234 bytes sent and 2,346
    // received in 7 steps (5 top-k, 3 dense), 0.5 s of 2 s in MPI.
    void showsWhatAnMpiCheckpointMeasured() {
        auto snap = trafficSnapshot(sl::GradientSettings{}, 1.0, 0, 0);
        snap->runId = 3;
        snap->exchange = sampleTotals();
        snap->trainingSeconds = 2.0;
        GradientTrafficPanel panel;
        panel.setSnapshot(snap);
        QCOMPARE(panel.measuredSource(), QStringLiteral("this run's checkpoint, 4 ranks"));
        QCOMPARE(panel.measuredSent(), QStringLiteral("176 B (1.23 kB in 7 steps)"));
        QCOMPARE(panel.measuredReceived(), QStringLiteral("335 B (2.35 kB in all)"));
        QCOMPARE(panel.measuredExchanges(), QStringLiteral("5 top-k, 3 dense"));
        QCOMPARE(panel.measuredCommunication(),
                 QStringLiteral("%1 s of %2 s (25%)")
                     .arg(QLocale().toString(0.5, 'f', 1), QLocale().toString(2.0, 'f', 1)));

        // Through the trainer, the snapshot builder and a checkpoint file, as the window
        // opens one.
        sl::RunConfig c;
        c.data.name = "spirals";
        c.data.samples = 100;
        c.model.hidden = {8};
        c.sparsity.method = "dense";
        QTemporaryDir dir;
        const std::string path = dir.filePath("mpi.h5").toStdString();
        {
            sl::Trainer trainer(c, sl::loadRunData(c));
            trainer.run(1);
            trainer.restoreExchangeTotals(sampleTotals());
            sl::saveCheckpoint(trainer, path);
        }
        const auto opened = sl::loadCheckpoint(path);
        sl::ui::SnapshotBuilder builder;
        builder.reset(*opened);
        auto built = builder.build(*opened, false, 0.0, {});
        GradientTrafficPanel fromFile;
        fromFile.setSnapshot(built);
        QCOMPARE(fromFile.measuredSource(), QStringLiteral("this run's checkpoint, 4 ranks"));
        QCOMPARE(fromFile.measuredExchanges(), QStringLiteral("5 top-k, 3 dense"));
    }

    // A summary opened in the panel: its figures until another run starts; a bad file is
    // named with what is wrong.
    void opensTheSummaryOfAnMpiRun() {
        QTemporaryDir dir;
        const QString good = dir.filePath("s.json");
        {
            QFile f(good);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const nlohmann::json summary = {
                {"exchange", sl::exchangeJson(sampleTotals(), 4, 10.0)}};
            f.write(QByteArray::fromStdString(summary.dump()));
        }
        auto snap = trafficSnapshot(sl::GradientSettings{}, 1.0, 0, 0);
        snap->runId = 1;
        GradientTrafficPanel panel;
        panel.setSnapshot(snap);
        panel.openSummary(good);
        QCOMPARE(panel.measuredSource(), QStringLiteral("s.json, 4 ranks"));
        QCOMPARE(panel.measuredSent(), QStringLiteral("176 B (1.23 kB in 7 steps)"));
        QCOMPARE(panel.measuredExchanges(), QStringLiteral("5 top-k, 3 dense"));
        QCOMPARE(panel.measuredCommunication(),
                 QStringLiteral("%1 s of %2 s (5%)")
                     .arg(QLocale().toString(0.5, 'f', 1), QLocale().toString(10.0, 'f', 1)));
        if (qEnvironmentVariableIsSet("SPARSELAB_GRAB_DIR")) {
            snap->gradientEntries = 266610;
            snap->topkPairs = 267;
            snap->config.gradient.compression = "topk";
            snap->config.gradient.density = 0.001f;
            panel.setSnapshot(snap);
            panel.resize(420, panel.sizeHint().height());
            panel.grab().save(qEnvironmentVariable("SPARSELAB_GRAB_DIR") + "/gradient-summary.png");
        }
        // The same run's snapshots keep it; another run drops it.
        panel.setSnapshot(snap);
        QCOMPARE(panel.measuredSource(), QStringLiteral("s.json, 4 ranks"));
        auto next = trafficSnapshot(sl::GradientSettings{}, 1.0, 0, 0);
        next->runId = 2;
        panel.setSnapshot(next);
        QVERIFY(panel.measuredSource().startsWith(QStringLiteral("nothing yet")));

        const QString bad = dir.filePath("bad.json");
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"steps\": 3}");
        }
        panel.openSummary(bad);
        QVERIFY2(
            panel.measuredSource().contains(QStringLiteral("bad.json: has no 'exchange' section")),
            qPrintable(panel.measuredSource()));
        QCOMPARE(panel.measuredSent(), QStringLiteral("—"));
        panel.openSummary(dir.filePath("missing.json"));
        QVERIFY2(panel.measuredSource().contains(QStringLiteral("missing.json")),
                 qPrintable(panel.measuredSource()));
    }
};

SPARSELAB_TEST_MAIN(TestGradientTrafficPanel)
#include "test_gradient_traffic_panel.moc"
