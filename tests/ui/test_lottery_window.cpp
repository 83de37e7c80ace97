#include "controller/lottery_worker.h"
#include "main_window.h"
#include "panels/run_list_panel.h"
#include "run_book.h"
#include "support/test_main.h"

#include <QAction>
#include <QDockWidget>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QtTest>

using sl::ui::MainWindow;

// Lottery rounds started from the window land in the run list, one kept run per round.
class TestLotteryWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("SparseLab-tests");
        QCoreApplication::setApplicationName("test_lottery_window");
    }

    void roundsJoinTheRunList() {
        sl::RunConfig c;
        c.data.name = "moons";
        c.data.samples = 800;
        c.model.hidden = {24, 16};
        c.train.epochs = 20;  // 140 steps a run: curves worth overlaying, still ~1 s
        c.seed = 4;
        MainWindow w(&c);
        w.resize(1500, 950);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.shownSnapshot() != nullptr, 15000);
        bool found = false;
        for (QAction* a : w.findChildren<QAction*>())
            found |= a->text() == "Lottery ticket rounds…";
        QVERIFY(found);

        sl::LotterySettings s;
        s.rounds = 3;
        s.pruneFraction = 0.5;
        w.startLotteryRounds(s);
        QVERIFY(w.lotteryWorker());
        QSignalSpy finished(w.lotteryWorker(), &sl::ui::LotteryWorker::finished);
        QVERIFY(finished.wait(60000));
        auto* book = w.findChild<sl::ui::RunBook*>();
        QCOMPARE(book->runs().size(), std::size_t(5));  // the live run and four rounds
        QCOMPARE(book->runs()[1].name, QString("dense r0"));
        QCOMPARE(book->runs()[4].name, QString("ticket r3 (87.5 %)"));
        QVERIFY(book->runs()[4].color != book->runs()[3].color);
        auto* list = w.findChild<sl::ui::RunListPanel*>();
        QCOMPARE(list->model()->rowCount(), 5);
        QTest::qWait(100);
        // For a look at the overlaid curves: SPARSELAB_LOTTERY_SCREENSHOT=path.png.
        const QString shot = qEnvironmentVariable("SPARSELAB_LOTTERY_SCREENSHOT");
        if (!shot.isEmpty()) {
            for (QDockWidget* d : w.docks())
                if (d->objectName() == "runsDock") d->raise();
            QTest::qWait(100);
            QVERIFY(w.grab().save(shot));
        }
    }
};

SPARSELAB_TEST_MAIN(TestLotteryWindow)
#include "test_lottery_window.moc"
