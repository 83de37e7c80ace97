#include "nn/gpt.h"
#include "nn/loss.h"
#include "nn/model.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>

#include <cmath>

// The transformer as a whole: causal masking, and a finite-difference check of every
// parameter kind through a block, the final LayerNorm and the head.
namespace {

sl::GptOptions tiny(int layers) {
    sl::GptOptions o;
    o.vocabulary = 5;
    o.context = 4;
    o.layers = layers;
    o.dModel = 8;
    o.heads = 2;
    return o;
}

Eigen::MatrixXf randomIds(int T, int batch, int vocabulary, sl::Rng& rng) {
    Eigen::MatrixXf x(T, batch);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        x.data()[i] = static_cast<float>(rng.below(static_cast<std::uint64_t>(vocabulary)));
    return x;
}

}  // namespace

class TestGpt : public QObject {
    Q_OBJECT

private slots:
    void listsEveryLinearMapAsPrunable() {
        sl::Rng rng(1);
        sl::Gpt gpt(tiny(2), rng);
        const auto layers = gpt.innerPrunableLayers();
        QCOMPARE(layers.size(), std::size_t(2 * 6 + 1));  // q, k, v, o, fc_in, fc_out; head
        QCOMPARE(layers[0]->units(), 8);
        QCOMPARE(layers[4]->units(), 32);  // fc_in (4d, d)
        QCOMPARE(layers[5]->fanIn(), 32);
        QCOMPARE(layers.back()->units(), 5);  // head (V, d)
        QCOMPARE(gpt.prunableNames()[2], std::string("block1.v"));
        // 2 embeddings, per block 4 LayerNorm tensors + 6 × (weight, bias), final LN, head.
        QCOMPARE(gpt.params().size(), std::size_t(2 + 2 * 16 + 2 + 2));
        sl::Model model;
        model.add(std::make_unique<sl::Gpt>(tiny(1), rng));
        QCOMPARE(model.prunableLayers().size(), std::size_t(7));
    }

    void laterCharactersNeverChangeEarlierOutputs() {
        sl::Rng rng(2);
        sl::GptOptions o = tiny(2);
        o.vocabulary = 7;
        o.context = 6;
        sl::Gpt gpt(o, rng);
        Eigen::MatrixXf x = randomIds(6, 2, 7, rng);
        Eigen::MatrixXf y;
        gpt.forward(x, y);
        const Eigen::MatrixXf before = gpt.allLogits();
        x(4, 0) = std::fmod(x(4, 0) + 3.0f, 7.0f);  // a later character of window 0
        gpt.forward(x, y);
        const Eigen::MatrixXf& after = gpt.allLogits();
        for (int t = 0; t < 4; ++t) QCOMPARE(after.col(t), before.col(t));  // bit for bit
        QVERIFY((after.col(4) - before.col(4)).norm() > 1e-4f);  // the change does reach on
        QVERIFY((after.col(5) - before.col(5)).norm() > 1e-4f);
        for (int c = 6; c < 12; ++c) QCOMPARE(after.col(c), before.col(c));  // window 1
    }

    void refusesIdsOutsideTheVocabulary() {
        sl::Rng rng(3);
        sl::Gpt gpt(tiny(1), rng);
        Eigen::MatrixXf x = Eigen::MatrixXf::Zero(4, 1), y;
        x(2, 0) = 5.0f;
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError, gpt.forward(x, y));
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError, gpt.forward(Eigen::MatrixXf::Zero(3, 1), y));
    }

    void gradientsOfEveryParameterKind() {
        sl::Rng rng(4);
        sl::Gpt gpt(tiny(1), rng);
        // Larger weights than the 0.02 initialization, so that every path carries gradient.
        for (const sl::Param& p : gpt.params())
            for (Eigen::Index i = 0; i < p.value->size(); ++i)
                p.value->data()[i] += rng.uniform(-0.3f, 0.3f);
        const Eigen::MatrixXf x = randomIds(4, 2, 5, rng);
        const std::vector<std::int32_t> labels{1, 3};
        Eigen::MatrixXf y, dy;
        gpt.forward(x, y);
        sl::softmaxCrossEntropy(y, labels, &dy);
        gpt.backward(x, y, dy, nullptr);
        // backward() gives the gradient of the mean over the 8 positions; compare with the sum.
        const double n = 8.0;
        auto loss = [&] {
            Eigen::MatrixXf out;
            gpt.forward(x, out);
            return static_cast<double>(gpt.positionLosses(labels).cast<double>().sum());
        };
        for (const sl::Param& p : gpt.params()) {
            const sl::Tensor analytic = *p.grad * static_cast<float>(n);
            const double err = sl::test::gradientError(*p.value, analytic, loss, 1e-2f, 1e-2);
            QVERIFY2(err < 5e-2, qPrintable(QString("%1: %2").arg(p.name).arg(err)));
        }
    }

    void positionLossesUseTheNextCharacter() {
        sl::Rng rng(5);
        sl::Gpt gpt(tiny(1), rng);
        Eigen::MatrixXf x(4, 1), y;
        x << 0, 1, 2, 3;
        gpt.forward(x, y);
        const Eigen::RowVectorXf losses = gpt.positionLosses({4});
        const Eigen::MatrixXf& z = gpt.allLogits();
        // Position 1's target is x(2) = 2; the last position's is the label 4.
        const float lse1 = std::log(z.col(1).array().exp().sum());
        QVERIFY(std::abs(losses(1) - (lse1 - z(2, 1))) < 1e-5f);
        const float lse3 = std::log(z.col(3).array().exp().sum());
        QVERIFY(std::abs(losses(3) - (lse3 - z(4, 3))) < 1e-5f);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestGpt)
#include "test_gpt.moc"
