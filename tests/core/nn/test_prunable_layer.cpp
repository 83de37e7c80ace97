#include "nn/dense.h"
#include "sparsity/fake_quant.h"
#include "sparsity/hard_concrete.h"
#include "sparsity/methods/l0.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>

// The layer modes that replaced the public flags masked, latent and useForwardWeight: each
// WeightMode's meaning on a hand-computed 2 × 2 layer, and weight transforms that stack only
// in their order, so two features can no longer silently overwrite each other's forward weight.
namespace {

// W = [1 2; 3 4], M = [1 0; 0 1], b = 0: W x = (3, 7) and (W ⊙ M) x = (1, 4) for x = (1, 1).
sl::Dense handLayer() {
    sl::Dense d(2, 2);
    d.weight << 1, 2, 3, 4;
    d.mask << 1, 0, 0, 1;
    d.bias.setZero();
    return d;
}

Eigen::MatrixXf forwardOnes(sl::Dense& d) {
    const Eigen::MatrixXf x = Eigen::MatrixXf::Ones(2, 1);
    Eigen::MatrixXf y;
    d.forward(x, y);
    return y;
}

}  // namespace

Q_DECLARE_METATYPE(sl::WeightMode)

class TestPrunableLayer : public QObject {
    Q_OBJECT
private slots:
    void eachModeSaysWhatForwardAndOptimizerDo_data() {
        QTest::addColumn<sl::WeightMode>("mode");
        QTest::addColumn<bool>("masked");
        QTest::addColumn<bool>("latent");
        QTest::addColumn<float>("y0");
        QTest::addColumn<float>("y1");
        QTest::newRow("plain") << sl::WeightMode::Plain << false << false << 3.0f << 7.0f;
        // Masked trusts W to hold zeros under the mask (this W does not: the product shows it).
        QTest::newRow("masked") << sl::WeightMode::Masked << true << false << 3.0f << 7.0f;
        QTest::newRow("latent") << sl::WeightMode::Latent << false << true << 1.0f << 4.0f;
        QTest::newRow("latent-frozen")
            << sl::WeightMode::LatentFrozen << true << true << 1.0f << 4.0f;
    }
    void eachModeSaysWhatForwardAndOptimizerDo() {
        QFETCH(sl::WeightMode, mode);
        QFETCH(bool, masked);
        QFETCH(bool, latent);
        QFETCH(float, y0);
        QFETCH(float, y1);
        sl::Dense d = handLayer();
        QCOMPARE(d.weightMode(), sl::WeightMode::Plain);  // a fresh layer
        d.setWeightMode(mode);
        QCOMPARE(d.weightMode(), mode);
        QCOMPARE(d.masked(), masked);
        QCOMPARE(d.latent(), latent);
        const auto params = d.params();
        QCOMPARE(params[0].mask != nullptr, masked);  // the optimizer sees the mask
        QCOMPARE(params[0].keepMaskedValues, latent);
        const Eigen::MatrixXf y = forwardOnes(d);
        QCOMPARE(y(0, 0), y0);
        QCOMPARE(y(1, 0), y1);
        QCOMPARE(d.weight(0, 1), 2.0f);  // no mode writes into W
    }

    void initializeGoesBackToPlain() {
        sl::Dense d = handLayer();
        d.setWeightMode(sl::WeightMode::LatentFrozen);
        sl::Rng rng(1);
        d.initialize(sl::Init::He, rng);
        QCOMPARE(d.weightMode(), sl::WeightMode::Plain);
    }

    void transformsStackOnlyMethodThenQuantizer() {
        sl::Dense d = handLayer();
        QVERIFY(!d.transformed());
        d.transformWeight(sl::WeightTransform::Method) = sl::Tensor::Constant(2, 2, 0.5f);
        QCOMPARE(d.weightTransform(), sl::WeightTransform::Method);
        QCOMPARE(forwardOnes(d)(0, 0), 1.0f);  // 0.5 + 0.5
        // Quantization reads what the method wrote and writes over it in the same buffer.
        sl::Tensor& q = d.transformWeight(sl::WeightTransform::Quantizer);
        QCOMPARE(q(1, 1), 0.5f);
        q(1, 1) = 2.0f;
        QCOMPARE(d.weightTransform(), sl::WeightTransform::Quantizer);
        QCOMPARE(forwardOnes(d)(1, 0), 2.5f);
        // A method after quantization would throw the rounding away; a second quantization
        // would round rounded values: both refused, both owners named, the state unchanged.
        sl::test::expectError<sl::ConfigError>(
            [&] { d.transformWeight(sl::WeightTransform::Method); },
            {"dense", "sparsity method's weight transform", "after the fake quantization"});
        sl::test::expectError<sl::ConfigError>(
            [&] { d.transformWeight(sl::WeightTransform::Quantizer); },
            {"fake quantization cannot", "after the fake quantization"});
        QCOMPARE(d.weightTransform(), sl::WeightTransform::Quantizer);
        sl::test::expectError<sl::ConfigError>(
            [&] { d.transformWeight(sl::WeightTransform::None); }, {"plain weight"});
        d.clearTransform();  // what the trainer does before every forward
        QVERIFY(!d.transformed());
        QCOMPARE(forwardOnes(d)(1, 0), 7.0f);  // W again
        d.transformWeight(sl::WeightTransform::Method);
        sl::test::expectError<sl::ConfigError>(
            [&] { d.transformWeight(sl::WeightTransform::Method); },
            {"sparsity method's weight transform cannot", "after the sparsity method's"});
    }

    // The collision the flags allowed: L0 writing its gated weight after fake quantization had
    // replaced it (a hook run twice, or a new feature ordered wrongly) silently dropped the
    // rounding. Now L0 after the quantizer throws; in the trainer's order both apply.
    void l0AfterQuantizationIsRefused() {
        sl::Dense d(3, 2);
        sl::Rng rng(7);
        d.initialize(sl::Init::He, rng);
        sl::SparsitySettings s;
        s.method = "l0";
        s.gateGranularity = "weight";
        s.l0Lambda = 0.1f;
        s.gateLr = 0.1f;
        s.deltaT = 1;
        sl::L0HardConcrete l0(s);
        sl::SparsityContext c{{&d}, &rng, 100};
        l0.begin(c);
        const sl::FakeQuantizer quant("per-layer", false);

        l0.beforeForward(c, 1);
        quant.apply({&d});
        QCOMPARE(d.weightTransform(), sl::WeightTransform::Quantizer);
        sl::test::expectError<sl::ConfigError>([&] { l0.beforeEvaluation(c); },
                                               {"after the fake quantization"});
        d.clearTransform();
        l0.beforeEvaluation(c);
        quant.apply({&d});
        QCOMPARE(d.weightTransform(), sl::WeightTransform::Quantizer);
        // What was rounded is the gated weight, not W.
        sl::Tensor expected = d.weight;  // deterministic gates, as beforeEvaluation uses
        for (Eigen::Index i = 0; i < expected.size(); ++i)
            expected.data()[i] *= sl::hard_concrete::deterministic(l0.logAlpha()[0].data()[i]);
        sl::Tensor rounded;
        sl::fakeQuantize(expected, false, rounded);
        QCOMPARE(d.forwardWeight(), rounded);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestPrunableLayer)
#include "test_prunable_layer.moc"
