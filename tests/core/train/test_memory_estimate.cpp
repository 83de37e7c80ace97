#include "data/synthetic.h"
#include "support/test_main.h"
#include "train/memory_estimate.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QtTest>
#include <cstdlib>

using namespace sl;

// The estimate against sums worked out by hand from what each structure keeps (the comments
// give every term), and the refusal as the CLI and the window show it.
class TestMemoryEstimate : public QObject {
    Q_OBJECT

    static RunConfig config(std::vector<int> hidden, const char* method, const char* backend) {
        RunConfig c;
        c.model.hidden = std::move(hidden);
        c.sparsity.method = method;
        c.model.backend = backend;
        c.optimizer.name = "sgd";
        return c;
    }
    static constexpr ModelInput kFashion{784, 10, 28, 28};

private slots:
    void referenceMlpOnTheDenseBackend() {
        RunConfig c = config({300, 100}, "dense", "dense");
        c.train.batchSize = 100;
        const MemoryEstimate e = estimateMemory(c, kFashion, 10000);
        // 784·300 + 300·100 + 100·10 = 266200 weights, 410 units.
        // Weights: bias + its gradient 8 B per unit; weight, mask, gradient 12 B and the
        // tracker's byte per weight.
        QCOMPARE(e.weights, 8LL * 410 + 13LL * 266200);
        // SGD's momentum: 4 B per weight and per bias.
        QCOMPARE(e.optimizer, 4LL * 410 + 4LL * 266200);
        // Outputs per example: 300 + 300 (relu) + 100 + 100 + 10 = 810. Batch 100: outputs,
        // their gradients but the logits', the batch (784), the logits' gradient (10).
        QCOMPARE(e.activations, 4LL * 100 * (810 + 800 + 784 + 10));
        // Evaluation at 1000 widens the outputs by 900 columns and copies 1000 examples.
        QCOMPARE(e.evaluation, 4LL * 900 * 810 + 4LL * 1000 * 784);
        QCOMPARE(e.im2col, 0LL);
        QCOMPARE(e.transient(), 0LL);  // the dense method draws no masks
        QCOMPARE(e.layers.size(), std::size_t(3));
        for (const auto& l : e.layers) QVERIFY(!l.sparse && l.denseView);
        QCOMPARE(e.layers[0].active, 235200LL);
    }

    void giantSparseMlpHasNoDenseView() {
        RunConfig c = config({100000, 100000}, "set", "auto");
        c.sparsity.target = 0.9990234375f;  // 1 - 1/1024, exact in float
        c.sparsity.distribution = "uniform";
        const MemoryEstimate e = estimateMemory(c, kFashion, 10000);
        QCOMPARE(e.layers.size(), std::size_t(3));
        // 784 × 100000 = 78.4 M and 100000² weights are above 2^24: CSR only.
        QVERIFY(e.layers[0].sparse && !e.layers[0].denseView);
        QVERIFY(e.layers[1].sparse && !e.layers[1].denseView);
        // 100000 × 10 = 1 M at 99.9 % is sparse (above the break-even) and keeps its view.
        QVERIFY(e.layers[2].sparse && e.layers[2].denseView);
        QCOMPARE(e.layers[0].active, 76563LL);    // 78.4 M / 1024 = 76562.5, rounded
        QCOMPARE(e.layers[1].active, 9765625LL);  // 10^10 / 1024
        QCOMPARE(e.layers[2].active, 977LL);      // 976.5625
        // dense1: bias 8 B/unit, CSR 20 B per active weight, row and column pointers.
        const long long w1 = 8LL * 100000 + 20LL * 76563 + 4LL * (100000 + 784 + 2);
        const long long w2 = 8LL * 100000 + 20LL * 9765625 + 4LL * (200000 + 2);
        // dense3 adds its dense view: 13 B per weight of 1 M.
        const long long w3 = 8LL * 10 + 13LL * 1000000 + 20LL * 977 + 4LL * (10 + 100000 + 2);
        QCOMPARE(e.weights, w1 + w2 + w3);
        QCOMPARE(e.optimizer, (4LL * 100000 + 4LL * 76563) + (4LL * 100000 + 4LL * 9765625) +
                                  (4LL * 10 + 4LL * 977));
        // Batch 128. Sparse layers' batch-major copies x, y, dy (and dx but for the first):
        const long long copies =
            4LL * 128 * ((784 + 2 * 100000) + (4 * 100000) + (100000 + 2 * 10 + 100000));
        // Outputs 4·100000 + 10 = 400010 per example, gradients 400000, batch 784, dlogits 10.
        QCOMPARE(e.activations, copies + 4LL * 128 * (400010 + 400000 + 784 + 10));
        // Evaluation at 1000: 872 more columns of outputs and of each x, y copy, 1000 examples.
        QCOMPARE(e.evaluation, 4LL * 872 * (400010 + 100784 + 200000 + 100010) + 4LL * 1000 * 784);
        // The first masks drawn on dense3's view (|w|, permutation, new mask), or a mask
        // update's scratch on dense2's 9.8 M active weights, whichever is larger.
        QCOMPARE(e.transientStart, 4LL * 1000000 + 8LL * 1000000);
        QCOMPARE(e.transientUpdate, 16LL * 9765625);
        QCOMPARE(e.transient(), 156250000LL);
        QVERIFY(e.total() < 8000LL * 1000 * 1000);  // the 8 GB
    }

    void refusalSaysWhatIsNeededAndWhatToChange() {
        RunConfig c = config({65536, 65536}, "dense", "auto");
        const MemoryEstimate e = estimateMemory(c, kFashion, 10000);
        // 784·65536 + 65536² + 65536·10 = 4347002880 weights, 131082 units.
        QCOMPARE(e.weights, 8LL * 131082 + 13LL * 4347002880LL);   // 56.5 GB
        QCOMPARE(e.optimizer, 4LL * 131082 + 4LL * 4347002880LL);  // 17.4 GB
        QCOMPARE(e.total(), 75086998200LL);  // + 269 MB activations + 918 MB evaluation
        QCOMPARE(QString::fromStdString(memoryRefusal(e, 8000LL * 1000 * 1000, c)),
                 QString("memory: this run needs about 75.1 GB (weights, masks and gradients "
                         "56.5 GB, optimizer state 17.4 GB, activations 269 MB, evaluation "
                         "918 MB) but 8.00 GB is available; the largest layer, dense2 (65536 x "
                         "65536, dense backend), takes 73.0 GB. To fit: use sparsity.method "
                         "static, set or rigl with a sparsity.target of at least 0.6 (the "
                         "sparse backend), or make model.hidden narrower. (The limit is "
                         "MemAvailable of /proc/meminfo, or SPARSELAB_MEMORY_LIMIT_MB.)"));
        QCOMPARE(memoryRefusal(e, e.total(), c), std::string());  // exactly enough fits
        QCOMPARE(memoryRefusal(e, -1, c), std::string());         // unknown: no check
    }

    void trainerRefusesBeforeBuilding() {
        SyntheticSpec spec;
        spec.kind = SyntheticKind::Spirals;
        spec.trainCount = 64;
        spec.testCount = 32;
        RunConfig c = config({4096, 4096}, "dense", "dense");
        c.data.name = "spirals";
        // 2·4096 + 4096² + 4096·2 = 16793600 weights: 218 MB of weights, masks and gradients,
        // 67.2 MB of momentum, 16.8 MB of activations (batch 128): 302 MB.
        qputenv("SPARSELAB_MEMORY_LIMIT_MB", "100");
        QCOMPARE(availableMemoryBytes(), 100LL * 1000 * 1000);
        bool refused = false;
        try {
            Trainer t(c, makeSynthetic(spec));
        } catch (const ConfigError& error) {
            refused = QString(error.what()).startsWith("memory: this run needs about 302 MB");
            if (!refused) qWarning("%s", error.what());
        }
        QVERIFY(refused);
        qputenv("SPARSELAB_MEMORY_LIMIT_MB", "1000");
        Trainer fits(c, makeSynthetic(spec));
        QCOMPARE(fits.step(), 0LL);
        qunsetenv("SPARSELAB_MEMORY_LIMIT_MB");
    }

    void formatsBytes() {
        QCOMPARE(formatBytes(999), std::string("999 B"));
        QCOMPARE(formatBytes(1234), std::string("1.23 KB"));
        QCOMPARE(formatBytes(56512086096LL), std::string("56.5 GB"));
        QCOMPARE(formatBytes(268847104), std::string("269 MB"));
    }

    // A mixture of experts, hand-counted as the difference to the same mlp without it.
    void mixtureOfExpertsIsCounted() {
        RunConfig mlp = config({8}, "dense", "dense");
        mlp.train.batchSize = 16;
        RunConfig moe = mlp;
        moe.model.kind = "moe";
        moe.model.experts = 4;       // E
        moe.model.expertHidden = 6;  // H
        moe.model.topK = 2;          // k; d = 8, the hidden width
        const ModelInput input{2, 3, 0, 0};
        const MemoryEstimate a = estimateMemory(mlp, input, 32), b = estimateMemory(moe, input, 32);
        // Gate 4·8 = 32 weights, experts 4·(6·8 + 8·6) = 384; units: gate 4, experts
        // 4·(6 + 8) = 56. Weight, mask, gradient 12 B a weight; bias and gradient 8 B a unit.
        QCOMPARE(b.weights - a.weights, 12LL * 416 + 8LL * 60);
        // SGD momentum, 4 B per weight and unit.
        QCOMPARE(b.optimizer - a.optimizer, 4LL * 476);
        // Per example: forward logits + probs 8, two routings of x, pre, hidden, y
        // 2·(8 + 6 + 6 + 8) = 56, bookkeeping 2·4 = 8: 72. Backward: dprobs + dlogits 8,
        // gate dx 8, two routings of dy, dhidden, dx 2·(8 + 6 + 8) = 44, dweight 2: 62. The
        // layer's own output and gradient, 8 + 8. Batch 16.
        QCOMPARE(b.activations - a.activations, 4LL * 16 * (72 + 62 + 16));
        // Evaluation at 32 examples: 16 more columns of the forward buffers and of the output.
        QCOMPARE(b.evaluation - a.evaluation, 4LL * 16 * (72 + 8));
        QCOMPARE(b.layers.size(), a.layers.size());  // the mixture is not a prunable layer
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestMemoryEstimate)
#include "test_memory_estimate.moc"
