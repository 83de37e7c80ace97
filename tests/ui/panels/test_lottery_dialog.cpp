#include "panels/lottery_dialog.h"
#include "support/test_main.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSpinBox>
#include <QtTest>

using sl::ui::LotteryDialog;

class TestLotteryDialog : public QObject {
    Q_OBJECT
private slots:
    void settingsComeBackAsSet() {
        LotteryDialog d(469, 4690);
        sl::LotterySettings s;
        s.rounds = 4;
        s.pruneFraction = 0.25;
        s.scope = sl::LotteryScope::PerLayer;
        s.rewindStep = 469;
        s.control = sl::LotteryControl::Reinit;
        d.setSettings(s);
        const auto got = d.settings();
        QCOMPARE(got.rounds, 4);
        QCOMPARE(got.pruneFraction, 0.25);
        QCOMPARE(got.scope, sl::LotteryScope::PerLayer);
        QCOMPARE(got.rewindStep, 469LL);
        QCOMPARE(got.control, sl::LotteryControl::Reinit);
        QCOMPARE(d.rewindStep->maximum(), 4689);  // k must leave a step to train
    }

    void saysWhereTheLastRoundLands() {
        LotteryDialog d(469, 4690);
        d.rounds->setValue(3);
        d.prune->setValue(0.5);
        d.control->setCurrentIndex(d.control->findData("none"));
        QVERIFY2(d.outcome->text().contains("87.5 %") && d.outcome->text().contains("4 full"),
                 qPrintable(d.outcome->text()));
        d.control->setCurrentIndex(d.control->findData("reinit"));
        QVERIFY2(d.outcome->text().contains("7 full"), qPrintable(d.outcome->text()));
        // For a look at the dialog: SPARSELAB_LOTTERY_SCREENSHOT=path.png.
        const QString shot = qEnvironmentVariable("SPARSELAB_LOTTERY_SCREENSHOT");
        if (!shot.isEmpty()) QVERIFY(d.grab().save(shot));
    }
};

SPARSELAB_TEST_MAIN(TestLotteryDialog)
#include "test_lottery_dialog.moc"
