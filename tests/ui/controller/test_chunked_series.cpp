#include "controller/chunked_series.h"
#include "support/test_main.h"

#include <QtTest>
#include <algorithm>

using Series = sl::ui::ChunkedSeries<int, 4>;

// Hand-checked cases of the append-only series snapshots share: 10 items in chunks of 4 are
// two sealed chunks and a tail of 2; a copy holds the same chunk objects.
class TestChunkedSeries : public QObject {
    Q_OBJECT

private slots:
    void sealsFullChunksAndReadsLikeAVector() {
        Series s;
        QVERIFY(s.empty());
        for (int i = 0; i < 10; ++i) s.push_back(i * 10);
        QCOMPARE(s.size(), std::size_t(10));
        QCOMPARE(s.chunks().size(), std::size_t(2));
        QCOMPARE(s.tail().size(), std::size_t(2));
        QCOMPARE(*s.chunks()[1], (std::vector<int>{40, 50, 60, 70}));
        for (int i = 0; i < 10; ++i) QCOMPARE(s[std::size_t(i)], i * 10);
        QCOMPARE(s.front(), 0);
        QCOMPARE(s.back(), 90);
        QCOMPARE(s.toVector(), (std::vector<int>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90}));
        // Random access as std::lower_bound needs it (ScheduleChart::sparsityAt), and reverse.
        QCOMPARE(std::lower_bound(s.begin(), s.end(), 55) - s.begin(), 6);
        QCOMPARE(*std::lower_bound(s.begin(), s.end(), 80), 80);
        QCOMPARE(*s.rbegin(), 90);
        QCOMPARE(*(s.rbegin() + 3), 60);
        QCOMPARE(s.end() - s.begin(), 10);
        int sum = 0;
        for (int v : s) sum += v;
        QCOMPARE(sum, 450);
    }

    void copiesShareSealedChunks() {
        Series a{1, 2, 3, 4, 5};
        const Series b = a;  // what a snapshot takes
        a.push_back(6);
        a.push_back(7);
        a.push_back(8);  // seals a's second chunk; b's tail stays as it was
        QCOMPARE(a.chunks().size(), std::size_t(2));
        QCOMPARE(b.chunks().size(), std::size_t(1));
        QCOMPARE(a.chunks()[0].get(), b.chunks()[0].get());
        QCOMPARE(b.toVector(), (std::vector<int>{1, 2, 3, 4, 5}));
        QCOMPARE(a.toVector(), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));
        QVERIFY(a.tail().empty());
        a.clear();
        QVERIFY(a.empty());
        QCOMPARE(b.size(), std::size_t(5));  // clearing the builder's series leaves copies whole
        QCOMPARE(*b.chunks()[0], (std::vector<int>{1, 2, 3, 4}));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestChunkedSeries)
#include "test_chunked_series.moc"
