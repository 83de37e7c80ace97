#include "nn/dense.h"
#include "support/test_main.h"
#include "train/loss_spike.h"

#include <QtTest>
#include <cmath>

// The loss-spike detector on hand-built loss series and a hand-built layer.
namespace {

// A 1x4 layer: active {0, 1, 2}, weight 1 just entered. Entered mean |w| 2.0, kept 0.3.
struct Layer {
    sl::Rng rng{1};
    sl::Dense dense{4, 1};
    std::vector<sl::PrunableLayer*> layers{&dense};
    std::vector<sl::MaskUpdateEvent> events;
    Layer() {
        dense.initialize(sl::Init::He, rng);
        const float w[] = {0.5f, -2.0f, -0.1f, 7.0f};
        const float m[] = {1, 1, 1, 0};
        std::copy(w, w + 4, dense.weight.data());
        std::copy(m, m + 4, dense.mask.data());
        sl::MaskUpdateEvent e;
        e.layer = 0;
        e.grownIndices = {1};
        e.prunedIndices = {3};
        events.push_back(e);
    }
};

}  // namespace

class TestLossSpike : public QObject {
    Q_OBJECT

private slots:
    void firesOnAJumpRightAfterAnUpdate() {
        // The literal movement run: about 1.04 before the update at step 100, 28.97 after.
        Layer l;
        sl::LossSpikeDetector d;
        for (int step = 81; step <= 100; ++step)
            QVERIFY(!d.observe(step, step % 2 ? 1.00 : 1.08));  // level 1.04
        d.maskUpdated(100, l.events, l.layers);
        const auto spike = d.observe(101, 28.97);
        QVERIFY(spike.has_value());
        QCOMPARE(spike->step, 100LL);
        QCOMPARE(spike->loss, 28.97);
        QVERIFY(std::abs(spike->recentLevel - 1.04) < 1e-12);
        QCOMPARE(spike->entered, 1LL);
        QVERIFY(std::abs(spike->enteredMeanAbs - 2.0) < 1e-7);
        QVERIFY(std::abs(spike->activeMeanAbs - 0.3) < 1e-7);
        QCOMPARE(d.events().size(), std::size_t(1));
        // The next step's high loss is no new spike: it follows no update.
        QVERIFY(!d.observe(102, 30.0));
        QCOMPARE(d.events().size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(sl::describeLossSpike(*spike)),
                 QString("the loss jumped from 1.04 to 28.97 after the mask update at step 100: "
                         "1 weights entered with mean |w| 2 against 0.3 for the kept ones"));
        QCOMPARE(QString::fromStdString(sl::lossSpikesCsv(d.events())),
                 QString("step,loss,recent_level,entered,entered_mean_abs,active_mean_abs\n"
                         "100,28.97,1.04,1,2,0.300000001\n"));  // (0.5 + 0.1f) / 2 in double
    }

    void silentOnASmoothSeriesWithUpdates() {
        // A noisy, falling loss with a mask update every 10 steps, as rigl's runs look.
        Layer l;
        sl::LossSpikeDetector d;
        for (int step = 1; step <= 500; ++step) {
            const double loss = 2.3 * std::exp(-step / 150.0) + 0.3 + 0.15 * std::sin(step * 1.7);
            QVERIFY2(!d.observe(step, loss), qPrintable(QString("fired at step %1").arg(step)));
            if (step % 10 == 0) d.maskUpdated(step, l.events, l.layers);
        }
        QVERIFY(d.events().empty());
    }

    void needsBothTheRatioAndTheMargin() {
        Layer l;
        sl::LossSpikeDetector d;
        for (int step = 1; step <= 20; ++step) d.observe(step, 0.05);
        d.maskUpdated(20, l.events, l.layers);
        QVERIFY(!d.observe(21, 0.2));  // four times the level, but only 0.15 above it
        for (int step = 22; step <= 41; ++step) d.observe(step, 1.0);
        d.maskUpdated(41, l.events, l.layers);
        QVERIFY(!d.observe(42, 1.9));  // 0.9 above, but less than twice the level
        d.maskUpdated(42, l.events, l.layers);
        QVERIFY(d.observe(43, 2.2).has_value());  // level (19 * 1.0 + 1.9) / 20 = 1.045
    }

    void noLevelNoSpike() {
        // An update in the first steps: fewer than kMinWindow losses make no level.
        Layer l;
        sl::LossSpikeDetector d;
        d.observe(1, 1.0);
        d.observe(2, 1.0);
        d.maskUpdated(2, l.events, l.layers);
        QVERIFY(!d.observe(3, 50.0));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestLossSpike)
#include "test_loss_spike.moc"
