#include "optim/optimizer.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <cmath>

namespace {

// One (1, 2) parameter w = (1, -2), stepped with gradients (0.5, -1) then (1, 2) at lr 0.1.
sl::Tensor twoSgdSteps(const sl::SgdOptions& options) {
    sl::Tensor w(1, 2), g(1, 2);
    w << 1.0f, -2.0f;
    auto sgd = sl::makeSgd(options);
    const std::vector<sl::Param> params{{"w", &w, &g, nullptr}};
    g << 0.5f, -1.0f;
    sgd->step(params, 0.1f);
    g << 1.0f, 2.0f;
    sgd->step(params, 0.1f);
    return w;
}

bool nearTensor(const sl::Tensor& a, std::initializer_list<float> expected) {
    Eigen::Index i = 0;
    for (float e : expected) {
        if (std::abs(a.data()[i++] - e) > 1e-6f) return false;
    }
    return i == a.size();
}

}  // namespace

class TestSgd : public QObject {
    Q_OBJECT
private slots:
    void heavyBallMomentum() {
        // v1 = g1 = (0.5, -1), w1 = (0.95, -1.9); v2 = 0.9 v1 + g2 = (1.45, 1.1),
        // w2 = w1 - 0.1 v2 = (0.805, -2.01).
        QVERIFY(nearTensor(twoSgdSteps({0.9f, false, 0.0f}), {0.805f, -2.01f}));
    }

    void nesterovMomentum() {
        // Step 1: w -= 0.1 (g1 + 0.9 v1) = 0.1 (0.95, -1.9) -> (0.905, -1.81).
        // Step 2: v2 = (1.45, 1.1), g2 + 0.9 v2 = (2.305, 2.99) -> (0.6745, -2.109).
        QVERIFY(nearTensor(twoSgdSteps({0.9f, true, 0.0f}), {0.6745f, -2.109f}));
    }

    void weightDecayJoinsTheGradient() {
        // g1 = (0.5, -1) + 0.1 (1, -2) = (0.6, -1.2) -> w1 = (0.94, -1.88);
        // g2 = (1, 2) + 0.1 w1 = (1.094, 1.812), v2 = 0.9 v1 + g2 = (1.634, 0.732)
        // -> w2 = (0.7766, -1.9532).
        QVERIFY(nearTensor(twoSgdSteps({0.9f, false, 0.1f}), {0.7766f, -1.9532f}));
    }

    void withoutMomentumIsPlainGradientDescent() {
        // (1, -2) - 0.1 (0.5, -1) - 0.1 (1, 2) = (0.85, -2.1)
        QVERIFY(nearTensor(twoSgdSteps({0.0f, false, 0.0f}), {0.85f, -2.1f}));
    }

    void maskedEntriesStayZeroAndRegrowFromZeroState() {
        sl::Tensor w(2, 2), g(2, 2), mask(2, 2), b(1, 2), gb(1, 2);
        w << 1, 2, 3, 4;
        mask << 1, 0, 1, 1;
        g.setOnes();
        b << 5, 6;
        gb.setOnes();
        auto sgd = sl::makeSgd({0.9f, false, 0.0f});
        const std::vector<sl::Param> params{{"w", &w, &g, &mask}, {"b", &b, &gb, nullptr}};
        for (int i = 0; i < 3; ++i) sgd->step(params, 0.1f);
        const auto state = sgd->state();
        QCOMPARE(state.size(), std::size_t(2));
        QCOMPARE(state[0].kind, std::string("momentum"));
        const sl::Tensor& v = *state[0].value;
        QCOMPARE(w(0, 1), 0.0f);  // was 2: the step that sees it masked zeroes it
        QCOMPARE(v(0, 1), 0.0f);
        // Unmasked entries: v = 1, 1.9, 2.71; w -= 0.1 * 5.61.
        QVERIFY(std::abs(w(0, 0) - (1.0f - 0.561f)) < 1e-6f);
        QVERIFY(std::abs(v(1, 1) - 2.71f) < 1e-6f);
        QVERIFY(std::abs(b(0, 1) - (6.0f - 0.561f)) < 1e-6f);

        // Regrown: the first update is that of a fresh entry, v = g and w = -lr g.
        mask(0, 1) = 1.0f;
        g(0, 1) = 2.0f;
        sgd->step(params, 0.1f);
        QCOMPARE(v(0, 1), 2.0f);
        QVERIFY(std::abs(w(0, 1) + 0.2f) < 1e-7f);
        QCOMPARE(sgd->stepCount(), 4LL);
    }

    void rejectsOtherParametersAndBadOptions() {
        sl::Tensor w = sl::Tensor::Zero(2, 2), g = sl::Tensor::Zero(2, 2);
        sl::Tensor w3 = sl::Tensor::Zero(3, 2), g3 = sl::Tensor::Zero(3, 2);
        auto sgd = sl::makeSgd({});
        sgd->step({{"w", &w, &g, nullptr}}, 0.1f);
        sl::test::expectError<sl::ShapeError>(
            [&] {
                sgd->step({{"w", &w3, &g3, nullptr}}, 0.1f);
            },
            {"sgd", "(2, 2)"});
        sl::test::expectError<sl::ConfigError>(
            [] {
                sl::makeSgd({0.0f, true, 0.0f});
            },
            {"optimizer.nesterov"});
        QCOMPARE(sgd->name(), std::string("sgd"));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSgd)
#include "test_sgd.moc"
