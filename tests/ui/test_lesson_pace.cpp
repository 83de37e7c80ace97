// The default lesson at its pace (#17, item 3), on a fake clock: within the first 60 s after
// Play at least 10 mask updates happen, each update's grown/pruned weights stay at full
// brightness (until the next update halves them) for at least 1 s, and the run is not over.
// The update steps are the real ones: the default config's Trainer on Fashion-MNIST is asked
// which steps update its masks.

#include "lesson_pace.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QtTest>
#include <vector>

namespace {

struct Played {
    std::vector<double> updateTimes;  // seconds after Play of each mask update
    long long stepAt60 = 0;
    long long totalSteps = 0;
};

// Plays at the pace with a 1 ms tick; the policy sees the newest update as the window would,
// at each redraw (every 30 ms), and its speed is what the engine runs at.
Played play(const sl::ui::LessonPace& pace, const std::vector<char>& isUpdate, double seconds) {
    constexpr double kTick = 0.001, kRedraw = 0.030;
    sl::ui::PacePolicy policy(pace);
    Played out;
    out.totalSteps = static_cast<long long>(isUpdate.size()) - 1;
    double progress = 0.0, nextRedraw = 0.0, speed = pace.stepsPerSecond;
    long long step = 0, lastUpdate = -1;
    for (double now = 0.0; now < seconds && step < out.totalSteps; now += kTick) {
        if (now >= nextRedraw) {
            speed = policy.speedAt(now, lastUpdate);
            nextRedraw += kRedraw;
        }
        progress += speed * kTick;
        while (progress >= 1.0 && step < out.totalSteps) {
            progress -= 1.0;
            ++step;
            if (isUpdate[static_cast<std::size_t>(step)]) {
                lastUpdate = step;
                out.updateTimes.push_back(now);
            }
        }
    }
    out.stepAt60 = step;
    return out;
}

}  // namespace

class TestLessonPace : public QObject {
    Q_OBJECT
private slots:
    void holdFollowsEachNewUpdate() {
        // Hand-checked: 100 steps/s, a hold of 1.5 s at 1 step/s after each update.
        sl::ui::PacePolicy policy({100.0, 1.5, 1.0});
        QCOMPARE(policy.speedAt(0.0, -1), 100.0);
        QCOMPARE(policy.speedAt(1.0, 100), 1.0);  // update at step 100 seen at t = 1 s
        QCOMPARE(policy.speedAt(2.4, 100), 1.0);  // still held
        QCOMPARE(policy.speedAt(2.6, 100),
                 100.0);  // hold over; the same update does not hold again
        QCOMPARE(policy.speedAt(3.0, 200), 1.0);
        QCOMPARE(policy.speedAt(5.0, -1), 100.0);  // reset: no update to hold
        QCOMPARE(policy.speedAt(5.1, 100), 1.0);   // the new run's first update holds again
    }

    void defaultLessonIsWatchable() {
        const sl::RunConfig config;  // the default lesson: RigL 90 % on Fashion-MNIST
        sl::Trainer trainer(config, sl::loadRunData(config));
        const long long total = trainer.totalSteps();
        QVERIFY(total > 0);
        std::vector<char> isUpdate(static_cast<std::size_t>(total) + 1, 0);
        for (long long s = 1; s <= total; ++s)
            isUpdate[static_cast<std::size_t>(s)] = trainer.sparsityMethod().isMaskUpdateStep(s);

        const Played p = play(sl::ui::LessonPace{}, isUpdate, 60.0);
        qInfo("%zu mask updates in 60 s, step %lld of %lld", p.updateTimes.size(), p.stepAt60,
              p.totalSteps);
        QVERIFY2(p.updateTimes.size() >= 10, "fewer than 10 mask updates in the first minute");
        for (std::size_t i = 0; i + 1 < p.updateTimes.size(); ++i)
            QVERIFY2(p.updateTimes[i + 1] - p.updateTimes[i] >= 1.0,
                     qPrintable(QString("update %1 highlighted only %2 s")
                                    .arg(i)
                                    .arg(p.updateTimes[i + 1] - p.updateTimes[i])));
        QVERIFY2(p.stepAt60 < p.totalSteps, "the run is over within the first minute");

        // At "max" (no hold, the engine's ~1000 steps/s here) the same updates crowd together:
        // the test can fail.
        const Played fast = play({1000.0, 0.0, 1000.0}, isUpdate, 60.0);
        QVERIFY(fast.stepAt60 == fast.totalSteps ||
                fast.updateTimes[1] - fast.updateTimes[0] < 1.0);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestLessonPace)
#include "test_lesson_pace.moc"
