#include "distributed/exchange_traffic.h"
#include "support/test_main.h"

#include <QtTest>

// The bytes a rank would move per step, worked out by hand from the exchange's steps
// (exchange_traffic.h): 16 for the loss and correct count, then dense 4 E, or top-k 8 for the
// pair count + (sparse) 4 for the byte count and 8 per pair, or (switched) 4 E.
class TestExchangeTraffic : public QObject {
    Q_OBJECT

private slots:
    void oneRankSendsNothing() {
        const sl::ExchangeTraffic d = sl::denseStepTraffic(1000, 1);
        QCOMPARE(d.bytesSent, 0LL);
        QCOMPARE(d.bytesReceived, 0LL);
        const sl::ExchangeTraffic t = sl::topkStepTraffic(1000, 10, 1);
        QCOMPARE(t.bytesSent, 0LL);
        QCOMPARE(t.bytesReceived, 0LL);
        QVERIFY(!t.sparse);
    }

    void denseAllreducesEveryEntry() {
        // 23 entries: 16 + 4 · 23 = 108, whatever the rank count.
        for (int ranks : {2, 3, 8}) {
            const sl::ExchangeTraffic d = sl::denseStepTraffic(23, ranks);
            QCOMPARE(d.bytesSent, 108LL);
            QCOMPARE(d.bytesReceived, 108LL);
        }
    }

    void topkGathersPairs() {
        // 23 entries, 3 pairs per rank, 2 ranks: P = 6, 8 · 6 = 48 <= 4 · 23 = 92: allgather.
        // Sent 16 + 8 + 4 + 8 · 3 = 52; received 16 + 8 + the other rank's 4 + 24 = 52.
        const sl::ExchangeTraffic t = sl::topkStepTraffic(23, 3, 2);
        QVERIFY(t.sparse);
        QCOMPARE(t.gatheredPairs, 6LL);
        QCOMPARE(t.bytesSent, 52LL);
        QCOMPARE(t.bytesReceived, 52LL);
        // 3 ranks: P = 9, 72 <= 92. Sent unchanged; received 24 + 2 · 28 = 80.
        const sl::ExchangeTraffic three = sl::topkStepTraffic(23, 3, 3);
        QVERIFY(three.sparse);
        QCOMPARE(three.bytesSent, 52LL);
        QCOMPARE(three.bytesReceived, 80LL);
    }

    void topkSwitchesToDensePastHalfTheEntries() {
        // 4 ranks: P = 12, 96 > 92: the ranks allreduce instead, 16 + 8 + 92 = 116.
        const sl::ExchangeTraffic t = sl::topkStepTraffic(23, 3, 4);
        QVERIFY(!t.sparse);
        QCOMPARE(t.gatheredPairs, 12LL);
        QCOMPARE(t.bytesSent, 116LL);
        QCOMPARE(t.bytesReceived, 116LL);
        // Exactly at the edge (8 P = 4 E: 24 entries) the allgather is kept: 24 + 4 + 24 = 52
        // sent, 24 + 3 · 28 = 108 received.
        const sl::ExchangeTraffic edge = sl::topkStepTraffic(24, 3, 4);
        QVERIFY(edge.sparse);
        QCOMPARE(edge.bytesSent, 52LL);
        QCOMPARE(edge.bytesReceived, 108LL);
    }

    void referenceMlpAtOnePerMille() {
        // 784-300-100-10: 266,610 entries; top-k 0.1 % keeps ceil(0.001 n) per tensor:
        // 236 + 1 + 30 + 1 + 1 + 1 = 270 pairs. 4 ranks: 16 + 8 + 4 + 2160 = 2188 bytes sent
        // against 16 + 1,066,440 = 1,066,456 for the dense allreduce (487× more).
        const long long entries = 784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10;
        QCOMPARE(entries, 266610LL);
        const sl::ExchangeTraffic t = sl::topkStepTraffic(entries, 270, 4);
        QVERIFY(t.sparse);
        QCOMPARE(t.bytesSent, 2188LL);
        QCOMPARE(t.bytesReceived, 16 + 8 + 3 * (4 + 2160LL));
        QCOMPARE(sl::denseStepTraffic(entries, 4).bytesSent, 1066456LL);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestExchangeTraffic)
#include "test_exchange_traffic.moc"
