#include "io/checkpoint.h"
#include "io/compact_export.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

// export-compact: the smaller model computes what the pruned one did (outputs within 1e-5),
// has fewer parameters, round-trips through a checkpoint file that eval loads; the column
// blocks and bias folds of the conv path on hand-built layers; bad input gives clear errors.
namespace {

sl::RunConfig structuredRun(const char* activation) {
    sl::RunConfig c = sl::test::TinyRun()
                          .data("blobs", 600, 3)
                          .hidden({20, 10})
                          .epochs(3)
                          .batch(32)
                          .sparse("structured", 0.5f, 100)
                          .seed(9);
    c.model.activation = activation;
    c.sparsity.schedule = "constant";
    return c;
}

sl::ModelInput inputOf(const sl::TrainTestSplit& data) {
    return {data.train.features(), data.train.numClasses, data.train.imageRows,
            data.train.imageCols};
}

float sigmoid(float v) { return 1.0f / (1.0f + std::exp(-v)); }

// 4300² = 18,490,000 weights: the middle layer is born sparse (CSR only, above 2^24) and
// stays so after 100 units of each hidden layer are removed (4200² = 17,640,000).
sl::RunConfig bornSparseRun() {
    sl::RunConfig c = sl::test::TinyRun()
                          .data("spirals", 256, 3)
                          .hidden({4300, 4300})
                          .sparse("set", 0.99f, 100)
                          .batch(32)
                          .epochs(1)
                          .seed(4);
    c.model.backend = "sparse";
    c.sparsity.distribution = "erk";  // the 2-input and 3-output layers dense, the middle ~0.9 %
    c.train.maxSteps = 3;
    return c;
}

}  // namespace

class TestCompactExport : public QObject {
    Q_OBJECT

    static void checkSameFunction(const char* activation) {
        const sl::RunConfig config = structuredRun(activation);
        sl::Trainer t(config, sl::loadRunData(config));
        t.runToEnd();
        const sl::Checkpoint original = sl::captureCheckpoint(t);
        const auto data = sl::loadRunData(config);
        const auto compact = sl::compactCheckpoint(original, inputOf(data));

        QCOMPARE(compact.checkpoint.config.model.hidden, (std::vector<int>{10, 5}));
        QCOMPARE(compact.checkpoint.config.sparsity.method, std::string("dense"));
        QCOMPARE(compact.layers.size(), std::size_t(3));
        QCOMPARE(compact.layers[0].unitsAfter, 10);
        QCOMPARE(compact.layers[1].unitsAfter, 5);
        QCOMPARE(compact.layers[2].unitsAfter, 3);
        // blobs has 2 features: (2*20+20) + (20*10+10) + (10*3+3) -> (2*10+10) + (10*5+5) + (5*3+3)
        QCOMPARE(compact.layers[0].parametersBefore, 60LL);
        QCOMPARE(compact.layers[0].parametersAfter, 30LL);
        QCOMPARE(compact.layers[1].parametersAfter, 55LL);
        QCOMPARE(compact.layers[2].parametersAfter, 18LL);

        sl::Model before = sl::modelFromCheckpoint(original, inputOf(data));
        sl::Model after = sl::modelFromCheckpoint(compact.checkpoint, inputOf(data));
        QVERIFY(after.parameterCount() < before.parameterCount());
        QCOMPARE(after.parameterCount(), std::size_t(103));
        const float difference = sl::maxOutputDifference(before, after, data.test.x);
        QVERIFY2(difference <= 1e-5f, std::to_string(difference).c_str());

        // The file loads as any checkpoint, and evaluates to the same accuracy.
        QTemporaryDir dir;
        const std::string path = dir.filePath("small.h5").toStdString();
        sl::writeCheckpoint(compact.checkpoint, path);
        auto loaded = sl::loadCheckpoint(path);
        QCOMPARE(loaded->evaluateTest().accuracy, t.evaluateTest().accuracy);
        QCOMPARE(loaded->model().prunableLayers()[0]->units(), 10);
    }

private slots:
    void reluModelComputesTheSameFunction() { checkSameFunction("relu"); }

    // Removed sigmoid units output 0.5: that constant must reach the next bias.
    void sigmoidConstantsAreFoldedIntoTheNextBias() { checkSameFunction("sigmoid"); }

    void denseColumnsAndBiasFoldByHand() {
        // 2 units, the first removed; sigmoid after; the next layer 1x2.
        std::vector<sl::UnitLayer> layers(2);
        layers[0].name = "dense1";
        layers[0].weight = sl::Tensor::Zero(2, 3);
        layers[0].weight.row(1) << 1, 2, 3;
        layers[0].bias = sl::Tensor::Zero(2, 1);
        layers[0].bias(0, 0) = 2.0f;  // not held at 0: the constant is sigmoid(2)
        layers[0].mask = sl::Tensor::Zero(2, 3);
        layers[0].mask.row(1).setOnes();
        layers[0].activation = sigmoid;
        layers[1].name = "dense2";
        layers[1].weight = sl::Tensor(1, 2);
        layers[1].weight << 4, 5;
        layers[1].bias = sl::Tensor::Constant(1, 1, 1.0f);
        layers[1].mask = sl::Tensor::Ones(1, 2);
        layers[1].activation = [](float v) { return v; };
        const auto report = sl::compactUnits(layers);
        QCOMPARE(report[0].unitsAfter, 1);
        QCOMPARE(layers[0].weight, (sl::Tensor(1, 3) << 1, 2, 3).finished());
        QCOMPARE(layers[1].weight, (sl::Tensor(1, 1) << 5).finished());
        QCOMPARE(layers[1].bias(0, 0), 1.0f + 4.0f * sigmoid(2.0f));
    }

    void convChannelBlocksAndPaddingByHand() {
        // conv1: 3 filters over 1 channel, k = 2 (4 columns each); filter 1 is removed.
        // conv2: 2 filters over conv1's 3 channels, 12 columns in (c, ky, kx) order.
        auto build = [](bool padded) {
            std::vector<sl::UnitLayer> layers(3);
            layers[0].name = "conv1";
            layers[0].weight = sl::Tensor::Constant(3, 4, 0.5f);
            layers[0].weight.row(1).setZero();
            layers[0].bias = sl::Tensor::Zero(3, 1);
            layers[0].mask = sl::Tensor::Ones(3, 4);
            layers[0].mask.row(1).setZero();
            layers[0].activation = sigmoid;
            layers[1].name = "conv2";
            layers[1].weight = sl::Tensor(2, 12);
            for (int i = 0; i < 24; ++i) layers[1].weight.data()[i] = float(i);
            layers[1].bias = sl::Tensor::Zero(2, 1);
            layers[1].mask = sl::Tensor::Ones(2, 12);
            layers[1].activation = [](float v) { return std::max(0.0f, v); };
            layers[1].zeroPadded = padded;
            // dense3: 2 channels of a pooled 3x3 map -> 18 columns; nothing removed in conv2.
            layers[2].name = "dense3";
            layers[2].weight = sl::Tensor::Ones(4, 18);
            layers[2].bias = sl::Tensor::Zero(4, 1);
            layers[2].mask = sl::Tensor::Ones(4, 18);
            layers[2].activation = [](float v) { return v; };
            return layers;
        };
        auto layers = build(false);
        sl::compactUnits(layers);
        QCOMPARE(layers[0].weight.rows(), Eigen::Index(2));
        QCOMPARE(layers[1].weight.cols(), Eigen::Index(8));
        // Channels 0 and 2 stay: columns 0-3 and 8-11 of each row.
        QCOMPARE(layers[1].weight.row(0),
                 (sl::Tensor(1, 8) << 0, 1, 2, 3, 8, 9, 10, 11).finished());
        QCOMPARE(layers[1].weight.row(1),
                 (sl::Tensor(1, 8) << 12, 13, 14, 15, 20, 21, 22, 23).finished());
        // sigmoid(0) = 0.5 times the removed channel's 4 weights.
        QCOMPARE(layers[1].bias(0, 0), 0.5f * (4 + 5 + 6 + 7));
        QCOMPARE(layers[1].bias(1, 0), 0.5f * (16 + 17 + 18 + 19));
        QCOMPARE(layers[2].weight.cols(), Eigen::Index(18));

        // Removing a conv2 channel takes its 9-column block of dense3.
        auto more = build(false);
        more[1].mask.row(0).setZero();
        more[1].weight.row(0).setZero();
        for (int c = 0; c < 18; ++c) more[2].weight(0, c) = float(c);
        sl::compactUnits(more);
        QCOMPARE(more[2].weight.cols(), Eigen::Index(9));
        QCOMPARE(more[2].weight(0, 0), 9.0f);
        QCOMPARE(more[2].bias(0, 0), 0.0f);  // relu(0) = 0: nothing to fold

        auto padded = build(true);
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError, sl::compactUnits(padded));
    }

    void aLayerWithEveryUnitPrunedIsRefused() {
        std::vector<sl::UnitLayer> layers(2);
        layers[0] = {"dense1",
                     sl::Tensor::Zero(2, 2),
                     sl::Tensor::Zero(2, 1),
                     sl::Tensor::Zero(2, 2),
                     [](float v) { return v; },
                     false};
        layers[1] = {"dense2",
                     sl::Tensor::Ones(1, 2),
                     sl::Tensor::Zero(1, 1),
                     sl::Tensor::Ones(1, 2),
                     [](float v) { return v; },
                     false};
        try {
            sl::compactUnits(layers);
            QFAIL("no error");
        } catch (const sl::ShapeError& e) {
            QVERIFY(std::string(e.what()).find("dense1: every unit is pruned") !=
                    std::string::npos);
        }
    }

    void missingAndBadFilesGiveClearErrors() {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("nope.h5").toStdString();
        try {
            sl::readCheckpoint(missing);
            QFAIL("no error");
        } catch (const sl::CheckpointError& e) {
            QVERIFY(std::string(e.what()).find(missing) != std::string::npos);
        }
        const QString text = dir.filePath("text.h5");
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a checkpoint\n");
        f.close();
        QVERIFY_THROWS_EXCEPTION(sl::CheckpointError, sl::readCheckpoint(text.toStdString()));
    }

    void otherModelKindsAreRefused() {
        sl::Checkpoint c;
        c.config.model.kind = "moe";
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError,
                                 sl::compactCheckpoint(c, sl::ModelInput{2, 3, 0, 0}));
    }

    // A checkpoint whose middle layer is stored as CSR only compacts in the CSR: units 0-99 of
    // hidden layer 1 (mask rows cleared, bias 0.5 so relu gives a constant 0.5 folded into the
    // CSR layer's bias) and 100-199 of hidden layer 2 (CSR rows emptied) go, with their columns.
    void compactsALayerStoredAsCsrOnly() {
        const sl::RunConfig config = bornSparseRun();
        sl::Trainer t(config, sl::loadRunData(config));
        t.runToEnd();
        sl::Checkpoint original = sl::captureCheckpoint(t);
        auto& first = original.state.layers[0];
        auto& giant = original.state.layers[1];
        QVERIFY(giant.sparseOnly && !first.sparseOnly);
        first.mask.topRows(100).setZero();
        first.weight.topRows(100).setZero();
        first.bias.topRows(100).setConstant(0.5f);
        // Empty rows 100-199 of the CSR; count what stays in the columns that stay.
        sl::CsrMatrix& w = giant.csr;
        sl::CsrMatrix kept;
        kept.rows = w.rows;
        kept.cols = w.cols;
        std::vector<float> values;
        long long survivors = 0;
        for (int r = 0; r < w.rows; ++r) {
            for (std::int32_t k = w.rowPtr[r]; k < w.rowPtr[r + 1]; ++k) {
                if (r >= 100 && r < 200) continue;
                kept.colIdx.push_back(w.colIdx[k]);
                values.push_back(w.values(k, 0));
                survivors += w.colIdx[k] >= 100;
            }
            kept.rowPtr.push_back(static_cast<std::int32_t>(kept.colIdx.size()));
        }
        kept.values = Eigen::Map<sl::Tensor>(values.data(), Eigen::Index(values.size()), 1);
        w = kept;
        // No other row may be empty by chance, or the counts below would differ.
        for (int r = 0; r < w.rows; ++r)
            QVERIFY(r >= 100 && r < 200 ? w.rowPtr[r + 1] == w.rowPtr[r]
                                        : w.rowPtr[r + 1] > w.rowPtr[r]);
        for (int r = 100; r < first.mask.rows(); ++r) QVERIFY(first.mask.row(r).sum() > 0.0f);

        const auto data = sl::loadRunData(config);
        const auto compact = sl::compactCheckpoint(original, inputOf(data));
        QCOMPARE(compact.checkpoint.config.model.hidden, (std::vector<int>{4200, 4200}));
        QCOMPARE(compact.checkpoint.config.sparsity.method, std::string("static"));
        const auto& small = compact.checkpoint.state.layers[1];
        QVERIFY(small.sparseOnly);
        QCOMPARE(small.weight.size(), Eigen::Index(0));
        QCOMPARE(small.csr.rows, 4200);
        QCOMPARE(small.csr.cols, 4200);
        QCOMPARE(small.csr.nnz(), survivors);
        QCOMPARE(compact.layers[1].parametersBefore, 4300LL * 4300 + 4300);
        QCOMPARE(compact.layers[1].parametersAfter, 4200LL * 4200 + 4200);
        QCOMPARE(compact.checkpoint.state.layers[2].weight.cols(), Eigen::Index(4200));

        sl::Model before = sl::modelFromCheckpoint(original, inputOf(data));
        sl::Model after = sl::modelFromCheckpoint(compact.checkpoint, inputOf(data));
        const float difference = sl::maxOutputDifference(before, after, data.test.x);
        QVERIFY2(difference <= 1e-5f, std::to_string(difference).c_str());
        // Without the fold of relu(0.5) the outputs would differ: the test can fail.
        sl::Checkpoint unfolded = compact.checkpoint;
        sl::Tensor& bias = unfolded.state.layers[1].bias;
        bias.topRows(100) = original.state.layers[1].bias.topRows(100);
        bias.bottomRows(4100) = original.state.layers[1].bias.bottomRows(4100);
        sl::Model wrong = sl::modelFromCheckpoint(unfolded, inputOf(data));
        QVERIFY(sl::maxOutputDifference(before, wrong, data.test.x) > 1e-3f);

        // The file is written CSR only and loads back to the same function.
        QTemporaryDir dir;
        const std::string path = dir.filePath("small.h5").toStdString();
        sl::writeCheckpoint(compact.checkpoint, path);
        const sl::Checkpoint read = sl::readCheckpoint(path);
        QVERIFY(read.state.layers[1].sparseOnly);
        sl::Model reread = sl::modelFromCheckpoint(read, inputOf(data));
        QCOMPARE(sl::maxOutputDifference(after, reread, data.test.x), 0.0f);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestCompactExport)
#include "test_compact_export.moc"
