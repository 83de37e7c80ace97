#include "optim/gradient_filter.h"
#include "optim/optimizer.h"
#include "support/test_main.h"
#include "util/error.h"
#include "util/rng.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <limits>

// The gradient filter on hand-built tensors: exact counts, exact conservation, hand-computed
// Deep Gradient Compression steps.
namespace {

using Tensor = sl::Tensor;

// Two gradients with their params: a (rows x cols) weight and a (1 x n) bias.
struct Net {
    Tensor w, gw, b, gb, mask;
    std::vector<sl::Param> params;
    Net(int rows, int cols, int n, sl::Rng& rng) {
        w = Tensor::Zero(rows, cols);
        gw = Tensor::Zero(rows, cols);
        b = Tensor::Zero(1, n);
        gb = Tensor::Zero(1, n);
        for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = rng.uniform(-1.0f, 1.0f);
        for (Eigen::Index i = 0; i < b.size(); ++i) b.data()[i] = rng.uniform(-1.0f, 1.0f);
        params = {{"w", &w, &gw, nullptr}, {"b", &b, &gb, nullptr}};
    }
    void randomGradients(sl::Rng& rng) {
        for (Eigen::Index i = 0; i < gw.size(); ++i) gw.data()[i] = rng.uniform(-1.0f, 1.0f);
        for (Eigen::Index i = 0; i < gb.size(); ++i) gb.data()[i] = rng.uniform(-1.0f, 1.0f);
    }
};

sl::GradientSettings topk(float density, bool feedback) {
    sl::GradientSettings s;
    s.compression = "topk";
    s.density = density;
    s.errorFeedback = feedback;
    return s;
}

// Hand-computed sums such as 0.1f + 0.05f differ from the literal 0.15f in the last bit.
bool close(const Tensor& a, const Tensor& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() && (a - b).cwiseAbs().maxCoeff() < 1e-6f;
}

long long nonZeros(const Tensor& t) { return (t.array() != 0.0f).count(); }

Tensor row(std::initializer_list<float> values) {
    Tensor t(1, Eigen::Index(values.size()));
    Eigen::Index i = 0;
    for (float v : values) t(0, i++) = v;
    return t;
}

}  // namespace

class TestGradientFilter : public QObject {
    Q_OBJECT
private slots:
    void keepCountRoundsUpWithoutFloatNoise() {
        sl::GradientSettings s = topk(0.3f, true);
        QCOMPARE(sl::GradientFilter(s).keepCount(10), 3LL);  // 0.3f * 10 = 3.0000001
        s.density = 0.01f;
        QCOMPARE(sl::GradientFilter(s).keepCount(235200), 2352LL);
        QCOMPARE(sl::GradientFilter(s).keepCount(100), 1LL);
        QCOMPARE(sl::GradientFilter(s).keepCount(10), 1LL);  // ceil(0.1): never nothing
        QCOMPARE(sl::GradientFilter(s).keepCount(150), 2LL);
    }

    void topkKeepsExactlyTheKLargest() {
        Tensor w = Tensor::Zero(1, 8);
        Tensor g = row({0.1f, -0.9f, 0.3f, 0.5f, -0.2f, 0.05f, 0.7f, -0.4f});
        std::vector<sl::Param> params{{"w", &w, &g, nullptr}};
        sl::GradientFilter f(topk(0.3f, false));  // k = ceil(2.4) = 3
        f.beforeOptimizerStep(params, 0.1);
        QCOMPARE(g, row({0, -0.9f, 0, 0.5f, 0, 0, 0.7f, 0}));
        QCOMPARE(f.lastStats().applied, 3LL);

        // A larger tensor: exactly k kept, and none dropped is larger than one kept.
        sl::Rng rng(3);
        Tensor big(40, 50), gb(40, 50);
        for (Eigen::Index i = 0; i < gb.size(); ++i) gb.data()[i] = rng.uniform(-1.0f, 1.0f);
        const Tensor original = gb;
        std::vector<sl::Param> bp{{"big", &big, &gb, nullptr}};
        sl::GradientFilter f2(topk(0.01f, false));
        f2.beforeOptimizerStep(bp, 0.1);
        QCOMPARE(nonZeros(gb), 20LL);
        float smallestKept = 1e9f, largestDropped = 0.0f;
        for (Eigen::Index i = 0; i < gb.size(); ++i) {
            if (gb.data()[i] != 0.0f) {
                QCOMPARE(gb.data()[i], original.data()[i]);
                smallestKept = std::min(smallestKept, std::abs(gb.data()[i]));
            } else {
                largestDropped = std::max(largestDropped, std::abs(original.data()[i]));
            }
        }
        QVERIFY(smallestKept >= largestDropped);
    }

    void maskedEntriesAreNeverSentNorAccumulated() {
        Tensor w = Tensor::Zero(1, 8);
        Tensor mask = row({1, 0, 1, 1, 1, 1, 0, 1});
        std::vector<sl::Param> params{{"w", &w, nullptr, &mask}};
        Tensor g;
        params[0].grad = &g;
        sl::GradientFilter f(topk(0.3f, true));
        for (int step = 0; step < 3; ++step) {
            g = row({0.1f, -0.9f, 0.3f, 0.5f, -0.2f, 0.05f, 0.7f, -0.4f});
            f.beforeOptimizerStep(params, 0.1);
            QCOMPARE(g(0, 1), 0.0f);
            QCOMPARE(g(0, 6), 0.0f);
            const auto state = f.state();
            QCOMPARE(state.size(), std::size_t(1));
            QCOMPARE((*state[0].second)(0, 1), 0.0f);
            QCOMPARE((*state[0].second)(0, 6), 0.0f);
        }
        // First step by hand: the three largest active entries are 0.5, -0.4, 0.3.
        g = row({0.1f, -0.9f, 0.3f, 0.5f, -0.2f, 0.05f, 0.7f, -0.4f});
        sl::GradientFilter fresh(topk(0.3f, true));
        fresh.beforeOptimizerStep(params, 0.1);
        QCOMPARE(g, row({0, 0, 0.3f, 0.5f, 0, 0, 0, -0.4f}));
    }

    // applied + new residual == gradient + old residual, entry by entry, bit for bit.
    void errorFeedbackConservesTheGradient() {
        sl::Rng rng(11);
        Net net(6, 7, 5, rng);
        sl::GradientFilter f(topk(0.1f, true));  // k = 5 of 42, 1 of 5
        std::vector<Tensor> oldResidual{Tensor::Zero(6, 7), Tensor::Zero(1, 5)};
        const Tensor* firstData = nullptr;
        for (int step = 0; step < 6; ++step) {
            net.randomGradients(rng);
            const std::vector<Tensor> gradient{net.gw, net.gb};
            f.beforeOptimizerStep(net.params, 0.1);
            const auto state = f.state();
            QCOMPARE(state.size(), std::size_t(2));
            if (step == 0) firstData = state[0].second;
            QCOMPARE(state[0].second, firstData);  // the same tensors every step
            QCOMPARE(nonZeros(net.gw), 5LL);
            QCOMPARE(nonZeros(net.gb), 1LL);
            for (std::size_t p = 0; p < 2; ++p) {
                const Tensor& sent = *net.params[p].grad;
                const Tensor& residual = *state[p].second;
                for (Eigen::Index i = 0; i < sent.size(); ++i) {
                    const float expected = gradient[p].data()[i] + oldResidual[p].data()[i];
                    QCOMPARE(sent.data()[i] + residual.data()[i], expected);
                    // An entry is either sent whole or kept whole.
                    QVERIFY(sent.data()[i] == 0.0f || residual.data()[i] == 0.0f);
                }
                oldResidual[p] = residual;
            }
        }
        // Without error feedback nothing is carried over.
        sl::GradientFilter plain(topk(0.1f, false));
        plain.beforeOptimizerStep(net.params, 0.1);
        QVERIFY(plain.state().empty());
    }

    void clipNormScalesToTheClipAndLeavesSmallGradientsAlone() {
        Tensor w(1, 2), g = row({3.0f, 0.0f}), b(1, 1), gb = row({4.0f});  // norm 5
        std::vector<sl::Param> params{{"w", &w, &g, nullptr}, {"b", &b, &gb, nullptr}};
        sl::GradientSettings s;
        s.clipNorm = 2.0f;
        sl::GradientFilter f(s);
        QVERIFY(f.enabled());
        f.beforeOptimizerStep(params, 0.1);
        QCOMPARE(g(0, 0), 1.2f);
        QCOMPARE(gb(0, 0), 1.6f);
        QVERIFY(std::abs(std::sqrt(g.squaredNorm() + gb.squaredNorm()) - 2.0) < 1e-6);

        g = row({0.3f, -0.1f});
        gb = row({0.4f});
        f.beforeOptimizerStep(params, 0.1);
        QCOMPARE(g, row({0.3f, -0.1f}));  // bit for bit: below the clip nothing is scaled
        QCOMPARE(gb, row({0.4f}));

        // The norm counts active entries only: a pruned entry's gradient is never applied.
        Tensor mask = row({1.0f, 0.0f});
        params[0].mask = &mask;
        g = row({3.0f, 100.0f});
        gb = row({4.0f});
        f.beforeOptimizerStep(params, 0.1);
        QCOMPARE(g(0, 0), 1.2f);
        QCOMPARE(gb(0, 0), 1.6f);
    }

    void clipValueBoundsEveryEntry() {
        sl::Rng rng(2);
        Net net(5, 9, 4, rng);
        for (Eigen::Index i = 0; i < net.gw.size(); ++i)
            net.gw.data()[i] = rng.uniform(-3.0f, 3.0f);
        net.gb = row({-0.2f, 0.5f, -7.0f, 0.6f});
        const Tensor before = net.gw;
        sl::GradientSettings s;
        s.clipValue = 0.5f;
        sl::GradientFilter f(s);
        f.beforeOptimizerStep(net.params, 0.1);
        QCOMPARE(net.gb, row({-0.2f, 0.5f, -0.5f, 0.5f}));
        for (Eigen::Index i = 0; i < net.gw.size(); ++i) {
            const float x = before.data()[i];
            QCOMPARE(net.gw.data()[i], std::clamp(x, -0.5f, 0.5f));
        }
    }

    void clipValueComesBeforeClipNorm() {
        Tensor w(1, 2), g = row({10.0f, 0.0f}), b(1, 1), gb = row({0.0f});
        std::vector<sl::Param> params{{"w", &w, &g, nullptr}, {"b", &b, &gb, nullptr}};
        sl::GradientSettings s;
        s.clipValue = 3.0f;
        s.clipNorm = 4.0f;  // 10 -> 3 by value, then 3 < 4 leaves it
        sl::GradientFilter(s).beforeOptimizerStep(params, 0.1);
        QCOMPARE(g(0, 0), 3.0f);
    }

    // Lin et al. 2018: u = m u + g, v = v + u, send top-k of v, zero u and v where sent.
    void momentumCorrectionByHand() {
        Tensor w = Tensor::Zero(1, 4);
        Tensor g;
        std::vector<sl::Param> params{{"w", &w, &g, nullptr}};
        sl::GradientSettings s = topk(0.25f, true);  // k = 1
        s.momentumCorrection = true;
        sl::GradientFilter f(s, 0.5f);
        QCOMPARE(f.momentum(), 0.5f);

        g = row({1.0f, 0.2f, -0.3f, 0.1f});
        f.beforeOptimizerStep(params, 0.1);
        QVERIFY(close(g, row({1.0f, 0, 0, 0})));
        auto state = f.state();
        QCOMPARE(state.size(), std::size_t(2));
        QCOMPARE(state[0].first, std::string("gradient.residual.0"));
        QCOMPARE(state[1].first, std::string("gradient.velocity.0"));
        QVERIFY(close(*state[0].second, row({0, 0.2f, -0.3f, 0.1f})));
        QVERIFY(close(*state[1].second, row({0, 0.2f, -0.3f, 0.1f})));

        // u = 0.5 [0 .2 -.3 .1] + [.1 .2 -.3 0] = [.1 .3 -.45 .05]; v = [.1 .5 -.75 .15].
        g = row({0.1f, 0.2f, -0.3f, 0.0f});
        f.beforeOptimizerStep(params, 0.1);
        QVERIFY(close(g, row({0, 0, -0.75f, 0})));
        QVERIFY(close(*state[1].second, row({0.1f, 0.3f, 0, 0.05f})));
        QVERIFY(close(*state[0].second, row({0.1f, 0.5f, 0, 0.15f})));

        // No gradient: the momentum alone moves u = [.05 .15 0 .025], v = [.15 .65 0 .175].
        g = row({0, 0, 0, 0});
        f.beforeOptimizerStep(params, 0.1);
        QVERIFY(close(g, row({0, 0.65f, 0, 0})));
        QVERIFY(close(*state[1].second, row({0.05f, 0, 0, 0.025f})));
        QVERIFY(close(*state[0].second, row({0.15f, 0, 0, 0.175f})));
    }

    // Each tensor changes in exactly k entries, the k largest of the full update, to the
    // values the full update gives them.
    void sparseUpdatesChangeExactlyK() {
        sl::Rng rng(7);
        Net net(10, 20, 20, rng);
        Net reference = net;
        reference.params = {{"w", &reference.w, &reference.gw, nullptr},
                            {"b", &reference.b, &reference.gb, nullptr}};
        sl::GradientSettings s;
        s.compression = "sparse-updates";
        s.density = 0.05f;  // k = 10 of 200, 1 of 20
        sl::GradientFilter f(s);
        auto sgd = sl::makeSgd(sl::SgdOptions{0.9f, false, 0.0f});
        auto refSgd = sl::makeSgd(sl::SgdOptions{0.9f, false, 0.0f});
        for (int step = 0; step < 4; ++step) {
            net.randomGradients(rng);
            const Tensor w0 = net.w, b0 = net.b;
            reference.w = net.w;
            reference.b = net.b;
            reference.gw = net.gw;
            reference.gb = net.gb;
            f.beforeOptimizerStep(net.params, 0.1);
            sgd->step(net.params, 0.1f);
            f.afterOptimizerStep(net.params);
            QCOMPARE((net.w.array() != w0.array()).count(), 10L);
            QCOMPARE((net.b.array() != b0.array()).count(), 1L);
            QCOMPARE(f.lastStats().applied, 11LL);
            QCOMPARE(f.lastStats().bytesSparse, 88LL);
            if (step > 0) continue;
            // First step: both optimizers start from zero state, so the full update is known.
            refSgd->step(reference.params, 0.1f);
            const Tensor delta = (reference.w - w0).cwiseAbs();
            float smallestKept = 1e9f, largestDropped = 0.0f;
            for (Eigen::Index i = 0; i < delta.size(); ++i) {
                if (net.w.data()[i] != w0.data()[i]) {
                    QCOMPARE(net.w.data()[i], reference.w.data()[i]);
                    smallestKept = std::min(smallestKept, delta.data()[i]);
                } else {
                    largestDropped = std::max(largestDropped, delta.data()[i]);
                }
            }
            QVERIFY(smallestKept >= largestDropped);
        }
    }

    void sparseUpdatesLeaveMaskedEntriesAtZero() {
        sl::Rng rng(8);
        Net net(4, 5, 3, rng);
        net.mask = Tensor::Ones(4, 5);
        for (int i = 0; i < 20; i += 3) net.mask.data()[i] = 0.0f;
        net.w.array() *= net.mask.array();
        net.params[0].mask = &net.mask;
        sl::GradientSettings s;
        s.compression = "sparse-updates";
        s.density = 0.2f;  // k = 4 of 20
        sl::GradientFilter f(s);
        auto sgd = sl::makeSgd(sl::SgdOptions{0.0f, false, 0.0f});
        net.randomGradients(rng);
        const Tensor w0 = net.w;
        f.beforeOptimizerStep(net.params, 0.1);
        sgd->step(net.params, 0.1f);
        f.afterOptimizerStep(net.params);
        QCOMPARE((net.w.array() != w0.array()).count(), 4L);
        QCOMPARE((net.w.array() * (1.0f - net.mask.array()) != 0.0f).count(), 0L);
    }

    void statsAreExact() {
        Tensor w(2, 3), g(2, 3), b(1, 4), gb;
        g << 0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f;
        gb = row({0.5f, 0, 0, 0});  // k = 2 but one non-zero: one entry sent
        std::vector<sl::Param> params{{"w", &w, &g, nullptr}, {"b", &b, &gb, nullptr}};
        sl::GradientFilter f(topk(0.5f, true));
        f.beforeOptimizerStep(params, 0.1);
        const auto& st = f.lastStats();
        QCOMPARE(st.entries, 10LL);
        QCOMPARE(st.applied, 4LL);  // 3 of w, 1 of b
        QCOMPARE(st.bytesDense, 40LL);
        QCOMPARE(st.bytesSparse, 32LL);
        QCOMPARE(st.density(), 0.4);

        // Clipping alone sends everything, dense.
        sl::GradientSettings clipOnly;
        clipOnly.clipNorm = 1.0f;
        sl::GradientFilter c(clipOnly);
        c.beforeOptimizerStep(params, 0.1);
        QCOMPARE(c.lastStats().applied, 10LL);
        QCOMPARE(c.lastStats().bytesSparse, 40LL);
        QCOMPARE(c.lastStats().density(), 1.0);
    }

    void badSettingsAreConfigErrors() {
        sl::GradientSettings s;
        s.compression = "gzip";
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::GradientFilter{s});
        s = topk(0.0f, true);
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::GradientFilter{s});
        s = topk(1.5f, true);
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::GradientFilter{s});
        s = {};
        s.clipNorm = -1.0f;
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::GradientFilter{s});
        s = topk(0.1f, true);
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::GradientFilter(s, 1.0f));
        QVERIFY(!sl::GradientFilter(sl::GradientSettings{}).enabled());
    }

    // NaN has no order: the selection must not see it, the run must stop with a message.
    void nonFiniteGradientIsADivergenceError() {
        Tensor w = Tensor::Zero(1, 4);
        Tensor g = row({0.1f, std::numeric_limits<float>::quiet_NaN(), 0.2f, 0.3f});
        std::vector<sl::Param> params{{"w", &w, &g, nullptr}};
        sl::GradientFilter f(topk(0.5f, true));
        QVERIFY_THROWS_EXCEPTION(sl::DivergenceError, f.beforeOptimizerStep(params, 0.1));
    }

    void paramsChangingShapeIsAShapeError() {
        sl::Rng rng(1);
        Net net(3, 3, 2, rng);
        sl::GradientFilter f(topk(0.5f, true));
        f.beforeOptimizerStep(net.params, 0.1);
        Net other(4, 3, 2, rng);
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError, f.beforeOptimizerStep(other.params, 0.1));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestGradientFilter)
#include "test_gradient_filter.moc"
