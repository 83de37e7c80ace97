#include "io/checkpoint.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <hdf5.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

// Checkpoints built or damaged as a hostile or broken file would be: every one is refused
// with a CheckpointError naming the file and the object, before anything large is allocated,
// and a save that fails for a full disk says so, keeps the previous file and leaves no HDF5
// handle behind to crash the process at exit.
namespace {

sl::RunConfig hardeningRun() {
    return sl::test::TinyRun()
        .data("spirals", 300)
        .hidden({16, 8})
        .batch(32)
        .epochs(2)
        .sparse("set", 0.5f, 5)
        .seed(5);
}

QByteArray hardeningFileContents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Raw HDF5 edits, as a damaged or hand-made file would have them.
struct Edit {
    explicit Edit(const QString& path) {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        file = H5Fopen(path.toUtf8().constData(), H5F_ACC_RDWR, H5P_DEFAULT);
    }
    ~Edit() { H5Fclose(file); }
    // Replaces an attribute by an array of n values of `type`.
    void arrayAttribute(const char* object, const char* name, hid_t type, const void* values,
                        hsize_t n) const {
        H5Adelete_by_name(file, object, name, H5P_DEFAULT);
        const hid_t space = H5Screate_simple(1, &n, nullptr);
        const hid_t a = H5Acreate_by_name(file, object, name, type, space, H5P_DEFAULT, H5P_DEFAULT,
                                          H5P_DEFAULT);
        QVERIFY(a >= 0 && H5Awrite(a, type, values) >= 0);
        H5Aclose(a);
        H5Sclose(space);
    }
    // Deleted and created again: HDF5 1.10 cannot H5Awrite some attributes in place.
    void intAttribute(const char* object, const char* name, long long v) const {
        QVERIFY(H5Adelete_by_name(file, object, name, H5P_DEFAULT) >= 0);
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t a = H5Acreate_by_name(file, object, name, H5T_STD_I64LE, space, H5P_DEFAULT,
                                          H5P_DEFAULT, H5P_DEFAULT);
        QVERIFY(a >= 0 && H5Awrite(a, H5T_NATIVE_LLONG, &v) >= 0);
        H5Aclose(a);
        H5Sclose(space);
    }
    void text(const char* object, const std::string& value) const {
        H5Ldelete(file, object, H5P_DEFAULT);
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, H5T_VARIABLE);
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t d =
            H5Dcreate2(file, object, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const char* p = value.c_str();
        QVERIFY(d >= 0 && H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p) >= 0);
        H5Dclose(d);
        H5Sclose(space);
        H5Tclose(type);
    }
    // A dataset that claims `n` int64 values and stores none (contiguous, allocated late).
    void emptyClaim(const char* object, hsize_t n) const {
        H5Ldelete(file, object, H5P_DEFAULT);
        const hid_t space = H5Screate_simple(1, &n, nullptr);
        const hid_t d =
            H5Dcreate2(file, object, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        QVERIFY(d >= 0);
        H5Dclose(d);
        H5Sclose(space);
    }
    void firstFloat(const char* object, float value) const {
        const hid_t d = H5Dopen2(file, object, H5P_DEFAULT);
        const hid_t space = H5Dget_space(d);
        std::vector<float> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
        QVERIFY(H5Dread(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0);
        v[0] = value;
        QVERIFY(H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0);
        H5Sclose(space);
        H5Dclose(d);
    }
    void remove(const char* object) const { QVERIFY(H5Ldelete(file, object, H5P_DEFAULT) >= 0); }
    void attributeRemoved(const char* object, const char* name) const {
        QVERIFY(H5Adelete_by_name(file, object, name, H5P_DEFAULT) >= 0);
    }
    // A float32 dataset of shape (rows, cols), zeros.
    void floats(const char* object, hsize_t rows, hsize_t cols) const {
        H5Ldelete(file, object, H5P_DEFAULT);
        const hsize_t dims[2] = {rows, cols};
        const hid_t space = H5Screate_simple(2, dims, nullptr);
        const hid_t d =
            H5Dcreate2(file, object, H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const std::vector<float> zeros(rows * cols, 0.0f);
        QVERIFY(d >= 0 &&
                H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data()) >= 0);
        H5Dclose(d);
        H5Sclose(space);
    }
    hid_t file = -1;
};

// A mixture of experts (3 experts of 6 hidden units, top 2) on the 2-D spirals.
sl::RunConfig moeRun() {
    sl::RunConfig c = hardeningRun();
    c.model.kind = "moe";
    c.model.hidden = {8};
    c.model.experts = 3;
    c.model.expertHidden = 6;
    c.model.topK = 2;
    return c;
}

// A lottery round as LotteryDriver leaves it: a dense config whose layers carry imposed
// masks (every other weight) and the optimizer's 'masked' flag.
void imposeTicket(sl::Trainer& t) {
    std::vector<sl::Tensor> masks;
    for (const auto* layer : t.prunableLayers()) {
        sl::Tensor m = sl::Tensor::Zero(layer->weight.rows(), layer->weight.cols());
        for (Eigen::Index i = 0; i < m.size(); i += 2) m.data()[i] = 1.0f;
        masks.push_back(m);
    }
    t.setMasks(masks);
}

}  // namespace

class TestCheckpointHardening : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_good;

    QString copyOfGood(const QString& name) {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        QFile::copy(m_good, path);
        return path;
    }

    // Refused by readCheckpoint with exactly this message after "<file>: ".
    void expectMessage(const QString& path, const std::string& rest) {
        const std::string m = sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path.toStdString()); }, {});
        QCOMPARE(QString::fromStdString(m), path + ": " + QString::fromStdString(rest));
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_good = m_dir.filePath("good.h5");
        sl::Trainer t(hardeningRun(), sl::loadRunData(hardeningRun()));
        t.run(12);
        sl::saveCheckpoint(t, m_good.toStdString());
    }

    void attributeStoredAsAnArray() {
        const QString ints = copyOfGood("array-int.h5");
        const long long steps[3] = {1, 2, 3};
        Edit(ints).arrayAttribute("/trainer", "step", H5T_NATIVE_LLONG, steps, 3);
        expectMessage(ints, "/trainer: attribute 'step' holds 3 values (shape (3,)) — expected a "
                            "single value");

        const QString texts = copyOfGood("array-text.h5");
        {
            const hid_t type = H5Tcopy(H5T_C_S1);
            H5Tset_size(type, H5T_VARIABLE);
            const char* names[2] = {"sparselab-checkpoint", "x"};
            Edit(texts).arrayAttribute("/", "format", type, names, 2);
            H5Tclose(type);
        }
        expectMessage(texts, "/: attribute 'format' holds 2 values (shape (2,)) — expected a "
                             "single value");

        const QString reals = copyOfGood("array-real.h5");
        const double lr[4] = {0.1, 0.2, 0.3, 0.4};
        Edit(reals).arrayAttribute("/trainer", "learning_rate", H5T_NATIVE_DOUBLE, lr, 4);
        expectMessage(reals, "/trainer: attribute 'learning_rate' holds 4 values (shape (4,)) — "
                             "expected a single value");
    }

    void deepStoredConfig() {
        const QString path = copyOfGood("deep-config.h5");
        Edit(path).text("/config", std::string(100000, '[') + std::string(100000, ']'));
        const std::string m = sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint(path.toStdString()); }, {});
        QVERIFY2(m.starts_with(path.toStdString() + ": /config: stored config: [0][0][0]"),
                 m.c_str());
        QVERIFY2(m.find("[0]… (192 bytes): nested") != std::string::npos, m.c_str());
        QVERIFY2(
            m.ends_with("nested deeper than 64 levels of objects and lists (a config needs 3)"),
            m.c_str());
        QVERIFY2(m.size() < 400, m.c_str());
    }

    void imageSizeOverflow() {
        const QString path = copyOfGood("image-overflow.h5");
        {
            Edit e(path);
            e.intAttribute("/data", "image_rows", 65536);
            e.intAttribute("/data", "image_cols", 65536);
        }
        expectMessage(path, "/data: attributes image_rows x image_cols are 65536 x 65536 = "
                            "4294967296 pixels — expected both 0 (no image) or a product that "
                            "divides features (2)");
    }

    void configClaimingMoreWeightsThanTheFileHolds() {
        const QString path = copyOfGood("huge-model.h5");
        auto config = hardeningRun();
        config.model.hidden = {65536, 65536};
        Edit(path).text("/config", sl::toJson(config).dump());
        const auto size = QFileInfo(path).size();
        // 2*65536 + 65536*65536 + 65536*2 weights, 6 bytes each.
        expectMessage(path, "/config: model.hidden needs at least 4295229440 weights (25771376640 "
                            "bytes stored) on the data's 2 features and 2 classes, but the whole "
                            "file has " +
                                std::to_string(size) + " bytes — the file is damaged");
    }

    void datasetClaimingMoreThanItStores() {
        const QString path = copyOfGood("claim.h5");
        Edit(path).emptyClaim("/metrics/step", hsize_t{1} << 40);
        expectMessage(path, "/metrics/step: claims 1099511627776 values (8796093022208 bytes) but "
                            "the file stores 0 bytes for it — the file is damaged");
    }

    void nonFiniteWeightsNameTheObject() {
        const QString nan = copyOfGood("nan.h5");
        Edit(nan).firstFloat("/model/dense2/weight", std::nanf(""));
        const std::string tail = " — expected finite numbers (saved from a diverged run, or the "
                                 "file is damaged); it cannot be resumed";
        expectMessage(nan, "/model/dense2/weight: holds NaN at flat index 0" + tail);
        // loadCheckpoint must say the same, not "training diverged ... lower optimizer.lr".
        sl::test::expectError<sl::CheckpointError>([&] { sl::loadCheckpoint(nan.toStdString()); },
                                                   {"/model/dense2/weight: holds NaN"});

        const QString inf = copyOfGood("inf.h5");
        Edit(inf).firstFloat("/optimizer/dense1/weight/momentum", INFINITY);
        expectMessage(inf, "/optimizer/dense1/weight/momentum: holds an infinite value at flat "
                           "index 0" +
                               tail);
    }

    void methodAttributeDisagreesWithTheConfig() {
        const QString path = copyOfGood("method.h5");
        {
            const hid_t type = H5Tcopy(H5T_C_S1);
            H5Tset_size(type, H5T_VARIABLE);
            const char* name = "rigl";
            Edit e(path);
            H5Adelete_by_name(e.file, "/sparsity", "method", H5P_DEFAULT);
            const hid_t space = H5Screate(H5S_SCALAR);
            const hid_t a = H5Acreate_by_name(e.file, "/sparsity", "method", type, space,
                                              H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            QVERIFY(a >= 0 && H5Awrite(a, type, &name) >= 0);
            H5Aclose(a);
            H5Sclose(space);
            H5Tclose(type);
        }
        expectMessage(path, "/sparsity: attribute 'method' is 'rigl' but /config says "
                            "sparsity.method 'set' — the file was edited or damaged");
    }

    void givenConfigThatDiffersIsNamed() {
        const sl::Checkpoint c = sl::readCheckpoint(m_good.toStdString());
        auto other = c.config;
        other.seed = 6;
        const std::string m = sl::test::expectError<sl::ConfigError>(
            [&] { sl::resumeTrainer(c, other, sl::loadRunData(other)); }, {});
        QCOMPARE(m, m_good.toStdString() + ": seed is 5 in the checkpoint, 6 asked — a resumed "
                                           "run keeps its config; only train.epochs and "
                                           "train.max_steps may change");
    }

    // Same counts and labels, one pixel changed: the stored content hash names the images.
    void resumeNamesChangedImages() {
        const sl::Checkpoint c = sl::readCheckpoint(m_good.toStdString());
        QVERIFY(c.data.trainImagesCrc32 != 0 && c.data.testImagesCrc32 != 0);
        auto data = sl::loadRunData(c.config);
        QCOMPARE(sl::describeData(data), c.data);
        data.test.x(0, 0) += 0.5f;
        const auto now = sl::describeData(data);
        const std::string m = sl::test::expectError<sl::CheckpointError>(
            [&] { sl::resumeTrainer(c, c.config, data); }, {});
        QVERIFY2(m.ends_with("— the data changed since the save (test images CRC-32 " +
                             std::to_string(c.data.testImagesCrc32) + " then, " +
                             std::to_string(now.testImagesCrc32) + " now)"),
                 m.c_str());
    }

    void fifoAndDeviceAreRefused() {
        const QString fifo = m_dir.filePath("pipe.h5");
        QCOMPARE(::mkfifo(fifo.toUtf8().constData(), 0600), 0);
        expectMessage(fifo,
                      "is a FIFO (named pipe), not a regular file — expected a checkpoint file");
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::readCheckpoint("/dev/zero"); },
            {"/dev/zero: is a character device, not a regular file — expected a checkpoint file"});
    }

    // The mixture's gate and experts live in /params: a wrong shape, a missing or an extra
    // tensor, or a NaN is named with the object.
    void damagedMixtureOfExperts() {
        const QString good = m_dir.filePath("moe.h5");
        {
            sl::Trainer t(moeRun(), sl::loadRunData(moeRun()));
            t.run(4);
            sl::saveCheckpoint(t, good.toStdString());
        }
        QCOMPARE(sl::readCheckpoint(good.toStdString()).otherParams.size(), std::size_t(14));
        auto copy = [&](const char* name) {
            const QString path = m_dir.filePath(name);
            QFile::remove(path);
            QFile::copy(good, path);
            return path;
        };
        const std::string model =
            "(the config's model.kind moe with model.hidden [8], model.experts 3, "
            "model.expert_hidden 6, model.top_k 2 on the data's 2 features and 2 classes: "
            "prunable layers 8x2, 2x8)";

        const QString shape = copy("moe-shape.h5");
        Edit(shape).floats("/params/moe1/gate_weight", 2, 2);
        expectMessage(shape, "/params/moe1/gate_weight: shape (2, 2) — expected (3, 8) " + model);

        const QString missing = copy("moe-missing.h5");
        Edit(missing).remove("/params/moe1/expert3_out_bias");
        expectMessage(missing, "/params/moe1/expert3_out_bias: missing (the file is damaged or "
                               "not a complete checkpoint)");

        const QString extra = copy("moe-extra.h5");
        Edit(extra).floats("/params/moe1/expert4_in_weight", 6, 8);
        expectMessage(extra, "/params/moe1/expert4_in_weight: not expected " + model);

        const QString nan = copy("moe-nan.h5");
        Edit(nan).firstFloat("/params/moe1/expert2_in_weight", std::nanf(""));
        expectMessage(nan, "/params/moe1/expert2_in_weight: holds NaN at flat index 0 — expected "
                           "finite numbers (saved from a diverged run, or the file is damaged); "
                           "it cannot be resumed");
    }

    // A lottery round's 'masked' flags: out of range, or missing on one layer only (which
    // would resume that layer dense, its pruned weights free to grow back).
    void damagedLotteryTicket() {
        const QString good = m_dir.filePath("lottery.h5");
        sl::RunConfig c = hardeningRun();
        c.sparsity.method = "dense";
        {
            sl::Trainer t(c, sl::loadRunData(c));
            t.run(2);
            imposeTicket(t);
            t.run(2);
            sl::saveCheckpoint(t, good.toStdString());
        }
        QCOMPARE(sl::readCheckpoint(good.toStdString()).masked,
                 (std::vector<std::uint8_t>{1, 1, 1}));
        auto copy = [&](const char* name) {
            const QString path = m_dir.filePath(name);
            QFile::remove(path);
            QFile::copy(good, path);
            return path;
        };
        const QString two = copy("lottery-two.h5");
        Edit(two).intAttribute("/model/dense2", "masked", 2);
        expectMessage(two, "/model/dense2: attribute 'masked' is 2 — expected 0 to 1");

        const QString partial = copy("lottery-partial.h5");
        Edit(partial).attributeRemoved("/model/dense3", "masked");
        expectMessage(partial, "/model/dense3: attribute 'masked' is missing, though 2 of the 3 "
                               "layers have it — the file is damaged");
    }

    // The temporary beside the target is made a link to /dev/full, so every write fails with
    // ENOSPC as on a full disk. Done in a child process, whose clean exit shows that no HDF5
    // handle was left for the library to close (and crash on) at exit.
    void diskFullDuringSave() {
        const QString path = copyOfGood("full.h5");
        const QByteArray before = hardeningFileContents(path);
        const pid_t child = ::fork();
        if (child == 0) {
            const std::string temp = path.toStdString() + ".part-" + std::to_string(::getpid());
            if (::symlink("/dev/full", temp.c_str()) != 0) ::_exit(10);
            sl::Trainer t(hardeningRun(), sl::loadRunData(hardeningRun()));
            t.run(3);
            try {
                sl::saveCheckpoint(t, path.toStdString());
                ::_exit(11);
            } catch (const sl::CheckpointError& e) {
                const std::string m = e.what();
                const std::string expected = path.toStdString() +
                                             ": No space left on device — writing " + temp +
                                             " stopped after 0 of ";
                if (m.rfind(expected, 0) != 0) {
                    std::fprintf(stderr, "unexpected message: %s\n", e.what());
                    ::_exit(12);
                }
                if (QFileInfo::exists(QString::fromStdString(temp))) ::_exit(13);
            }
            std::exit(0);  // runs HDF5's atexit shutdown, where a leaked handle would crash
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY2(WIFEXITED(status), "the child died of a signal");
        QCOMPARE(WEXITSTATUS(status), 0);
        QCOMPARE(hardeningFileContents(path), before);
        QCOMPARE(sl::readCheckpoint(path.toStdString()).state.step, 12LL);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestCheckpointHardening)
#include "test_checkpoint_hardening.moc"
