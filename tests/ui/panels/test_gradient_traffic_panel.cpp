#include "controller/snapshot_builder.h"
#include "panels/gradient_traffic_panel.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QTest>

using sl::ui::GradientTrafficPanel;

namespace {

sl::ui::SnapshotPtr snapshot(const sl::GradientSettings& gradient, double density,
                             long long dense, long long sparse) {
    auto s = std::make_shared<sl::ui::RunSnapshot>();
    s->config.gradient = gradient;
    s->gradientDensity = density;
    s->gradientBytesDense = dense;
    s->gradientBytesSparse = sparse;
    return s;
}

} // namespace

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
        QCOMPARE(GradientTrafficPanel::modeText(s), QStringLiteral("top-k 1% + momentum correction"));
        s.compression = "sparse-updates";
        s.density = 0.25f;
        s.clipNorm = 5.0f;
        QCOMPARE(GradientTrafficPanel::modeText(s), QStringLiteral("sparse updates 25%, clip norm 5"));
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

    // The default MLP at topk 1%: 266,610 entries, 2,667 sent.
    void showsDenseAgainstSparse() {
        GradientTrafficPanel panel;
        sl::GradientSettings s;
        s.compression = "topk";
        s.density = 0.01f;
        panel.setSnapshot(snapshot(s, 2667.0 / 266610.0, 4 * 266610LL, 8 * 2667LL));
        QCOMPARE(panel.mode(), QStringLiteral("top-k 1% + error feedback"));
        QCOMPARE(panel.density(), QStringLiteral("1%"));
        QCOMPARE(panel.bytesDense(), QStringLiteral("1.07 MB"));
        QCOMPARE(panel.bytesSparse(), QStringLiteral("21.3 kB"));
        QCOMPARE(panel.saving(), QStringLiteral("50.0×"));
        QCOMPARE(panel.barValue(), 20);  // 21,336 / 1,066,440 in per-mille
        // For looking at it: SPARSELAB_GRAB_DIR=/tmp/shots saves the panel as drawn here.
        if (qEnvironmentVariableIsSet("SPARSELAB_GRAB_DIR")) {
            panel.resize(520, 200);
            panel.grab().save(qEnvironmentVariable("SPARSELAB_GRAB_DIR") + "/gradient-topk.png");
        }

        // The filter off: nothing measured, every entry goes through.
        panel.setSnapshot(snapshot(sl::GradientSettings{}, 1.0, 0, 0));
        QCOMPARE(panel.mode(), QStringLiteral("none"));
        QCOMPARE(panel.density(), QStringLiteral("100%"));
        QCOMPARE(panel.bytesDense(), QStringLiteral("—"));
        QCOMPARE(panel.saving(), QStringLiteral("—"));
        QCOMPARE(panel.barValue(), 1000);

        // Past 50% density the index costs more than it saves: the bar stays full.
        panel.setSnapshot(snapshot(s, 0.75, 40, 60));
        QCOMPARE(panel.density(), QStringLiteral("75%"));
        QCOMPARE(panel.saving(), QStringLiteral("0.7×"));
        QCOMPARE(panel.barValue(), 1000);
        panel.setSnapshot(nullptr);  // ignored, no crash
        QCOMPARE(panel.density(), QStringLiteral("75%"));
    }

    // From a real trainer through the snapshot builder, as the window gets it.
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
        QCOMPARE(panel.bytesDense(), QStringLiteral("328 B"));
        QCOMPARE(panel.bytesSparse(), QStringLiteral("88 B"));
        QCOMPARE(panel.density(), QStringLiteral("13.4%"));  // 11 / 82
    }
};

QTEST_MAIN(TestGradientTrafficPanel)
#include "test_gradient_traffic_panel.moc"
