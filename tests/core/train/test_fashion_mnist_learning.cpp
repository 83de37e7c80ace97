#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/run_summary.h"
#include "train/trainer.h"

#include <QtTest>

// Real learning on real data: the set-up script installs Debian's dataset-fashion-mnist.
class TestFashionMnistLearning : public QObject {
    Q_OBJECT
private slots:
    void mlpBeats80PercentOnASubset() {
        sl::RunConfig c;  // the default lesson's model and optimizer, dense
        c.sparsity.method = "dense";
        c.data.trainSubset = 12000;
        c.data.testSubset = 3000;
        c.train.epochs = 3;
        c.seed = 1;
        sl::Trainer t(c, sl::loadRunData(c));
        QCOMPARE(t.data().train.count(), 12000);
        QCOMPARE(t.data().test.count(), 3000);
        t.runToEnd();
        QCOMPARE(t.step(), 3LL * 94);  // 12000 / 128 rounds up to 94
        const double accuracy = t.history().back().testAccuracy;
        QVERIFY2(accuracy > 0.80, qPrintable(QString("test accuracy %1").arg(accuracy)));

        // A dense run: every weight active, 784*300 + 300*100 + 100*10 of them.
        const auto layers = sl::layerSparsity(t.model());
        QCOMPARE(layers.size(), std::size_t(3));
        QCOMPARE(layers[0].parameters, 235200LL);
        QCOMPARE(layers[0].active, 235200LL);
        QCOMPARE(sl::overallSparsity(layers), 0.0);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestFashionMnistLearning)
#include "test_fashion_mnist_learning.moc"
