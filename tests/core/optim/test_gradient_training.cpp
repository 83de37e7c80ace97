#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QtTest>

// The gradient filter inside the real step loop: the optimizer Deep Gradient Compression
// needs, and learning on Fashion-MNIST from 1% of the gradient.
namespace {

sl::RunConfig spirals() {
    return sl::test::TinyRun().data("spirals", 400).hidden({32}).batch(40).epochs(1).seed(4);
}

}  // namespace

class TestGradientTraining : public QObject {
    Q_OBJECT
private slots:
    // With momentum correction the momentum lives in the filter; the SGD has none, so its
    // "momentum" buffer after a step is exactly the sparse gradient it applied.
    void momentumCorrectionMovesTheMomentumIntoTheFilter() {
        sl::RunConfig c = spirals();
        c.gradient.compression = "topk";
        c.gradient.density = 0.1f;
        c.gradient.momentumCorrection = true;
        c.optimizer.momentum = 0.9f;
        sl::Trainer t(c, sl::loadRunData(c));
        QCOMPARE(t.gradientFilter().momentum(), 0.9f);
        t.run(3);
        const auto state = t.optimizer().state();
        QVERIFY(!state.empty());
        const auto params = t.model().params();
        for (std::size_t i = 0; i < state.size(); ++i) {
            const long long k = t.gradientFilter().keepCount(params[i].value->size());
            QVERIFY((state[i].value->array() != 0.0f).count() <= k);
            QCOMPARE(*state[i].value, *params[i].grad);
        }
        // Without it, the optimizer keeps its momentum and the filter has none.
        c.gradient.momentumCorrection = false;
        sl::Trainer plain(c, sl::loadRunData(c));
        QCOMPARE(plain.gradientFilter().momentum(), 0.0f);
    }

    void momentumCorrectionNeedsHeavyBallSgd() {
        sl::RunConfig c = spirals();
        c.gradient.compression = "topk";
        c.gradient.momentumCorrection = true;
        c.optimizer.name = "adam";
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::Trainer(c, sl::loadRunData(c)));
        c.optimizer.name = "sgd";
        c.optimizer.nesterov = true;
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::Trainer(c, sl::loadRunData(c)));
    }

    // 1% of every tensor's gradient per step, the rest fed back: still learns. Measured 81.6%
    // with seed 1; chance is 10%.
    void fashionMnistLearnsFromOnePercentWithErrorFeedback() {
        sl::RunConfig c;  // the default lesson's MLP and optimizer
        c.sparsity.method = "dense";
        c.data.trainSubset = 12000;
        c.data.testSubset = 3000;
        c.train.epochs = 3;
        c.seed = 1;
        c.gradient.compression = "topk";
        c.gradient.density = 0.01f;
        c.gradient.errorFeedback = true;
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        const double accuracy = t.history().back().testAccuracy;
        qInfo("topk 1%% + error feedback, 12000 examples, 3 epochs: test accuracy %.4f", accuracy);
        QVERIFY2(accuracy > 0.70, qPrintable(QString("test accuracy %1").arg(accuracy)));
        // 784*300 + 300 + 300*100 + 100 + 100*10 + 10 entries; kept 2352+3+300+1+10+1.
        const auto& st = t.gradientFilter().lastStats();
        QCOMPARE(st.entries, 266610LL);
        QVERIFY(st.applied <= 2667LL);
        QVERIFY(st.applied > 2000LL);
        QCOMPARE(st.bytesDense, 4 * 266610LL);
        QCOMPARE(st.bytesSparse, 8 * st.applied);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestGradientTraining)
#include "test_gradient_training.moc"
