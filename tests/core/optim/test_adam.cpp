#include "optim/optimizer.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <cmath>

namespace {

struct Stepped {
    sl::Tensor first, second;  // w after steps 1 and 2
};

// w = (1, -2) with gradients (0.5, -1) then (1, 2), lr 0.1, betas (0.9, 0.999), eps 1e-8.
Stepped twoSteps(const sl::AdamOptions& options) {
    sl::Tensor w(1, 2), g(1, 2);
    w << 1.0f, -2.0f;
    auto adam = sl::makeAdam(options);
    const std::vector<sl::Param> params{{"w", &w, &g, nullptr}};
    Stepped out;
    g << 0.5f, -1.0f;
    adam->step(params, 0.1f);
    out.first = w;
    g << 1.0f, 2.0f;
    adam->step(params, 0.1f);
    out.second = w;
    return out;
}

bool near(const sl::Tensor& a, float x0, float x1) {
    return std::abs(a(0, 0) - x0) < 2e-6f && std::abs(a(0, 1) - x1) < 2e-6f;
}

}  // namespace

class TestAdam : public QObject {
    Q_OBJECT
private slots:
    void firstTwoSteps() {
        // Step 1: m̂ = g, v̂ = g², so w moves by lr · sign(g). Step 2 (bias corrections
        // 0.19 and 0.001999): m = (0.145, 0.11), v = (0.00124975, 0.004999).
        const auto r = twoSteps({0.9f, 0.999f, 1e-8f, 0.0f, false});
        QVERIFY(near(r.first, 0.9f, -1.9f));
        QVERIFY(near(r.second, 0.80348180f, -1.93661035f));
    }

    void l2WeightDecayJoinsTheMoments() {
        // g1 = (0.6, -1.2) still gives a step of lr · sign(g); step 2 sees g2 + 0.1 w1.
        const auto r = twoSteps({0.9f, 0.999f, 1e-8f, 0.1f, false});
        QVERIFY(near(r.first, 0.9f, -1.9f));
        QVERIFY(near(r.second, 0.80250297f, -1.92501788f));
    }

    void decoupledWeightDecayShrinksTheWeight() {
        // AdamW: w *= 1 - lr · wd = 0.99 before each Adam step, whose moments are as without
        // decay: step 1 gives (0.99 - 0.1, -1.98 + 0.1).
        const auto r = twoSteps({0.9f, 0.999f, 1e-8f, 0.1f, true});
        QVERIFY(near(r.first, 0.89f, -1.88f));
        QVERIFY(near(r.second, 0.78458180f, -1.89781035f));
    }

    void stateAndStepCount() {
        sl::Tensor w(1, 2), g(1, 2);
        w << 1.0f, -2.0f;
        g << 0.5f, -1.0f;
        auto adam = sl::makeAdam({});
        QCOMPARE(adam->name(), std::string("adam"));
        QCOMPARE(sl::makeAdam({0.9f, 0.999f, 1e-8f, 0.01f, true})->name(), std::string("adamw"));
        adam->step({{"w", &w, &g, nullptr}}, 0.1f);
        QCOMPARE(adam->stepCount(), 1LL);
        const auto state = adam->state();
        QCOMPARE(state.size(), std::size_t(2));
        QCOMPARE(state[0].kind, std::string("m"));
        QCOMPARE(state[1].kind, std::string("v"));
        QVERIFY(std::abs((*state[0].value)(0, 0) - 0.05f) < 1e-7f);
        QVERIFY(std::abs((*state[1].value)(0, 1) - 0.001f) < 1e-7f);  // (1 - 0.999f) · 1
    }

    void maskedEntriesStayZeroWithZeroMoments() {
        sl::Tensor w(2, 2), g(2, 2), mask(2, 2);
        w << 1, 2, 3, 4;
        mask << 0, 1, 1, 1;
        g << 1, 1, -1, 1;
        for (bool decoupled : {false, true}) {
            sl::Tensor value = w;
            auto adam = sl::makeAdam({0.9f, 0.999f, 1e-8f, 0.1f, decoupled});
            const std::vector<sl::Param> params{{"w", &value, &g, &mask}};
            for (int i = 0; i < 3; ++i) adam->step(params, 0.1f);
            const auto state = adam->state();
            QCOMPARE(value(0, 0), 0.0f);
            QCOMPARE((*state[0].value)(0, 0), 0.0f);
            QCOMPARE((*state[1].value)(0, 0), 0.0f);
            QVERIFY(value(1, 0) > 3.0f);  // an unmasked entry did move, against its gradient
        }
    }

    void rejectsBadOptions() {
        sl::test::expectError<sl::ConfigError>(
            [] {
                sl::makeAdam({1.0f, 0.999f, 1e-8f, 0, false});
            },
            {"optimizer.beta1"});
        sl::test::expectError<sl::ConfigError>(
            [] {
                sl::makeAdam({0.9f, 0.999f, 0.0f, 0, false});
            },
            {"optimizer.eps", "expected > 0"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestAdam)
#include "test_adam.moc"
