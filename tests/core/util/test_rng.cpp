#include "support/test_main.h"
#include "util/rng.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>

class TestRng : public QObject {
    Q_OBJECT
private slots:
    void sameSeedSameSequence() {
        sl::Rng a(7), b(7), c(8);
        bool differs = false;
        for (int i = 0; i < 100; ++i) {
            const auto va = a.next();
            QCOMPARE(va, b.next());
            differs |= va != c.next();
        }
        QVERIFY(differs);
    }

    void stateRoundTripContinuesTheSequence() {
        sl::Rng a(3);
        for (int i = 0; i < 10; ++i) a.normal();
        sl::Rng b(999);
        b.setState(a.state());
        for (int i = 0; i < 50; ++i) QCOMPARE(a.normal(), b.normal());
    }

    void uniformMomentsAndRange() {
        sl::Rng r(1);
        double sum = 0, sumSq = 0;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const float u = r.uniform();
            QVERIFY(u >= 0.0f && u < 1.0f);
            sum += u;
            sumSq += double(u) * u;
        }
        QVERIFY(std::abs(sum / n - 0.5) < 0.005);
        QVERIFY(std::abs(sumSq / n - 1.0 / 3.0) < 0.005);
    }

    void normalMoments() {
        sl::Rng r(2);
        double sum = 0, sumSq = 0;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const double z = r.normal();
            QVERIFY(std::isfinite(z));
            sum += z;
            sumSq += z * z;
        }
        QVERIFY(std::abs(sum / n) < 0.01);
        QVERIFY(std::abs(sumSq / n - 1.0) < 0.02);
    }

    void belowIsUnbiasedAndInRange() {
        sl::Rng r(5);
        int counts[3] = {0, 0, 0};
        for (int i = 0; i < 30000; ++i) {
            const auto v = r.below(3);
            QVERIFY(v < 3);
            ++counts[v];
        }
        for (int c : counts) QVERIFY(std::abs(c - 10000) < 400);
    }

    void permutationHoldsEveryIndexOnce() {
        sl::Rng r(11);
        auto p = r.permutation(1000);
        QCOMPARE(p.size(), std::size_t(1000));
        auto sorted = p;
        std::sort(sorted.begin(), sorted.end());
        for (int i = 0; i < 1000; ++i) QCOMPARE(sorted[std::size_t(i)], i);
        std::vector<std::int32_t> identity(1000);
        std::iota(identity.begin(), identity.end(), 0);
        QVERIFY(p != identity);
    }

    void derivedStreamsDiffer() {
        auto a = sl::Rng::derived(42, 0), b = sl::Rng::derived(42, 1);
        QVERIFY(a.next() != b.next());
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestRng)
#include "test_rng.moc"
