#include "controller/lottery_worker.h"
#include "support/test_main.h"

#include <QSignalSpy>
#include <QtTest>

using sl::ui::LotteryWorker;
using sl::ui::SnapshotPtr;

namespace {

sl::RunConfig small() {
    sl::RunConfig c;
    c.data.name = "spirals";
    c.data.samples = 600;
    c.model.hidden = {16, 8};
    c.train.epochs = 2;
    c.seed = 5;
    return c;
}

}  // namespace

// The window's lottery worker: rounds arrive on the GUI thread, named for the run list, and a
// cancel stops them.
class TestLotteryWorker : public QObject {
    Q_OBJECT
private slots:
    void namesSayRoundKindAndSparsity() {
        QCOMPARE(LotteryWorker::roundName(0, false, 0.0), QString("dense r0"));
        QCOMPARE(LotteryWorker::roundName(1, false, 0.2), QString("ticket r1 (20 %)"));
        QCOMPARE(LotteryWorker::roundName(3, true, 0.488), QString("reinit r3 (48.8 %)"));
    }

    void everyRoundArrivesAsASnapshot() {
        LotteryWorker worker;
        QSignalSpy rounds(&worker, &LotteryWorker::roundFinished);
        QSignalSpy finished(&worker, &LotteryWorker::finished);
        QSignalSpy progress(&worker, &LotteryWorker::progress);
        sl::LotterySettings s;
        s.rounds = 2;
        s.pruneFraction = 0.5;
        s.control = sl::LotteryControl::Reinit;
        QVERIFY(worker.start(small(), s));
        QVERIFY(worker.running());
        QVERIFY(!worker.start(small(), s));  // one set of rounds at a time
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.front().front().toBool(), false);
        QVERIFY(!worker.running());
        QCOMPARE(rounds.size(), 5);
        const QStringList expected{"dense r0", "ticket r1 (50 %)", "reinit r1 (50 %)",
                                   "ticket r2 (75 %)", "reinit r2 (75 %)"};
        const double sparsity[] = {0.0, 0.5, 0.5, 0.75, 0.75};
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(rounds[i][1].toString(), expected[i]);
            const auto snapshot = rounds[i][0].value<SnapshotPtr>();
            QVERIFY(snapshot);
            QVERIFY(snapshot->finished);
            QCOMPARE(snapshot->overallSparsity, sparsity[i]);
            QVERIFY(!snapshot->history.empty());
        }
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.back()[1].toInt(), 5);  // runs in all
    }

    void cancelStopsTheRounds() {
        LotteryWorker worker;
        QSignalSpy rounds(&worker, &LotteryWorker::roundFinished);
        QSignalSpy finished(&worker, &LotteryWorker::finished);
        auto c = small();
        c.train.epochs = 2000;  // far longer than the test waits
        sl::LotterySettings s;
        s.rounds = 5;
        QVERIFY(worker.start(c, s));
        QSignalSpy progress(&worker, &LotteryWorker::progress);
        QVERIFY(progress.wait(20000));
        worker.cancel();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.front().front().toBool(), true);
        QCOMPARE(rounds.size(), 0);
    }

    void badDataIsReportedNotThrown() {
        LotteryWorker worker;
        QSignalSpy failed(&worker, &LotteryWorker::failed);
        QSignalSpy finished(&worker, &LotteryWorker::finished);
        auto c = small();
        c.data.name = "idx";
        c.data.path = "/no/such/folder";
        QVERIFY(worker.start(c, sl::LotterySettings{}));
        QVERIFY(finished.wait(20000));
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.front().front().toString().contains("/no/such/folder"),
                 qPrintable(failed.front().front().toString()));
    }
};

SPARSELAB_TEST_MAIN(TestLotteryWorker)
#include "test_lottery_worker.moc"
