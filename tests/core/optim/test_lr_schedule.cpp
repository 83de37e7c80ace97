#include "optim/lr_schedule.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <cmath>

namespace {

sl::LrScheduleSpec spec(const std::string& name) {
    sl::LrScheduleSpec s;
    s.name = name;
    s.baseLr = 0.1f;
    return s;
}

bool nearRate(float a, double b) { return std::abs(double(a) - b) < 1e-7; }

}  // namespace

class TestLrSchedule : public QObject {
    Q_OBJECT
private slots:
    void constant() {
        const auto s = spec("constant");
        QCOMPARE(sl::learningRateAt(s, 0), 0.1f);
        QCOMPARE(sl::learningRateAt(s, 123456), 0.1f);
    }

    void stepDecay() {
        auto s = spec("step");
        s.gamma = 0.5f;
        s.stepEvery = 10;
        QVERIFY(nearRate(sl::learningRateAt(s, 0), 0.1));
        QVERIFY(nearRate(sl::learningRateAt(s, 9), 0.1));
        QVERIFY(nearRate(sl::learningRateAt(s, 10), 0.05));
        QVERIFY(nearRate(sl::learningRateAt(s, 25), 0.025));
    }

    void cosine() {
        auto s = spec("cosine");
        s.minLr = 0.01f;
        s.totalSteps = 100;
        QVERIFY(nearRate(sl::learningRateAt(s, 0), 0.1));
        QVERIFY(nearRate(sl::learningRateAt(s, 50), 0.055));  // (base + min) / 2
        // 0.01 + 0.09 (1 + cos(π/4)) / 2
        QVERIFY(nearRate(sl::learningRateAt(s, 25), 0.08681980515));
        QVERIFY(nearRate(sl::learningRateAt(s, 100), 0.01));
        QVERIFY(nearRate(sl::learningRateAt(s, 250), 0.01));  // clamped past the end
    }

    void linearWarmup() {
        auto s = spec("constant");
        s.warmupSteps = 4;
        QVERIFY(nearRate(sl::learningRateAt(s, 0), 0.025));
        QVERIFY(nearRate(sl::learningRateAt(s, 1), 0.05));
        QVERIFY(nearRate(sl::learningRateAt(s, 3), 0.1));
        QVERIFY(nearRate(sl::learningRateAt(s, 40), 0.1));
        s.name = "cosine";
        s.totalSteps = 100;
        s.minLr = 0.01f;
        // The ramp multiplies the schedule: at step 49, (49 + 1) / 100 · cosine(49).
        s.warmupSteps = 100;
        const double cosine49 = 0.01 + 0.09 * (1.0 + std::cos(M_PI * 0.49)) / 2.0;
        QVERIFY(nearRate(sl::learningRateAt(s, 49), 0.5 * cosine49));
    }

    void unknownNameThrows() {
        QCOMPARE(sl::lrScheduleNames(), (std::vector<std::string>{"constant", "step", "cosine"}));
        sl::test::expectError<sl::ConfigError>(
            [] { sl::learningRateAt(spec("linear"), 0); },
            {"lr_schedule.name", "'linear'", "constant, step, cosine"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestLrSchedule)
#include "test_lr_schedule.moc"
