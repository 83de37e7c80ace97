#include "nn/model.h"
#include "support/error_message.h"
#include "support/gradient_check.h"
#include "support/test_main.h"
#include "util/error.h"

#include <QtTest>
#include <cmath>

using sl::test::randomMatrix;

class TestModel : public QObject {
    Q_OBJECT
private slots:
    void mlpShapesAndParameterCount() {
        sl::Rng rng(1);
        auto model = sl::Model::mlp(4, {5}, 3, sl::ActivationKind::Tanh, sl::Init::Glorot, rng);
        const auto& layers = model.layers();
        QCOMPARE(layers.size(), std::size_t(3));
        QCOMPARE(layers[0]->kind(), std::string("dense"));
        QCOMPARE(layers[1]->kind(), std::string("tanh"));
        QCOMPARE(layers[2]->kind(), std::string("dense"));
        const auto dense = model.prunableLayers();
        QCOMPARE(dense.size(), std::size_t(2));
        QCOMPARE(dense[0]->fanIn(), 4);
        QCOMPARE(dense[0]->units(), 5);
        QCOMPARE(dense[1]->fanIn(), 5);
        QCOMPARE(dense[1]->units(), 3);
        QCOMPARE(model.parameterCount(), std::size_t(4 * 5 + 5 + 5 * 3 + 3));
        QCOMPARE(model.params().size(), std::size_t(4));

        auto big = sl::Model::mlp(784, {300, 100}, 10, sl::ActivationKind::ReLU, sl::Init::He, rng);
        QCOMPARE(big.parameterCount(),
                 std::size_t(784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10));
        QCOMPARE(big.layers().size(), std::size_t(5));
    }

    void mlpRejectsEmptyLayers() {
        sl::Rng rng(1);
        sl::test::expectError<sl::ConfigError>(
            [&] {
                sl::Model::mlp(4, {5, 0}, 3, sl::ActivationKind::ReLU, sl::Init::He, rng);
            },
            {"model.hidden", "got a layer of 0"});
    }

    void gradientsThroughTheWholeModel() {
        sl::Rng rng(2);
        auto model = sl::Model::mlp(4, {5}, 3, sl::ActivationKind::Tanh, sl::Init::Glorot, rng);
        for (auto* dense : model.prunableLayers())
            dense->bias = randomMatrix(dense->units(), 1, rng);
        const Eigen::MatrixXf x = randomMatrix(4, 6, rng);
        const std::vector<std::int32_t> labels{0, 2, 1, 1, 0, 2};
        Eigen::MatrixXf dlogits;
        sl::softmaxCrossEntropy(model.forward(x), labels, &dlogits);
        model.backward(dlogits);
        auto loss = [&] { return sl::softmaxCrossEntropy(model.forward(x), labels, nullptr).loss; };
        for (const sl::Param& p : model.params()) {
            const sl::Tensor analytic = *p.grad;
            QVERIFY(analytic.squaredNorm() > 1e-6f);  // a zero gradient would pass vacuously
            const double error = sl::test::gradientError(*p.value, analytic, loss, 1e-2f, 1e-2);
            QVERIFY2(error < 1e-2, p.name);
        }
    }

    void firstLayerWeightGradientWithoutInputGradient() {
        // The model skips dL/dx for its first layer; its weight gradient must equal the one a
        // full backward (with dx) of that layer gives from the same upstream gradient.
        sl::Rng rng(3);
        auto model = sl::Model::mlp(6, {4}, 3, sl::ActivationKind::ReLU, sl::Init::He, rng);
        const Eigen::MatrixXf x = randomMatrix(6, 5, rng);
        const std::vector<std::int32_t> labels{0, 1, 2, 1, 0};
        Eigen::MatrixXf dlogits;
        sl::softmaxCrossEntropy(model.forward(x), labels, &dlogits);
        model.backward(dlogits);
        const sl::Tensor fromModel = model.prunableLayers()[0]->weightGrad;

        auto& layers = model.layers();
        Eigen::MatrixXf h, a, logits, dA, dH, dx;
        layers[0]->forward(x, h);
        layers[1]->forward(h, a);
        layers[2]->forward(a, logits);
        layers[2]->backward(a, logits, dlogits, &dA);
        layers[1]->backward(h, a, dA, &dH);
        layers[0]->backward(x, h, dH, &dx);
        QVERIFY((model.prunableLayers()[0]->weightGrad - fromModel).cwiseAbs().maxCoeff() < 1e-6f);
        QVERIFY(fromModel.cwiseAbs().maxCoeff() > 1e-3f);
    }

    void evaluateMatchesOneBigBatch() {
        sl::Rng rng(4);
        auto model = sl::Model::mlp(3, {4}, 2, sl::ActivationKind::Sigmoid, sl::Init::Glorot, rng);
        sl::Dataset data;
        data.name = "tiny";
        data.x = randomMatrix(3, 7, rng);
        data.labels = {0, 1, 1, 0, 1, 0, 0};
        data.numClasses = 2;
        const auto whole = sl::softmaxCrossEntropy(model.forward(data.x), data.labels, nullptr);
        // 7 examples in batches of 3: the last holds one, and the mean must weight it so.
        const sl::Evaluation e = model.evaluate(data, 3);
        QCOMPARE(e.count, 7);
        QVERIFY(std::abs(e.loss - whole.loss) < 1e-6);
        QVERIFY(std::abs(e.accuracy - whole.correct / 7.0) < 1e-12);
        QVERIFY(whole.loss > 0.0);
    }

    void backwardNeedsAFreshForward() {
        sl::Rng rng(5);
        auto model = sl::Model::mlp(3, {4}, 2, sl::ActivationKind::ReLU, sl::Init::He, rng);
        const Eigen::MatrixXf dlogits = Eigen::MatrixXf::Zero(2, 1);
        sl::test::expectError<sl::ShapeError>([&] { model.backward(dlogits); },
                                              {"expected a forward() first"});
        sl::Dataset data;
        data.x = randomMatrix(3, 2, rng);
        data.labels = {0, 1};
        model.evaluate(data);
        sl::test::expectError<sl::ShapeError>([&] { model.backward(dlogits); },
                                              {"expected a forward() first"});
        const Eigen::MatrixXf x = randomMatrix(3, 2, rng);
        model.forward(x);
        sl::test::expectError<sl::ShapeError>([&] { model.backward(dlogits); }, {"(2, 2)"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestModel)
#include "test_model.moc"
