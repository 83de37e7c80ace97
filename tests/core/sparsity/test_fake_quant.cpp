#include "nn/dense.h"
#include "sparsity/fake_quant.h"
#include "support/test_main.h"
#include "util/error.h"
#include "util/rng.h"

#include <QtTest>
#include <cmath>
#include <set>

namespace {

sl::Tensor randomMatrix(int rows, int cols, std::uint64_t seed) {
    sl::Rng rng(seed);
    sl::Tensor t(rows, cols);
    for (Eigen::Index i = 0; i < t.size(); ++i) t.data()[i] = rng.normal();
    return t;
}

std::size_t distinct(const sl::Tensor& t) {
    return std::set<float>(t.data(), t.data() + t.size()).size();
}

// A Dense layer with a given weight, as the trainer would hand it to the quantizer.
std::unique_ptr<sl::Dense> denseWith(const sl::Tensor& w) {
    auto d = std::make_unique<sl::Dense>(static_cast<int>(w.cols()), static_cast<int>(w.rows()));
    d->weight = w;
    return d;
}

}  // namespace

class TestFakeQuant : public QObject {
    Q_OBJECT
private slots:
    // scale = 1.27 / 127 = 0.01: -0.633 -> -63 -> -0.63, 0.004 -> 0 (0.4 rounds down).
    void handComputedPerLayer() {
        sl::Tensor w(1, 4);
        w << 1.27f, -0.633f, 0.004f, 0.0f;
        sl::Tensor out;
        const auto scales = sl::fakeQuantize(w, false, out);
        QCOMPARE(scales.size(), std::size_t(1));
        QVERIFY(std::abs(scales[0] - 0.01f) < 1e-7f);
        const float expected[4] = {1.27f, -0.63f, 0.0f, 0.0f};
        for (int i = 0; i < 4; ++i)
            QVERIFY2(std::abs(out(0, i) - expected[i]) < 1e-6f, qPrintable(QString::number(i)));
        QCOMPARE(out(0, 2), 0.0f);
        QCOMPARE(out(0, 3), 0.0f);
    }

    // Each row its own scale; the all-zero row gets scale 0 and stays 0 (no NaN).
    void handComputedPerChannel() {
        sl::Tensor w(3, 2);
        w << 2.54f, 1.0f,    //  scale 0.02: 1.0 -> 50 steps exactly
            0.127f, -0.05f,  // scale 0.001: -0.05 -> -50 steps
            0.0f, 0.0f;
        sl::Tensor out;
        const auto scales = sl::fakeQuantize(w, true, out);
        QCOMPARE(scales.size(), std::size_t(3));
        QVERIFY(std::abs(scales[0] - 0.02f) < 1e-7f);
        QVERIFY(std::abs(scales[1] - 0.001f) < 1e-8f);
        QCOMPARE(scales[2], 0.0f);
        QVERIFY(std::abs(out(0, 1) - 1.0f) < 1e-6f);
        QVERIFY(std::abs(out(1, 1) + 0.05f) < 1e-7f);
        QCOMPARE(out(2, 0), 0.0f);
        QCOMPARE(out(2, 1), 0.0f);
        // Per layer, the small row falls to a few steps of the big row's scale.
        sl::fakeQuantize(w, false, out);
        QVERIFY(std::abs(out(1, 0) - 0.12f) < 1e-6f);  // 0.127 / 0.02 = 6.35 -> 6 steps
    }

    void atMost255LevelsWithinHalfAStepPerLayer() {
        const sl::Tensor w = randomMatrix(50, 200, 1);
        sl::Tensor out;
        const auto scales = sl::fakeQuantize(w, false, out);
        QCOMPARE(scales.size(), std::size_t(1));
        const float s = scales[0];
        QVERIFY(std::abs(s - w.cwiseAbs().maxCoeff() / 127.0f) < 1e-9f);
        QVERIFY(distinct(out) <= 255);
        QVERIFY(distinct(out) > 100);  // 10,000 normals cover most of the grid
        for (Eigen::Index i = 0; i < w.size(); ++i) {
            const float q = out.data()[i] / s;
            QVERIFY(std::abs(q - std::round(q)) < 1e-3f);  // on the grid
            QVERIFY(std::abs(std::round(q)) <= 127.0f);
            QVERIFY(std::abs(w.data()[i] - out.data()[i]) <= s / 2 * 1.0001f);
        }
    }

    void perChannelScalesFollowEachRowsMax() {
        sl::Tensor w = randomMatrix(20, 64, 2);
        for (Eigen::Index r = 0; r < w.rows(); ++r) w.row(r) *= std::pow(2.0f, float(r % 7) - 3.0f);
        sl::Tensor out;
        const auto scales = sl::fakeQuantize(w, true, out);
        QCOMPARE(scales.size(), std::size_t(20));
        for (Eigen::Index r = 0; r < w.rows(); ++r) {
            const float rowMax = w.row(r).cwiseAbs().maxCoeff();
            const float s = scales[std::size_t(r)];
            QVERIFY(std::abs(s - rowMax / 127.0f) <= 1e-6f * rowMax);
            // The largest entry is exactly ±127 steps, so the row's max survives.
            QVERIFY(std::abs(out.row(r).cwiseAbs().maxCoeff() - rowMax) <= 1e-5f * rowMax);
            QVERIFY(distinct(out.row(r)) <= 255);
            for (Eigen::Index c = 0; c < w.cols(); ++c)
                QVERIFY(std::abs(w(r, c) - out(r, c)) <= s / 2 * 1.0001f);
        }
    }

    void inPlaceGivesTheSameValues() {
        const sl::Tensor w = randomMatrix(8, 9, 3);
        sl::Tensor out;
        sl::fakeQuantize(w, true, out);
        sl::Tensor inPlace = w;
        sl::fakeQuantize(inPlace, true, inPlace);
        QCOMPARE(inPlace, out);
    }

    // Pruned entries are exactly 0 in the forward weight, even when W still holds a value
    // there (latent weights of movement pruning, or a stray value under a plain mask).
    void maskedEntriesStayExactlyZero() {
        for (const bool latent : {false, true}) {
            auto d = denseWith(randomMatrix(6, 10, 4));
            d->mask = (randomMatrix(6, 10, 5).array() > 0.5f).cast<float>();
            d->setWeightMode(latent ? sl::WeightMode::Latent : sl::WeightMode::Masked);
            sl::FakeQuantizer("per-channel", false).apply({d.get()});
            QCOMPARE(d->weightTransform(), sl::WeightTransform::Quantizer);
            sl::Tensor expected;
            sl::fakeQuantize(d->weight.cwiseProduct(d->mask), true, expected);
            QCOMPARE(d->forwardWeight(), expected);
            long long zeros = 0;
            for (Eigen::Index i = 0; i < d->mask.size(); ++i)
                if (d->mask.data()[i] == 0.0f) {
                    QCOMPARE(d->forwardWeight().data()[i], 0.0f);
                    ++zeros;
                }
            QVERIFY(zeros > 10);
        }
    }

    void floatEndsLeavesFirstAndLastLayerAlone() {
        auto a = denseWith(randomMatrix(5, 4, 6));
        auto b = denseWith(randomMatrix(5, 5, 7));
        auto c = denseWith(randomMatrix(3, 5, 8));
        const sl::FakeQuantizer q("per-layer", true);
        q.apply({a.get(), b.get(), c.get()});
        QVERIFY(!a->transformed());
        QCOMPARE(b->weightTransform(), sl::WeightTransform::Quantizer);
        QVERIFY(!c->transformed());
        QCOMPARE(a->forwardWeight().size(), Eigen::Index(0));
        sl::Tensor expected;
        sl::fakeQuantize(b->weight, false, expected);
        QCOMPARE(b->forwardWeight(), expected);
        QVERIFY(q.quantizes(1, 3));
        QVERIFY(!q.quantizes(0, 3) && !q.quantizes(2, 3));
        QVERIFY(sl::FakeQuantizer("per-layer", false).quantizes(2, 3));
        QVERIFY(!sl::FakeQuantizer().quantizes(1, 3));
    }

    // A method (L0 gates) that transformed the weight first: that is what gets quantized, not W.
    void quantizesTheMethodsForwardWeight() {
        auto d = denseWith(randomMatrix(4, 6, 9));
        sl::Tensor gated = d->weight;
        gated.col(0) *= 3.0f;  // a gate that widens one input, so the scales differ from W's
        gated.col(5).setZero();
        d->transformWeight(sl::WeightTransform::Method) = gated;
        sl::FakeQuantizer("per-channel", false).apply({d.get()});
        QCOMPARE(d->weightTransform(), sl::WeightTransform::Quantizer);
        sl::Tensor expected, ofW;
        sl::fakeQuantize(gated, true, expected);
        sl::fakeQuantize(d->weight, true, ofW);
        QCOMPARE(d->forwardWeight(), expected);
        QVERIFY(d->forwardWeight() != ofW);
        QVERIFY(d->forwardWeight().col(5).isZero(0.0f));
    }

    // The forward-weight buffer is reused from step to step.
    void reusesTheForwardWeightBuffer() {
        auto d = denseWith(randomMatrix(30, 40, 10));
        const sl::FakeQuantizer q("per-layer", false);
        q.apply({d.get()});
        const float* buffer = d->forwardWeight().data();
        d->clearTransform();  // as the trainer does before every forward
        d->weight *= 0.5f;
        q.apply({d.get()});
        QCOMPARE(d->forwardWeight().data(), buffer);
        sl::Tensor expected;
        sl::fakeQuantize(d->weight, false, expected);
        QCOMPARE(d->forwardWeight(), expected);
    }

    // Straight through: the gradient Dense::backward leaves is dy · xᵀ whatever the rounding
    // did, i.e. dL/d(forwardWeight) taken as dL/dW; the input gradient uses the quantized W.
    void gradientPassesStraightThrough() {
        auto d = denseWith(randomMatrix(3, 4, 11));
        sl::FakeQuantizer("per-layer", false).apply({d.get()});
        const sl::Activations x = randomMatrix(4, 5, 12).cast<float>();
        const sl::Activations dy = randomMatrix(3, 5, 13).cast<float>();
        sl::Activations y, dx;
        d->forward(x, y);
        d->backward(x, y, dy, &dx);
        const sl::Activations expectedY =
            (d->forwardWeight() * x).colwise() +
            Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(d->bias.data(), 3));
        QVERIFY((y - expectedY).cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY((d->weightGrad - sl::Tensor(dy * x.transpose())).cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY((dx - d->forwardWeight().transpose() * dy).cwiseAbs().maxCoeff() < 1e-5f);
    }

    void badInputGivesClearErrors() {
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::FakeQuantizer("int4", false));
        auto d = denseWith(randomMatrix(3, 4, 14));
        d->transformWeight(sl::WeightTransform::Method) = sl::Tensor::Ones(2, 2);
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError,
                                 sl::FakeQuantizer("per-layer", false).apply({d.get()}));
        sl::Tensor empty, out;
        QCOMPARE(sl::fakeQuantize(empty, false, out), std::vector<float>{0.0f});
        QCOMPARE(out.size(), Eigen::Index(0));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestFakeQuant)
#include "test_fake_quant.moc"
