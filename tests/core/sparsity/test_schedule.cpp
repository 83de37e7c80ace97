#include "sparsity/schedule.h"
#include "support/test_main.h"

#include <QtTest>
#include <cmath>

class TestSchedule : public QObject {
    Q_OBJECT
private slots:
    void constantAndOneShot() {
        sl::SparsitySchedule s;
        s.target = 0.8;
        QCOMPARE(s.at(0), 0.8);
        QCOMPARE(s.at(5000), 0.8);
        QVERIFY(!s.isUpdateStep(100));
        s.kind = "one-shot";
        s.startStep = 300;
        QCOMPARE(s.at(299), 0.0);
        QCOMPARE(s.at(300), 0.8);
        QVERIFY(s.isUpdateStep(300));
        QVERIFY(!s.isUpdateStep(301));
    }

    void cubicMatchesZhuGupta() {
        // s_t = s_f + (s_i - s_f)(1 - (t - t0)/(t1 - t0))^3 with s_i 0.1, s_f 0.9, t0 100,
        // t1 1100, ΔT 100: at t = 600, progress 1/2, so 0.9 - 0.8/8 = 0.8.
        sl::SparsitySchedule s{"cubic", 0.1, 0.9, 100, 1100, 100};
        QCOMPARE(s.at(0), 0.1);
        QCOMPARE(s.at(100), 0.1);
        QVERIFY(std::abs(s.at(600) - 0.8) < 1e-12);
        QVERIFY(std::abs(s.at(350) - (0.9 - 0.8 * std::pow(0.8, 3))) < 1e-12);  // held at t=300
        QVERIFY(std::abs(s.at(300) - (0.9 - 0.8 * std::pow(0.8, 3))) < 1e-12);
        QCOMPARE(s.at(1100), 0.9);
        QCOMPARE(s.at(5000), 0.9);
        QVERIFY(s.isUpdateStep(100) && s.isUpdateStep(200) && s.isUpdateStep(1100));
        QVERIFY(!s.isUpdateStep(150) && !s.isUpdateStep(0) && !s.isUpdateStep(1200));
    }

    void linearMovesByEqualSteps() {
        sl::SparsitySchedule s{"linear", 0.0, 0.5, 0, 1000, 250};
        QCOMPARE(s.at(250), 0.125);
        QCOMPARE(s.at(499), 0.125);
        QCOMPARE(s.at(500), 0.25);
        QCOMPARE(s.at(1000), 0.5);
    }

    void rigLDropFractionIsCosine() {
        sl::DropFractionSchedule d{"cosine", 0.3, 1000};
        QCOMPARE(d.at(0), 0.3);
        QVERIFY(std::abs(d.at(500) - 0.15) < 1e-12);
        QVERIFY(std::abs(d.at(250) - 0.15 * (1 + std::cos(M_PI / 4))) < 1e-12);
        QCOMPARE(d.at(1000), 0.0);
        QCOMPARE(d.at(2000), 0.0);
        d.kind = "constant";
        QCOMPARE(d.at(999), 0.3);
        QCOMPARE(d.at(1000), 0.0);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSchedule)
#include "test_schedule.moc"
