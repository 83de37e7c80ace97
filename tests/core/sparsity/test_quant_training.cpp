#include "sparsity/fake_quant.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QtTest>
#include <set>

// Quantization-aware sparse training on real data: RigL at 90% with int8 weights in the
// forward pass still learns, about as well as the same run in float.
namespace {

sl::RunConfig quantConfig(const char* quant) {
    sl::RunConfig c;  // the default lesson: MLP 784-300-100-10, RigL 90% ERK, SGD cosine
    c.data.trainSubset = 6000;
    c.data.testSubset = 2000;
    c.train.epochs = 3;      // 47 steps an epoch, 141 in all
    c.sparsity.deltaT = 20;  // a few mask updates inside the short run
    c.quant.mode = quant;
    c.seed = 3;
    return c;
}

double trainedAccuracy(sl::Trainer& t) {
    t.runToEnd();
    return t.history().back().testAccuracy;
}

}  // namespace

class TestQuantTraining : public QObject {
    Q_OBJECT
private slots:
    void rigl90WithInt8StillLearns() {
        auto fc = quantConfig("none");
        sl::Trainer floatRun(fc, sl::loadRunData(fc));
        const double floatAccuracy = trainedAccuracy(floatRun);

        auto qc = quantConfig("per-channel");
        sl::Trainer t(qc, sl::loadRunData(qc));
        const double accuracy = trainedAccuracy(t);
        QCOMPARE(t.step(), 141LL);
        qInfo("test accuracy: int8 per-channel %.4f, float %.4f", accuracy, floatAccuracy);
        QVERIFY2(accuracy > 0.72, qPrintable(QString("int8 test accuracy %1").arg(accuracy)));
        QVERIFY2(std::abs(accuracy - floatAccuracy) < 0.04,
                 qPrintable(QString("int8 %1, float %2").arg(accuracy).arg(floatAccuracy)));

        // The last forward pass (the final test evaluation) ran on the quantized weights:
        // exactly fakeQuantize(W ⊙ M) of the trained weights, pruned entries 0, at most 255
        // levels per output channel.
        const auto layers = t.prunableLayers();
        QCOMPARE(layers.size(), std::size_t(3));
        for (const sl::PrunableLayer* layer : layers) {
            QCOMPARE(layer->weightTransform(), sl::WeightTransform::Quantizer);
            sl::Tensor expected;
            sl::fakeQuantize(layer->weight.cwiseProduct(layer->mask), true, expected);
            QCOMPARE(layer->forwardWeight(), expected);
            QVERIFY(layer->forwardWeight() != layer->weight);  // rounding changed something
            QVERIFY((layer->forwardWeight().array() * (1.0f - layer->mask.array()) == 0.0f).all());
            for (Eigen::Index r = 0; r < layer->forwardWeight().rows(); ++r) {
                const auto row = layer->forwardWeight().row(r);
                QVERIFY(std::set<float>(row.data(), row.data() + row.size()).size() <= 255);
            }
        }
        // The sparsity survives: RigL keeps 10% of the weights active.
        long long active = 0, total = 0;
        for (const sl::PrunableLayer* layer : layers) {
            active += (layer->forwardWeight().array() != 0.0f).count();
            total += layer->forwardWeight().size();
        }
        QVERIFY(double(active) / double(total) < 0.101);
    }

    // Mixed precision: the first and last layers run in float.
    void floatEndsTrainsTheMiddleInInt8() {
        auto c = quantConfig("per-layer");
        c.quant.floatEnds = true;
        c.train.maxSteps = 20;
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(20);
        t.evaluateTest();
        const auto layers = t.prunableLayers();
        QVERIFY(!layers[0]->transformed());
        QCOMPARE(layers[1]->weightTransform(), sl::WeightTransform::Quantizer);
        QVERIFY(!layers[2]->transformed());
        sl::Tensor expected;
        sl::fakeQuantize(layers[1]->weight.cwiseProduct(layers[1]->mask), false, expected);
        QCOMPARE(layers[1]->forwardWeight(), expected);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestQuantTraining)
#include "test_quant_training.moc"
