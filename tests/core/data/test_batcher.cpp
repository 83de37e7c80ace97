#include "data/batcher.h"
#include "support/test_main.h"
#include "util/error.h"

#include "support/error_message.h"

#include <QtTest>
#include <algorithm>
#include <numeric>
#include <vector>

using sl::test::expectError;

namespace {

// n examples of 3 features; example j holds (j, 100 + j, -j) and label j % 3, so a batch
// column tells which example it came from.
sl::Dataset numbered(int n) {
    sl::Dataset d;
    d.name = "numbered";
    d.numClasses = 3;
    d.x.resize(3, n);
    for (int j = 0; j < n; ++j) {
        d.x.col(j) << float(j), float(100 + j), float(-j);
        d.labels.push_back(j % 3);
    }
    return d;
}

struct Batch {
    Eigen::MatrixXf x;
    std::vector<std::int32_t> labels;
};

std::vector<int> ids(const Batch& b) {
    std::vector<int> out;
    for (Eigen::Index j = 0; j < b.x.cols(); ++j) out.push_back(int(b.x(0, j)));
    return out;
}

// The example ids of one whole epoch, in the order served.
std::vector<int> epochIds(sl::Batcher& batcher, const sl::Dataset& d, sl::Rng& rng) {
    std::vector<int> out;
    Batch b;
    for (int i = 0; i < batcher.batchesPerEpoch(); ++i) {
        batcher.next(d, rng, b.x, b.labels);
        const auto batchIds = ids(b);
        out.insert(out.end(), batchIds.begin(), batchIds.end());
    }
    return out;
}

}  // namespace

class TestBatcher : public QObject {
    Q_OBJECT
private slots:
    void everyExampleOncePerEpochWithRemainder() {
        const sl::Dataset d = numbered(10);
        sl::Batcher batcher(10, 4);
        sl::Rng rng(1);
        QCOMPARE(batcher.epoch(), 0);
        QCOMPARE(batcher.position(), 0);
        QVERIFY(!batcher.atEpochEnd());
        for (int epoch = 1; epoch <= 3; ++epoch) {
            Batch b;
            std::vector<int> seen;
            const int expectedSizes[3] = {4, 4, 2};
            for (int i = 0; i < 3; ++i) {
                batcher.next(d, rng, b.x, b.labels);
                QCOMPARE(batcher.epoch(), epoch);
                QCOMPARE(int(b.x.cols()), expectedSizes[i]);
                QCOMPARE(int(b.x.rows()), 3);
                QCOMPARE(int(b.labels.size()), expectedSizes[i]);
                QCOMPARE(batcher.position(), std::min(10, 4 * (i + 1)));
                QCOMPARE(batcher.atEpochEnd(), i == 2);
                const auto batchIds = ids(b);
                seen.insert(seen.end(), batchIds.begin(), batchIds.end());
            }
            std::sort(seen.begin(), seen.end());
            std::vector<int> all(10);
            std::iota(all.begin(), all.end(), 0);
            QCOMPARE(seen, all);
        }
    }

    void batchesPerEpoch() {
        QCOMPARE(sl::Batcher(60000, 128).batchesPerEpoch(), 469);  // 468 full + 96
        QCOMPARE(sl::Batcher(60000, 100).batchesPerEpoch(), 600);
        QCOMPARE(sl::Batcher(10, 5).batchesPerEpoch(), 2);
        QCOMPARE(sl::Batcher(10, 3).batchesPerEpoch(), 4);
        QCOMPARE(sl::Batcher(10, 64).batchesPerEpoch(), 1);
        QCOMPARE(sl::Batcher(1, 1).batchesPerEpoch(), 1);

        // A batch larger than the set serves the whole set at once.
        const sl::Dataset d = numbered(5);
        sl::Batcher big(5, 64);
        sl::Rng rng(2);
        Batch b;
        big.next(d, rng, b.x, b.labels);
        QCOMPARE(int(b.x.cols()), 5);
        QVERIFY(big.atEpochEnd());
    }

    void columnsAndLabelsAreCopiedFromTheOrder() {
        const sl::Dataset d = numbered(7);
        sl::Batcher batcher(7, 3);
        sl::Rng rng(3);
        Batch b;
        for (int step = 0; step < 6; ++step) {
            const int start = batcher.atEpochEnd() || batcher.epoch() == 0 ? 0 : batcher.position();
            batcher.next(d, rng, b.x, b.labels);
            for (Eigen::Index j = 0; j < b.x.cols(); ++j) {
                const int idx = batcher.order()[std::size_t(start + j)];
                QVERIFY(b.x.col(j) == d.x.col(idx));
                QCOMPARE(b.labels[std::size_t(j)], idx % 3);
            }
        }
    }

    void firstEpochIsTheGeneratorsFirstPermutation() {
        // The order is rng.permutation(n) drawn when an epoch starts, the first one included.
        const sl::Dataset d = numbered(9);
        sl::Rng reference(77);
        const auto first = reference.permutation(9);
        const auto second = reference.permutation(9);
        sl::Batcher batcher(9, 4);
        sl::Rng rng(77);
        const auto e1 = epochIds(batcher, d, rng);
        QCOMPARE(std::vector<std::int32_t>(e1.begin(), e1.end()), first);
        const auto e2 = epochIds(batcher, d, rng);
        QCOMPARE(std::vector<std::int32_t>(e2.begin(), e2.end()), second);
        QVERIFY(e1 != e2);                         // a fresh order each epoch
        QCOMPARE(rng.state(), reference.state());  // and nothing else is drawn
    }

    void sameSeedSameOrder() {
        const sl::Dataset d = numbered(50);
        sl::Batcher a(50, 8), b(50, 8), c(50, 8);
        sl::Rng ra(5), rb(5), rc(6);
        for (int epoch = 0; epoch < 3; ++epoch) {
            const auto ea = epochIds(a, d, ra);
            QCOMPARE(ea, epochIds(b, d, rb));
            QVERIFY(ea != epochIds(c, d, rc));
        }
    }

    void restoreContinuesIdentically() {
        const sl::Dataset d = numbered(23);
        sl::Batcher original(23, 5);
        sl::Rng rng(9);
        Batch b;
        for (int i = 0; i < 7; ++i) original.next(d, rng, b.x, b.labels);  // epoch 2, mid-way
        QCOMPARE(original.epoch(), 2);
        QCOMPARE(original.position(), 10);

        sl::Batcher resumed(23, 5);
        resumed.restore(original.epoch(), original.position(), original.order());
        sl::Rng resumedRng(1234);
        resumedRng.setState(rng.state());
        QCOMPARE(resumed.epoch(), 2);
        QCOMPARE(resumed.position(), 10);
        Batch r;
        for (int i = 0; i < 12; ++i) {  // crosses into epochs 3 and 4
            original.next(d, rng, b.x, b.labels);
            resumed.next(d, resumedRng, r.x, r.labels);
            QVERIFY(b.x == r.x);
            QCOMPARE(b.labels, r.labels);
            QCOMPARE(resumed.epoch(), original.epoch());
            QCOMPARE(resumed.position(), original.position());
        }
        QCOMPARE(resumed.epoch(), 4);

        // A state saved at the very end of an epoch resumes with a new epoch.
        sl::Batcher atEnd(23, 5);
        atEnd.restore(3, 23, original.order());
        sl::Rng endRng(4);
        atEnd.next(d, endRng, r.x, r.labels);
        QCOMPARE(atEnd.epoch(), 4);
        QCOMPARE(atEnd.position(), 5);

        // And one saved before the first batch is the fresh state.
        sl::Batcher fresh(23, 5);
        fresh.restore(0, 0, {});
        QCOMPARE(fresh.epoch(), 0);
    }

    void restoreRejectsBadState() {
        sl::Batcher batcher(4, 2);
        expectError<sl::Error>(
            [&] {
                batcher.restore(1, 0, {0, 1, 2});
            },
            {"order has 3 entries, expected 4"});
        expectError<sl::Error>(
            [&] {
                batcher.restore(1, 5, {0, 1, 2, 3});
            },
            {"position is 5, expected 0 to 4"});
        expectError<sl::Error>([&] { batcher.restore(1, -1, {0, 1, 2, 3}); }, {"position is -1"});
        expectError<sl::Error>(
            [&] {
                batcher.restore(1, 0, {0, 1, 1, 3});
            },
            {"not a permutation", "entry 1"});
        expectError<sl::Error>(
            [&] {
                batcher.restore(1, 0, {0, 1, 2, 4});
            },
            {"not a permutation", "entry 4"});
        expectError<sl::Error>([&] { batcher.restore(-1, 0, {}); }, {"epoch is -1"});
        expectError<sl::Error>([&] { batcher.restore(0, 2, {}); }, {"epoch 0"});
        // A refused state leaves the batcher as it was.
        QCOMPARE(batcher.epoch(), 0);
        QVERIFY(batcher.order().empty());
    }

    void rejectsBadSizes() {
        expectError<sl::ConfigError>([] { sl::Batcher(10, 0); }, {"train.batchSize", "got 0"});
        expectError<sl::DataError>([] { sl::Batcher(0, 8); }, {"empty"});
        sl::Batcher batcher(10, 4);
        sl::Rng rng(1);
        Batch b;
        const sl::Dataset d = numbered(9);
        expectError<sl::ShapeError>([&] { batcher.next(d, rng, b.x, b.labels); },
                                    {"10 examples", "'numbered' has 9"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestBatcher)
#include "test_batcher.moc"
