#include "io/checkpoint.h"
#include "nn/sparse_dense.h"
#include "support/loss_recorder.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/memory_estimate.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <hdf5.h>

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <vector>

// Checkpoints of born-sparse layers (above 2^24 weights on the sparse backend, no dense view):
// the CSR and its per-active-weight optimizer state are written and read back as they are,
// never through a rows × cols array, and a resumed run continues bit for bit.
namespace {

// 4100² = 16,810,000 weights, just above the 2^24 = 16,777,216 of kDenseViewLimit: the middle
// layer is born sparse; the 2 × 4100 and 4100 × 3 layers around it keep their dense views.
sl::RunConfig bornSparseConfig(const char* method) {
    // 99 %: 168,100 active in the middle layer
    sl::RunConfig c = sl::test::TinyRun()
                          .data("spirals", 256, 3)
                          .hidden({4100, 4100})
                          .sparse(method, 0.99f, 2)
                          .batch(32)
                          .epochs(1)
                          .seed(21);
    c.model.backend = "auto";
    c.optimizer.name = "adam";  // two state tensors per active weight: m and v
    c.optimizer.lr = 0.01f;
    c.sparsity.distribution = "uniform";
    c.sparsity.dropFraction = 0.3f;
    c.sparsity.tEnd = 100;  // past the run: updates at every even step
    c.train.maxSteps = 7;
    c.train.evalEvery = 3;
    return c;
}

using sl::test::LossRecorder;

// Raw HDF5 edits of one int32 entry, as a damaged file would have it.
void setInt32(const QString& path, const char* object, hsize_t at, std::int32_t value) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const hid_t file = H5Fopen(path.toUtf8().constData(), H5F_ACC_RDWR, H5P_DEFAULT);
    QVERIFY(file >= 0);
    const hid_t d = H5Dopen2(file, object, H5P_DEFAULT);
    QVERIFY(d >= 0);
    const hid_t space = H5Dget_space(d);
    std::vector<std::int32_t> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    QVERIFY(H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0);
    QVERIFY(at < v.size());
    v[at] = value;
    QVERIFY(H5Dwrite(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0);
    H5Sclose(space);
    H5Dclose(d);
    H5Fclose(file);
}

std::vector<std::int32_t> readInt32(const QString& path, const char* object) {
    const hid_t file = H5Fopen(path.toUtf8().constData(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t d = H5Dopen2(file, object, H5P_DEFAULT);
    const hid_t space = H5Dget_space(d);
    std::vector<std::int32_t> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
    H5Sclose(space);
    H5Dclose(d);
    H5Fclose(file);
    return v;
}

QString refusal(const QString& path) {
    try {
        sl::readCheckpoint(path.toStdString());
    } catch (const sl::CheckpointError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestBornSparseCheckpoint : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    void resumesExactly(const char* method, long long split) {
        const sl::RunConfig config = bornSparseConfig(method);
        sl::Trainer whole(config, sl::loadRunData(config));
        QVERIFY(!whole.prunableLayers()[1]->hasDenseView());
        QCOMPARE(sl::activeWeights(*whole.prunableLayers()[1]), 168100LL);
        LossRecorder wholeLosses;
        whole.run(7, &wholeLosses);
        const sl::TrainerState expected = whole.captureState();
        // The run does what the method does, so that equality below means something.
        QVERIFY(expected.layers[1].sparseOnly);
        QCOMPARE(expected.layers[1].csr.nnz(), 168100LL);
        QVERIFY(expected.layers[1].weight.size() == 0 && expected.layers[1].mask.size() == 0);
        long long moved = 0;
        for (const auto& e : expected.events)
            if (e.layer == 1) moved += e.grownUnlisted;
        if (std::string(method) == "static") QCOMPARE(moved, 0LL);
        else QVERIFY(moved > 10000);  // three updates of up to 30 % of 168,100

        const QString path = m_dir.filePath(QString("%1-%2.h5").arg(method).arg(split));
        LossRecorder before, after;
        {
            sl::Trainer first(config, sl::loadRunData(config));
            first.run(split, &before);
            sl::saveCheckpoint(first, path.toStdString());
        }
        // Stored as CSR only: no dense weight, mask or ever-active set for the middle layer.
        const sl::Checkpoint read = sl::readCheckpoint(path.toStdString());
        QVERIFY(read.state.layers[1].sparseOnly && read.state.layers[1].weight.size() == 0);
        QVERIFY(!read.state.layers[0].sparseOnly && read.state.layers[0].weight.size() == 2 * 4100);
        QCOMPARE(read.backends[1], std::string("sparse"));

        auto resumed = sl::loadCheckpoint(path.toStdString());
        QCOMPARE(resumed->step(), split);
        QVERIFY(!resumed->prunableLayers()[1]->hasDenseView());
        resumed->run(7 - split, &after);
        const std::string difference = sl::test::stateDifference(resumed->captureState(), expected);
        QVERIFY2(difference.empty(), difference.c_str());
        std::vector<double> losses = before.losses;
        losses.insert(losses.end(), after.losses.begin(), after.losses.end());
        QVERIFY(sl::test::sameBits(losses, wholeLosses.losses));
    }

private slots:
    void setResumesBitForBit() {
        resumesExactly("set", 3);  // between updates
        resumesExactly("set", 4);  // right after the update of step 4
    }
    void rigLResumesBitForBit() { resumesExactly("rigl", 4); }
    void staticResumesBitForBit() { resumesExactly("static", 3); }

    // A resume that lost a piece of the CSR's optimizer state does not continue exactly: the
    // comparison above can fail.
    void aLostMomentBreaksTheProperty() {
        const sl::RunConfig config = bornSparseConfig("set");
        sl::Trainer whole(config, sl::loadRunData(config));
        whole.run(7);
        sl::Trainer first(config, sl::loadRunData(config));
        first.run(3);
        sl::Checkpoint c = sl::captureCheckpoint(first);
        bool zeroed = false;
        for (auto& t : c.state.optimizer)
            if (t.param == "dense2/weight" && t.kind == "m") {
                QCOMPARE(t.value.rows(), Eigen::Index(168100));  // per active weight
                QCOMPARE(t.value.cols(), Eigen::Index(1));
                t.value.setZero();
                zeroed = true;
            }
        QVERIFY(zeroed);
        auto resumed = sl::resumeTrainer(c, c.config, sl::loadRunData(config));
        resumed->run(4);
        const auto resumedState = resumed->captureState();
        const auto wholeState = whole.captureState();
        QVERIFY(!sl::test::stateDifference(resumedState, wholeState).empty());
        QVERIFY(!sl::test::sameBits(resumedState.layers[1].csr.values,
                                    wholeState.layers[1].csr.values));
    }

    void damagedCsrIsRefusedNamingTheDataset() {
        const sl::RunConfig config = bornSparseConfig("set");
        const QString good = m_dir.filePath("good.h5");
        {
            sl::Trainer t(config, sl::loadRunData(config));
            t.run(2);
            sl::saveCheckpoint(t, good.toStdString());
        }
        QVERIFY(refusal(good).isEmpty());
        const auto indptr = readInt32(good, "/model/dense2/csr/indptr");
        QCOMPARE(indptr.size(), std::size_t(4101));
        QCOMPARE(indptr.back(), 168100);
        const auto indices = readInt32(good, "/model/dense2/csr/indices");
        int row = 0;  // a row with at least two entries
        while (indptr[row + 1] - indptr[row] < 2) ++row;
        const auto first = static_cast<hsize_t>(indptr[row]);

        auto damaged = [&](const char* name, const char* object, hsize_t at, std::int32_t value) {
            const QString path = m_dir.filePath(name);
            QFile::remove(path);
            if (!QFile::copy(good, path)) return QString("cannot copy the file");
            setInt32(path, object, at, value);
            return refusal(path);
        };
        QString e = damaged("column.h5", "/model/dense2/csr/indices", first, 4100);
        QVERIFY2(e.contains("/model/dense2/csr/indices") && e.contains("column 4100") &&
                     e.contains("expected 0 to 4099"),
                 qPrintable(e));
        e = damaged("negative.h5", "/model/dense2/csr/indices", first, -1);
        QVERIFY2(e.contains("/model/dense2/csr/indices") && e.contains("column -1"), qPrintable(e));
        e = damaged("unsorted.h5", "/model/dense2/csr/indices", first + 1, indices[first]);
        QVERIFY2(e.contains("/model/dense2/csr/indices") && e.contains("strictly ascending"),
                 qPrintable(e));
        e = damaged("falling.h5", "/model/dense2/csr/indptr", 7, indptr[8] + 1);
        QVERIFY2(e.contains("/model/dense2/csr/indptr") && e.contains("row 7"), qPrintable(e));
        // A last pointer beyond the stored entries: refused before the lists are allocated.
        e = damaged("long.h5", "/model/dense2/csr/indptr", 4100, 1 << 30);
        QVERIFY2(e.contains("/model/dense2/csr/indptr") || e.contains("/model/dense2/csr/indices"),
                 qPrintable(e));
        e = damaged("shape.h5", "/model/dense2/csr/indptr", 0, 1);
        QVERIFY2(e.contains("/model/dense2/csr/indptr") && e.contains("expected 0"), qPrintable(e));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestBornSparseCheckpoint)
#include "test_born_sparse_checkpoint.moc"
