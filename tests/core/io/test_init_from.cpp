#include "io/checkpoint.h"
#include "io/init_from.h"
#include "nn/sparse_dense.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>

// Fine-tuning: a new run from a checkpoint's weights (`train --init-from`).
namespace {

// TinyRun's 1,000 spirals in batches of 50: 20 steps an epoch.
sl::RunConfig spirals(const char* method, double target, int epochs) {
    return sl::test::TinyRun()
        .hidden({64, 64})
        .epochs(epochs)
        .sparse(method, static_cast<float>(target), 10)
        .seed(3);
}

// Trains `config` to its end and saves it; returns the file.
QString trained(const QTemporaryDir& dir, const sl::RunConfig& config, const char* name) {
    sl::Trainer t(config, sl::loadRunData(config));
    t.runToEnd();
    const QString path = dir.filePath(name);
    sl::saveCheckpoint(t, path.toStdString());
    return path;
}

// 4200² = 17,640,000 weights, above kDenseViewLimit (2^24): the middle layer is born sparse
// (CSR only, no dense view); the 2 × 4200 and 4200 × 3 layers around it keep theirs, and ERK
// leaves them dense (so a new run's masks keep all of their weights).
sl::RunConfig bornSparse(const char* method, float target) {
    sl::RunConfig c = sl::test::TinyRun()
                          .data("spirals", 256, 3)
                          .hidden({4200, 4200})
                          .sparse(method, target, 2)
                          .batch(32)
                          .epochs(1)
                          .seed(21);
    c.model.backend = "sparse";
    c.sparsity.distribution = "erk";
    c.train.maxSteps = 4;
    return c;
}

}  // namespace

class TestInitFrom : public QObject {
    Q_OBJECT

private slots:
    void copiesWeightsBitForBit() {
        QTemporaryDir dir;
        const QString path = trained(dir, spirals("dense", 0.0, 2), "dense.h5");
        const sl::Checkpoint saved = sl::readCheckpoint(path.toStdString());

        // Another method, seed, rate and length: only the layer shapes must agree.
        auto c = spirals("dense", 0.0, 1);
        c.seed = 99;
        c.optimizer.lr = 0.01f;
        const auto t = sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
        QCOMPARE(t->step(), 0LL);
        QVERIFY(t->history().empty());
        const auto layers = t->prunableLayers();
        QCOMPARE(layers.size(), saved.state.layers.size());
        for (std::size_t l = 0; l < layers.size(); ++l) {
            QVERIFY(sl::test::sameBits(layers[l]->weight, saved.state.layers[l].weight));
            QVERIFY(sl::test::sameBits(layers[l]->bias, saved.state.layers[l].bias));
        }
        // The trained model's accuracy comes with it, before any step.
        sl::Trainer scratch(c, sl::loadRunData(c));
        QVERIFY(t->evaluateTest().accuracy > scratch.evaluateTest().accuracy + 0.1);
    }

    void keepsASparseCheckpointsMasksForDense() {
        QTemporaryDir dir;
        const QString path = trained(dir, spirals("rigl", 0.8, 2), "rigl.h5");
        const sl::Checkpoint saved = sl::readCheckpoint(path.toStdString());
        auto c = spirals("dense", 0.0, 1);
        auto t = sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
        for (std::size_t l = 0; l < saved.state.layers.size(); ++l) {
            QCOMPARE(t->prunableLayers()[l]->mask, saved.state.layers[l].mask);
            QVERIFY(
                sl::test::sameBits(t->prunableLayers()[l]->weight, saved.state.layers[l].weight));
        }
        t->runToEnd();
        for (std::size_t l = 0; l < saved.state.layers.size(); ++l) {
            const auto& d = *t->prunableLayers()[l];
            QCOMPARE(d.mask, saved.state.layers[l].mask);
            QCOMPARE(((d.mask.array() == 0.0f) && (d.weight.array() != 0.0f)).count(), 0);
        }
    }

    void magnitudeFineTuningPrunesTheTrainedWeights() {
        // Constant schedule: the first masks keep the largest trained weights of each layer.
        QTemporaryDir dir;
        const QString path = trained(dir, spirals("dense", 0.0, 2), "dense.h5");
        const sl::Checkpoint saved = sl::readCheckpoint(path.toStdString());
        auto c = spirals("magnitude", 0.9, 1);
        c.sparsity.distribution = "uniform";
        c.sparsity.schedule = "one-shot";
        c.sparsity.startStep = 0;
        auto t = sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
        const sl::PrunableLayer& d = *t->prunableLayers()[1];
        const sl::Tensor& w = saved.state.layers[1].weight;
        float smallestKept = 1e30f, largestDropped = 0.0f;
        for (Eigen::Index i = 0; i < w.size(); ++i) {
            if (d.mask.data()[i] != 0.0f)
                smallestKept = std::min(smallestKept, std::abs(w.data()[i]));
            else largestDropped = std::max(largestDropped, std::abs(w.data()[i]));
        }
        QCOMPARE((d.mask.array() != 0.0f).count(), 410);  // 10 % of 64 x 64
        QVERIFY(smallestKept >= largestDropped);
    }

    void refusesAShapeMismatchNamingTheLayer() {
        QTemporaryDir dir;
        const QString path = trained(dir, spirals("dense", 0.0, 1), "dense.h5");
        auto c = spirals("movement", 0.9, 1);
        c.model.hidden = {64, 32};
        try {
            sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
            QFAIL("accepted a checkpoint of other shapes");
        } catch (const sl::ShapeError& e) {
            QCOMPARE(QString(e.what()),
                     path + ": dense2 weight is (64, 64) — this config builds (32, 64)");
        }
        c.model.hidden = {64};
        try {
            sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
            QFAIL("accepted a checkpoint of another depth");
        } catch (const sl::ShapeError& e) {
            QCOMPARE(QString(e.what()), path + ": 3 prunable layers — this config builds 2");
        }
    }

    void aFineTuningRunResumesExactly() {
        QTemporaryDir dir;
        const QString path = trained(dir, spirals("dense", 0.0, 2), "dense.h5");
        auto c = spirals("movement-score", 0.9, 3);
        c.sparsity.schedule = "cubic";
        const auto whole = sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
        whole->runToEnd();

        const auto first = sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
        first->run(25);  // between two mask updates, mid-epoch
        const std::string middle = dir.filePath("middle.h5").toStdString();
        sl::saveCheckpoint(*first, middle);
        const auto resumed = sl::loadCheckpoint(middle);
        QCOMPARE(resumed->step(), 25LL);
        resumed->runToEnd();
        const auto a = whole->captureState();
        const auto b = resumed->captureState();
        const std::string difference = sl::test::stateDifference(a, b);
        QVERIFY2(difference.empty(), difference.c_str());
        QVERIFY(!whole->maskEvents().empty());
    }

    // A CSR-only (born-sparse) checkpoint starts a run of the same shapes from its CSR: no
    // shape error, no rows × cols array, the structure and values bit for bit.
    void startsABornSparseLayerFromItsCsr() {
        QTemporaryDir dir;
        const QString path = trained(dir, bornSparse("set", 0.99f), "giant.h5");
        const sl::Checkpoint saved = sl::readCheckpoint(path.toStdString());
        QVERIFY(saved.state.layers[1].sparseOnly);
        const sl::CsrMatrix& stored = saved.state.layers[1].csr;
        sl::Trainer scratch(bornSparse("static", 0.99f),
                            sl::loadRunData(bornSparse("static", 0.99f)));
        QCOMPARE(stored.nnz(), sl::activeWeights(*scratch.prunableLayers()[1]));
        QVERIFY(stored.nnz() > 100000 && stored.nnz() < 176400);  // ERK: under 1 % of 4200²

        // The same seed (spirals draws its data from it); SET moved the checkpoint's structure
        // at steps 2 and 4, so the structure static draws at step 0 is not the stored one.
        auto c = bornSparse("static", 0.99f);
        const auto t = sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
        sl::PrunableLayer& giant = *t->prunableLayers()[1];
        QVERIFY(!giant.hasDenseView());
        QCOMPARE(giant.weight.size(), Eigen::Index(0));
        const sl::CsrMatrix& now = sl::sparseWeightsOf(giant)->matrix();
        QVERIFY(sl::sparseWeightsOf(*scratch.prunableLayers()[1])->matrix().colIdx !=
                stored.colIdx);
        QCOMPARE(now.rowPtr, stored.rowPtr);
        QCOMPARE(now.colIdx, stored.colIdx);
        QVERIFY(sl::test::sameBits(now.values, stored.values));
        QVERIFY(sl::test::sameBits(giant.bias, saved.state.layers[1].bias));
        for (std::size_t l : {std::size_t(0), std::size_t(2)}) {
            const auto& s = saved.state.layers[l];
            QVERIFY(sl::test::sameBits(t->prunableLayers()[l]->bias, s.bias));
        }
        // The layers around it are dense under ERK, so the whole trained model comes along.
        const auto loaded = sl::loadCheckpoint(path.toStdString());
        QCOMPARE(t->evaluateTest().loss, loaded->evaluateTest().loss);
        QVERIFY(t->evaluateTest().loss != scratch.evaluateTest().loss);
        // It trains, and static keeps the checkpoint's structure.
        t->runToEnd();
        QCOMPARE(t->step(), 4LL);
        QVERIFY(!sl::test::sameBits(sl::sparseWeightsOf(*t->prunableLayers()[1])->matrix().values,
                                    stored.values));
        QCOMPARE(sl::sparseWeightsOf(*t->prunableLayers()[1])->matrix().colIdx, stored.colIdx);
    }

    void refusesABornSparseCheckpointOfAnotherActiveCount() {
        QTemporaryDir dir;
        const QString path = trained(dir, bornSparse("set", 0.99f), "giant.h5");
        auto c = bornSparse("static", 0.995f);
        const long long holds = sl::readCheckpoint(path.toStdString()).state.layers[1].csr.nnz();
        sl::Trainer other(c, sl::loadRunData(c));
        const long long keeps = sl::activeWeights(*other.prunableLayers()[1]);
        QVERIFY(keeps < holds);
        try {
            sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
            QFAIL("accepted a checkpoint of more active weights than the config keeps");
        } catch (const sl::ConfigError& e) {
            QCOMPARE(QString(e.what()),
                     path + QString(": dense2 holds %1 active weights — this config keeps %2 (set "
                                    "sparsity.target and sparsity.distribution as the checkpoint's "
                                    "run had them)")
                                .arg(holds)
                                .arg(keeps));
        }
        c.model.hidden = {4200, 4100};
        QVERIFY_THROWS_EXCEPTION(
            sl::ShapeError, sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c)));
    }

    // The same checkpoint into a config that gives the layer a dense view (dense method, dense
    // backend): the CSR is spread into it and its pattern kept as the mask.
    void spreadsACsrOnlyLayerIntoADenseView() {
        QTemporaryDir dir;
        const QString path = trained(dir, bornSparse("set", 0.99f), "giant.h5");
        const sl::Checkpoint saved = sl::readCheckpoint(path.toStdString());
        auto c = bornSparse("dense", 0.0f);
        c.model.backend = "dense";
        const auto t = sl::trainerFromCheckpoint(path.toStdString(), c, sl::loadRunData(c));
        const sl::PrunableLayer& d = *t->prunableLayers()[1];
        QVERIFY(d.hasDenseView());
        const sl::CsrMatrix& stored = saved.state.layers[1].csr;
        QCOMPARE((d.mask.array() != 0.0f).count(), Eigen::Index(stored.nnz()));
        for (int r : {0, 1234, 4199})
            for (std::int32_t k = stored.rowPtr[r]; k < stored.rowPtr[r + 1]; ++k) {
                QCOMPARE(d.mask(r, stored.colIdx[k]), 1.0f);
                QCOMPARE(d.weight(r, stored.colIdx[k]), stored.values(k, 0));
            }
        QCOMPARE(((d.mask.array() == 0.0f) && (d.weight.array() != 0.0f)).count(), Eigen::Index(0));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestInitFrom)
#include "test_init_from.moc"
