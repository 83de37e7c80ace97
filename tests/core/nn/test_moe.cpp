#include "nn/moe.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <set>

using sl::Activations;
using sl::MixtureOfExperts;

namespace {

MixtureOfExperts makeMoe(int width, int experts, int hidden, int k, float balance, int seed = 3) {
    sl::Rng rng(static_cast<std::uint64_t>(seed));
    sl::MoeOptions o;
    o.width = width;
    o.experts = experts;
    o.expertHidden = hidden;
    o.topK = k;
    o.balanceLoss = balance;
    return MixtureOfExperts(o, rng);
}

void setDense(sl::Dense& d, std::initializer_list<float> w, std::initializer_list<float> b) {
    QCOMPARE(static_cast<std::size_t>(d.weight.size()), w.size());
    QCOMPARE(static_cast<std::size_t>(d.bias.size()), b.size());
    std::copy(w.begin(), w.end(), d.weight.data());
    std::copy(b.begin(), b.end(), d.bias.data());
}

// d = 2, E = 3, one hidden unit per expert, weights chosen so each expert's output is simple:
//   gate logits = (x1, x2, 0.5)
//   expert 1: h = relu(x1 + x2), y = (h + 0.5, -h)
//   expert 2: h = relu(x2),      y = (h, 2h + 1)
//   expert 3: h = relu(x1 - x2), y = (2h, 0)
void setHandWeights(MixtureOfExperts& m) {
    setDense(m.gate(), {1, 0, 0, 1, 0, 0}, {0, 0, 0.5f});
    setDense(m.expertInput(0), {1, 1}, {0});
    setDense(m.expertOutput(0), {1, -1}, {0.5f, 0});
    setDense(m.expertInput(1), {0, 1}, {0});
    setDense(m.expertOutput(1), {1, 2}, {0, 1});
    setDense(m.expertInput(2), {1, -1}, {0});
    setDense(m.expertOutput(2), {2, 0}, {0, 0});
}

Activations handInput() {
    Activations x(2, 2);
    x << 2, 0, 0, 3;  // example 1 = (2, 0), example 2 = (0, 3)
    return x;
}

double softmaxOf(double a, double b, double c, int which) {
    const double s = std::exp(a) + std::exp(b) + std::exp(c);
    return std::exp(which == 0 ? a : which == 1 ? b : c) / s;
}

}  // namespace

class TestMoe : public QObject {
    Q_OBJECT
private slots:
    void routesEachExampleToExactlyKExperts() {
        for (int k : {1, 2}) {
            auto m = makeMoe(6, 4, 5, k, 0.01f);
            sl::Rng rng(11);
            const Activations x = sl::test::randomMatrix(6, 50, rng) * 3.0f;
            Activations y;
            m.forward(x, y);
            QCOMPARE(m.routing().size(), std::size_t(50 * k));
            std::vector<int> perExpert(4, 0);
            for (int j = 0; j < 50; ++j) {
                std::set<int> chosen;
                for (int i = 0; i < k; ++i) chosen.insert(m.routing()[std::size_t(j * k + i)]);
                QCOMPARE(int(chosen.size()), k);  // k distinct experts
                // The first is the argmax of the gate; the second the runner-up.
                Eigen::Index best;
                m.gateProbabilities().col(j).maxCoeff(&best);
                QCOMPARE(m.routing()[std::size_t(j * k)], int(best));
                for (int e = 0; e < 4; ++e)
                    if (!chosen.count(e))
                        for (int c : chosen)
                            QVERIFY(m.gateProbabilities()(c, j) >= m.gateProbabilities()(e, j));
                for (int c : chosen) ++perExpert[std::size_t(c)];
                if (k == 2) {
                    const float s = m.routingWeights()[std::size_t(2 * j)] +
                                    m.routingWeights()[std::size_t(2 * j + 1)];
                    QVERIFY(std::abs(s - 1.0f) < 1e-6f);  // renormalised
                }
            }
            const auto f = m.routedFractions();
            double sum = 0.0;
            for (int e = 0; e < 4; ++e) {
                QCOMPARE(f[std::size_t(e)], perExpert[std::size_t(e)] / (50.0 * k));
                sum += f[std::size_t(e)];
            }
            QVERIFY(std::abs(sum - 1.0) < 1e-12);
        }
    }

    void outputMatchesHandComputationTop1() {
        auto m = makeMoe(2, 3, 1, 1, 0.0f);
        setHandWeights(m);
        Activations y;
        m.forward(handInput(), y);
        QCOMPARE(m.routing(), (std::vector<int>{0, 1}));
        // Example 1 -> expert 1 with p = softmax(2, 0, 0.5)_1, y = (2.5, -2).
        const double p1 = softmaxOf(2, 0, 0.5, 0);
        // Example 2 -> expert 2 with p = softmax(0, 3, 0.5)_2, h = 3, y = (3, 7).
        const double p2 = softmaxOf(0, 3, 0.5, 1);
        QVERIFY(std::abs(y(0, 0) - p1 * 2.5) < 1e-5);
        QVERIFY(std::abs(y(1, 0) - p1 * -2.0) < 1e-5);
        QVERIFY(std::abs(y(0, 1) - p2 * 3.0) < 1e-5);
        QVERIFY(std::abs(y(1, 1) - p2 * 7.0) < 1e-5);
    }

    void outputMatchesHandComputationTop2() {
        auto m = makeMoe(2, 3, 1, 2, 0.0f);
        setHandWeights(m);
        Activations y;
        m.forward(handInput(), y);
        // Example 1: experts 1 (logit 2) and 3 (logit 0.5); expert 3 gives h = 2, y = (4, 0).
        // Example 2: experts 2 (logit 3) and 3 (logit 0.5); expert 3 gives h = 0, y = (0, 0).
        QCOMPARE(m.routing(), (std::vector<int>{0, 2, 1, 2}));
        const double a = std::exp(2.0) / (std::exp(2.0) + std::exp(0.5));
        QVERIFY(std::abs(y(0, 0) - (a * 2.5 + (1 - a) * 4.0)) < 1e-5);
        QVERIFY(std::abs(y(1, 0) - (a * -2.0)) < 1e-5);
        const double b = std::exp(3.0) / (std::exp(3.0) + std::exp(0.5));
        QVERIFY(std::abs(y(0, 1) - b * 3.0) < 1e-5);
        QVERIFY(std::abs(y(1, 1) - b * 7.0) < 1e-5);
    }

    void balanceLossOnHandCase() {
        auto m = makeMoe(2, 3, 1, 1, 0.5f);
        setHandWeights(m);
        Activations y;
        m.forward(handInput(), y);
        // f = (1/2, 1/2, 0); P_e = mean of the two examples' probabilities.
        const double P1 = (softmaxOf(2, 0, 0.5, 0) + softmaxOf(0, 3, 0.5, 0)) / 2;
        const double P2 = (softmaxOf(2, 0, 0.5, 1) + softmaxOf(0, 3, 0.5, 1)) / 2;
        const double expected = 0.5 * 3 * (0.5 * P1 + 0.5 * P2);
        QVERIFY(std::abs(m.auxiliaryLoss() - expected) < 1e-6);
    }

    // Two experts, examples with gate logits (a, -a) and (-a, a): f = P = (1/2, 1/2), the
    // loss is exactly the weight α. Sending both to expert 1 gives α·2·P_1 > α.
    void balanceLossIsItsWeightForUniformRouting() {
        auto m = makeMoe(2, 2, 1, 1, 0.25f);
        setDense(m.gate(), {1, 0, 0, 1}, {0, 0});
        Activations x(2, 2);
        x << 1.5, 0, 0, 1.5;
        Activations y;
        m.forward(x, y);
        QCOMPARE(m.routing(), (std::vector<int>{0, 1}));
        QVERIFY(std::abs(m.auxiliaryLoss() - 0.25) < 1e-7);

        x << 1.5, 1.0, 0, 0.0;  // both to expert 1
        m.forward(x, y);
        QCOMPARE(m.routing(), (std::vector<int>{0, 0}));
        const double P1 = (1 / (1 + std::exp(-1.5)) + 1 / (1 + std::exp(-1.0))) / 2;
        QVERIFY(std::abs(m.auxiliaryLoss() - 0.25 * 2 * 1.0 * P1) < 1e-6);
        QVERIFY(m.auxiliaryLoss() > 0.25 * 1.2);
    }

    // Loss = Σ r ⊙ y + balance loss; every gradient against central differences. Inputs and
    // seeds are such that no routing is near a tie (checked) so that a step of eps keeps it.
    void gradientsMatchFiniteDifferences_data() {
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("seed");
        QTest::newRow("top1") << 1 << 22;
        QTest::newRow("top2") << 2 << 25;
    }
    void gradientsMatchFiniteDifferences() {
        QFETCH(int, k);
        QFETCH(int, seed);
        auto m = makeMoe(4, 3, 5, k, 0.5f, 7);
        // A trained gate's scale: the initial one is small and its routing close to ties.
        m.gate().weight *= 5.0f;
        sl::Rng rng(static_cast<std::uint64_t>(seed));
        Activations x = sl::test::randomMatrix(4, 8, rng) * 2.0f;
        const Activations r = sl::test::randomMatrix(4, 8, rng);
        Activations y;
        m.forward(x, y);
        // Routing margins: the chosen and the next probability differ by > 1e-2.
        for (int j = 0; j < 8; ++j) {
            Eigen::VectorXf p = m.gateProbabilities().col(j);
            std::sort(p.data(), p.data() + p.size(), std::greater<float>());
            QVERIFY2(p(k - 1) - p(k) > 1e-2f, "routing near a tie: pick another seed");
        }
        for (int e = 0; e < 3; ++e) QVERIFY(m.routedFractions()[std::size_t(e)] > 0.0);
        auto loss = [&] {
            Activations out;
            m.forward(x, out);
            return (r.cast<double>().array() * out.cast<double>().array()).sum() +
                   m.auxiliaryLoss();
        };
        m.forward(x, y);
        Activations dx;
        m.backward(x, y, r, &dx);
        const Activations analyticX = dx;
        const sl::Tensor gateW = m.gate().weightGrad, gateB = m.gate().biasGrad;
        std::vector<sl::Tensor> inW, outW, inB, outB;
        for (int e = 0; e < 3; ++e) {
            inW.push_back(m.expertInput(e).weightGrad);
            inB.push_back(m.expertInput(e).biasGrad);
            outW.push_back(m.expertOutput(e).weightGrad);
            outB.push_back(m.expertOutput(e).biasGrad);
        }
        const float eps = 1e-3f;
        const double tol = 2e-2;
        QVERIFY(sl::test::gradientError(x, analyticX, loss, eps) < tol);
        QVERIFY(sl::test::gradientError(m.gate().weight, gateW, loss, eps) < tol);
        QVERIFY(sl::test::gradientError(m.gate().bias, gateB, loss, eps) < tol);
        for (int e = 0; e < 3; ++e) {
            const auto i = std::size_t(e);
            QVERIFY(sl::test::gradientError(m.expertInput(e).weight, inW[i], loss, eps) < tol);
            QVERIFY(sl::test::gradientError(m.expertInput(e).bias, inB[i], loss, eps) < tol);
            QVERIFY(sl::test::gradientError(m.expertOutput(e).weight, outW[i], loss, eps) < tol);
            QVERIFY(sl::test::gradientError(m.expertOutput(e).bias, outB[i], loss, eps) < tol);
        }
        // The balance loss really reaches the gate: without it the gate gradient differs.
        QVERIFY(gateB.norm() > 0.0f);
    }

    void paramsCoverGateAndEveryExpert() {
        auto m = makeMoe(4, 3, 5, 1, 0.01f);
        const auto params = m.params();
        QCOMPARE(params.size(), std::size_t(2 + 3 * 4));
        long long count = 0;
        std::set<std::string> names;
        for (const auto& p : params) {
            count += p.value->size();
            QVERIFY(p.mask == nullptr);
            names.insert(p.name);
        }
        QCOMPARE(names.size(), params.size());
        QCOMPARE(count, 4LL * 3 + 3 + 3 * (4 * 5 + 5 + 5 * 4 + 4));
    }

    void badShapesAndOptionsAreErrors() {
        auto m = makeMoe(4, 3, 5, 1, 0.01f);
        Activations y;
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError, m.forward(Activations::Zero(3, 2), y));
        sl::Rng rng(1);
        sl::MoeOptions o;
        o.width = 4;
        o.topK = 3;
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, MixtureOfExperts(o, rng));
        o.topK = 1;
        o.experts = 1;
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, MixtureOfExperts(o, rng));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestMoe)
#include "test_moe.moc"
