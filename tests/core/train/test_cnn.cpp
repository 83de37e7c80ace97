#include "nn/conv2d.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "train/model_builder.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QtTest>

namespace {

sl::RunConfig smallCnn() {
    sl::RunConfig c;
    c.model.kind = "cnn";
    c.model.convChannels = {8, 16};
    c.model.hidden = {64};
    c.sparsity.method = "dense";
    return c;
}

}  // namespace

// The builder's layer list for a config, and a CNN that learns Fashion-MNIST.
class TestCnn : public QObject {
    Q_OBJECT
private slots:
    void buildsConvActivationPoolThenDense() {
        auto c = smallCnn();
        c.model.activation = "tanh";
        sl::Rng rng(1);
        sl::Model m = sl::buildModel(c.model, {784, 10, 28, 28}, rng);
        std::vector<std::string> kinds;
        for (const auto& layer : m.layers()) kinds.push_back(layer->kind());
        QCOMPARE(kinds, (std::vector<std::string>{"conv2d", "tanh", "maxpool", "conv2d", "tanh",
                                                  "maxpool", "dense", "tanh", "dense"}));
        const auto layers = m.prunableLayers();
        QCOMPARE(layers.size(), std::size_t(4));
        auto* conv2 = dynamic_cast<sl::Conv2d*>(layers[1]);
        QVERIFY(conv2);
        QCOMPARE(conv2->inputShape().channels, 8);
        QCOMPARE(conv2->inputShape().height, 14);
        QCOMPARE(conv2->weightDims(), (std::vector<int>{16, 8, 3, 3}));
        QCOMPARE(layers[2]->fanIn(), 16 * 7 * 7);
        QCOMPARE(layers[3]->units(), 10);
        // 8*9+8 + 16*72+16 + 784*64+64 + 64*10+10
        QCOMPARE(m.parameterCount(), std::size_t(80 + 1168 + 50240 + 650));
        Eigen::MatrixXf x = Eigen::MatrixXf::Ones(784, 3);
        QCOMPARE(m.forward(x).rows(), Eigen::Index(10));
    }

    void strideWithoutPoolAndSeveralChannels() {
        // Three 10x6 channels, stride 2 padding 0 kernel 3, no pooling: 10x6 -> 4x2 -> 1x0?
        // The second convolution would not fit, and the error names model.kernel_size.
        auto c = smallCnn();
        c.model.pool = 1;
        c.model.stride = 2;
        c.model.padding = 0;
        c.model.convChannels = {4};
        c.model.hidden = {};
        sl::Rng rng(2);
        sl::Model m = sl::buildModel(c.model, {180, 3, 10, 6}, rng);
        auto* conv = dynamic_cast<sl::Conv2d*>(m.prunableLayers()[0]);
        QCOMPARE(conv->inputShape().channels, 3);
        QCOMPARE(conv->outputShape().height, 4);
        QCOMPARE(conv->outputShape().width, 2);
        QCOMPARE(m.prunableLayers()[1]->fanIn(), 4 * 4 * 2);
        c.model.convChannels = {4, 4};
        sl::test::expectError<sl::ConfigError>(
            [&] {
                sl::buildModel(c.model, {180, 3, 10, 6}, rng);
            },
            {"model.kernel_size", "convolution 2", "4x4x2"});
    }

    void shapesThatShrinkToNothingNameTheKey() {
        auto c = smallCnn();
        c.model.convChannels = {4, 4, 4};
        c.model.pool = 4;  // 28 -> 7 -> 1, then the third 4x4 window cannot fit
        sl::Rng rng(3);
        sl::test::expectError<sl::ConfigError>(
            [&] {
                sl::buildModel(c.model, {784, 10, 28, 28}, rng);
            },
            {"model.pool", "convolution 3", "4x1x1"});
    }

    void nonImageDataIsRefused() {
        auto c = smallCnn();
        c.data.name = "spirals";
        sl::test::expectError<sl::ConfigError>([&] { sl::Trainer t(c, sl::loadRunData(c)); },
                                               {"model.kind", "cnn", "image", "2 features"});
    }

    void learnsFashionMnistOnASubset() {
        auto c = smallCnn();
        c.data.trainSubset = 3000;
        c.data.testSubset = 1000;
        c.train.batchSize = 50;
        c.train.epochs = 2;  // 120 steps
        c.seed = 1;
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        QCOMPARE(t.step(), 120LL);
        const double accuracy = t.history().back().testAccuracy;
        qInfo("CNN test accuracy after 120 steps: %.4f", accuracy);
        QVERIFY2(accuracy > 0.70, qPrintable(QString("test accuracy %1").arg(accuracy)));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestCnn)
#include "test_cnn.moc"
