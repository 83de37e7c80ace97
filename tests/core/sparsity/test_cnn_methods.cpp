#include "nn/conv2d.h"
#include "sparsity/distribution.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QtTest>

// Every mask method on a small CNN (conv 8, conv 16, dense 64, dense 10) over a Fashion-MNIST
// subset: exact active counts per layer at every update, with ERK over the kernels' 4-d shape.
namespace {

// The prunable weights' full shapes; ERK sums and multiplies these.
const std::vector<sl::LayerShape> kShapes{
    {8, 9, {8, 1, 3, 3}}, {16, 72, {16, 8, 3, 3}}, {64, 784, {64, 784}}, {10, 64, {10, 64}}};

// ERK at 90% by hand: 52,040 weights, budget 5,204. conv1's raw score 15/72 would exceed
// density 1, so it is dense (72) and the rest share 5,132 with density eps * sum / product:
// eps = 5132 / (30 + 848 + 74) = 5.3908, so conv2 30/1152 * eps = 0.14038 -> 162 of 1,152,
// dense3 848/50176 * eps = 0.091107 -> 4,571, dense4 74/640 * eps = 0.62331 -> 399.
const std::vector<long long> kErk90{72, 162, 4571, 399};

sl::RunConfig config(const char* method) {
    sl::RunConfig c;
    c.model.kind = "cnn";
    c.model.convChannels = {8, 16};
    c.model.hidden = {64};
    c.data.trainSubset = 600;
    c.data.testSubset = 200;
    c.train.batchSize = 50;
    c.train.epochs = 3;  // 12 steps an epoch, 36 in all
    c.sparsity.method = method;
    c.sparsity.target = 0.9f;
    c.sparsity.distribution = "erk";
    c.sparsity.deltaT = 10;
    c.seed = 4;
    return c;
}

std::vector<long long> activeCounts(const sl::Trainer& t) {
    std::vector<long long> counts;
    for (const sl::PrunableLayer* l : t.prunableLayers())
        counts.push_back((l->mask.array() != 0.0f).count());
    return counts;
}

struct Watcher : sl::TrainObserver {
    std::function<void(long long)> check;
    int updates = 0;
    bool onMaskUpdate(const std::vector<sl::MaskUpdateEvent>& events) override {
        ++updates;
        check(events.front().step);
        return true;
    }
};

}  // namespace

class TestCnnMethods : public QObject {
    Q_OBJECT
private slots:
    void erkUsesTheKernelShape() {
        const auto density = sl::erkDensities(0.9, kShapes);
        const double eps = 5132.0 / 952.0;
        QCOMPARE(density[0], 1.0);
        QVERIFY(std::abs(density[1] - eps * 30.0 / 1152.0) < 1e-12);
        QVERIFY(std::abs(density[2] - eps * 848.0 / 50176.0) < 1e-12);
        QVERIFY(std::abs(density[3] - eps * 74.0 / 640.0) < 1e-12);
        QCOMPARE(sl::activeCounts("erk", 0.9, kShapes, false), kErk90);
        // The layers' own dims are these shapes, so the methods get the kernel-aware split.
        auto c = config("static");
        sl::Trainer t(c, sl::loadRunData(c));
        const auto layers = t.prunableLayers();
        QCOMPARE(layers.size(), kShapes.size());
        for (std::size_t l = 0; l < layers.size(); ++l)
            QCOMPARE(layers[l]->weightDims(), kShapes[l].dims);
        QCOMPARE(activeCounts(t), kErk90);
    }

    void everyMethodKeepsExactCounts_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("dropAndGrow");
        for (const char* m :
             {"dense", "static", "magnitude", "movement", "movement-score", "rigl", "set"})
            QTest::newRow(m) << QString(m) << (QString(m) == "rigl" || QString(m) == "set");
    }

    void everyMethodKeepsExactCounts() {
        QFETCH(QString, method);
        QFETCH(bool, dropAndGrow);
        auto c = config(qPrintable(method));
        if (method == "magnitude") {  // gradual, so that it updates at steps 10, 20 and 30
            c.sparsity.schedule = "cubic";
            c.sparsity.startStep = 0;
            c.sparsity.endStep = 30;
        }
        sl::Trainer t(c, sl::loadRunData(c));
        Watcher w;
        w.check = [&](long long step) {
            // Whatever the method's target at this step, the split is ERK on the 4-d shapes.
            const double target = t.sparsityMethod().targetSparsityAt(step);
            QCOMPARE(activeCounts(t), sl::activeCounts("erk", target, kShapes, false));
            for (const sl::PrunableLayer* l : t.prunableLayers()) {
                if (l->latent()) continue;  // movement pruning keeps masked latent values
                QCOMPARE(((l->mask.array() == 0.0f) && (l->weight.array() != 0.0f)).count(),
                         Eigen::Index(0));
            }
        };
        t.runToEnd(&w);
        QCOMPARE(t.step(), 36LL);
        for (const sl::PrunableLayer* l : t.prunableLayers()) QVERIFY(l->weight.allFinite());
        if (method == "dense") {
            QCOMPARE(activeCounts(t), (std::vector<long long>{72, 1152, 50176, 640}));
            QCOMPARE(w.updates, 0);
            return;
        }
        QCOMPARE(activeCounts(t), kErk90);
        if (method == "static") QCOMPARE(w.updates, 0);
        if (method == "magnitude") QCOMPARE(w.updates, 3);
        if (dropAndGrow) {
            QVERIFY(w.updates >= 2);  // steps 10 and 20, before t_end = 27
            QCOMPARE(t.sparsityTracker().totalGrown(), t.sparsityTracker().totalPruned());
            QVERIFY(t.sparsityTracker().totalGrown() > 0);
        }
        qInfo("%s: %d updates, test accuracy %.3f", qPrintable(method), w.updates,
              t.history().back().testAccuracy);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestCnnMethods)
#include "test_cnn_methods.moc"
