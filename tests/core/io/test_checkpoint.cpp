#include "io/checkpoint.h"
#include "support/error_message.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <hdf5.h>
#include <nlohmann/json.hpp>

// Checkpoint files: every stored object reads back as written, and every kind of bad file is
// refused with a message that names the file, the object and what is wrong, leaving the file
// as it was and the program able to go on.
namespace {

sl::RunConfig smallRun(const char* method, const char* optimizer) {
    sl::RunConfig c = sl::test::TinyRun()
                          .data("spirals", 300)
                          .hidden({16, 8})
                          .batch(32)
                          .epochs(6)  // 60 steps
                          .sparse(method, 0.75f, 5)
                          .seed(5);
    c.optimizer.name = optimizer;
    c.optimizer.lr = std::string(optimizer) == "sgd" ? 0.05f : 0.01f;
    c.train.evalEvery = 9;
    c.train.logEvery = 4;
    return c;
}

// A trainer part-way through its run, with live changes, so every object has content.
std::unique_ptr<sl::Trainer> trainedPart(const sl::RunConfig& config, long long steps) {
    auto t = std::make_unique<sl::Trainer>(config, sl::loadRunData(config));
    t->run(steps / 2);
    t->setDeltaT(3);
    t->setLearningRate(0.02f);
    t->setDropFraction(0.25f);
    t->run(steps - steps / 2);
    return t;
}

void removeImageShape(const QString& path) {
    const hid_t f = H5Fopen(path.toUtf8().constData(), H5F_ACC_RDWR, H5P_DEFAULT);
    QVERIFY(f >= 0);
    const hid_t g = H5Gopen2(f, "/data", H5P_DEFAULT);
    QVERIFY(H5Adelete(g, "image_rows") >= 0);
    QVERIFY(H5Adelete(g, "image_cols") >= 0);
    H5Gclose(g);
    H5Fclose(f);
}

QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Edits a file with the HDF5 C API directly, as a damaged or hand-edited file would be.
struct H5Edit {
    explicit H5Edit(const QString& path) {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        file = H5Fopen(path.toUtf8().constData(), H5F_ACC_RDWR, H5P_DEFAULT);
    }
    ~H5Edit() { H5Fclose(file); }
    void remove(const char* object) const { QVERIFY(H5Ldelete(file, object, H5P_DEFAULT) >= 0); }
    void setInt(const char* object, const char* name, long long value) const {
        const hid_t a = H5Aopen_by_name(file, object, name, H5P_DEFAULT, H5P_DEFAULT);
        QVERIFY(a >= 0);
        QVERIFY(H5Awrite(a, H5T_NATIVE_LLONG, &value) >= 0);
        H5Aclose(a);
    }
    void writeText(const char* object, const std::string& text) const {
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, H5T_VARIABLE);
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t d =
            H5Dcreate2(file, object, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const char* p = text.c_str();
        QVERIFY(d >= 0 && H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p) >= 0);
        H5Dclose(d);
        H5Sclose(space);
        H5Tclose(type);
    }
    void writeFloats(const char* object, std::vector<hsize_t> dims) const {
        const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
        const hid_t d =
            H5Dcreate2(file, object, H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        QVERIFY(d >= 0);
        H5Dclose(d);
        H5Sclose(space);
    }
    void setFirstByte(const char* object, std::uint8_t value) const {
        const hid_t d = H5Dopen2(file, object, H5P_DEFAULT);
        const hid_t space = H5Dget_space(d);
        std::vector<std::uint8_t> bytes(
            static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
        QVERIFY(H5Dread(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()) >= 0);
        bytes[0] = value;
        QVERIFY(H5Dwrite(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()) >= 0);
        H5Sclose(space);
        H5Dclose(d);
    }
    hid_t file = -1;
};

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_good;  // a valid checkpoint every bad-file case starts from

    QString copyOfGood(const QString& name) {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        QFile::copy(m_good, path);
        return path;
    }

    // Loading fails with CheckpointError naming the file and `parts`, leaves the file as it
    // was, and the good checkpoint still loads afterwards: the program goes on.
    void expectRefused(const QString& path, std::initializer_list<std::string> parts) {
        const QByteArray before = contents(path);
        std::vector<std::string> all{path.toStdString()};
        all.insert(all.end(), parts.begin(), parts.end());
        for (const auto& load :
             {std::function<void()>([&] { sl::readCheckpoint(path.toStdString()); }),
              std::function<void()>([&] { sl::loadCheckpoint(path.toStdString()); })}) {
            const std::string message = sl::test::expectError<sl::CheckpointError>(load, {});
            for (const auto& part : all)
                QVERIFY2(message.find(part) != std::string::npos,
                         ("message lacks '" + part + "': " + message).c_str());
        }
        QCOMPARE(contents(path), before);
        QCOMPARE(sl::loadCheckpoint(m_good.toStdString())->step(), 30LL);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_good = m_dir.filePath("good.h5");
        auto t = trainedPart(smallRun("rigl", "sgd"), 30);
        sl::saveCheckpoint(*t, m_good.toStdString());
    }

    void roundTripKeepsEveryObject_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("optimizer");
        QTest::addColumn<int>("steps");
        QTest::newRow("dense sgd") << "dense"
                                   << "sgd" << 23;
        QTest::newRow("static sgd") << "static"
                                    << "sgd" << 23;
        QTest::newRow("magnitude adam") << "magnitude"
                                        << "adam" << 41;
        QTest::newRow("movement adam") << "movement"
                                       << "adam" << 41;
        QTest::newRow("movement-score adamw") << "movement-score"
                                              << "adamw" << 41;
        QTest::newRow("rigl sgd") << "rigl"
                                  << "sgd" << 37;
        QTest::newRow("set sgd") << "set"
                                 << "sgd" << 37;
        QTest::newRow("rigl before the first step") << "rigl"
                                                    << "sgd" << 0;
    }

    void roundTripKeepsEveryObject() {
        QFETCH(QString, method);
        QFETCH(QString, optimizer);
        QFETCH(int, steps);
        const auto config = smallRun(method.toUtf8().constData(), optimizer.toUtf8().constData());
        auto t = steps > 0 ? trainedPart(config, steps)
                           : std::make_unique<sl::Trainer>(config, sl::loadRunData(config));
        const sl::Checkpoint saved = sl::captureCheckpoint(*t);
        const QString path = m_dir.filePath("round-trip.h5");
        sl::writeCheckpoint(saved, path.toStdString());
        QCOMPARE(QDir(m_dir.path()).entryList({"*.part-*"}).size(), 0);

        const sl::Checkpoint read = sl::readCheckpoint(path.toStdString());
        QCOMPARE(read.source, path.toStdString());
        QCOMPARE(read.formatVersion, sl::kCheckpointVersion);
        QCOMPARE(read.writer, std::string("SparseLab 0.1.0"));
        QCOMPARE(sl::toJson(read.config), sl::toJson(saved.config));
        QCOMPARE(read.config.sparsity.deltaT, steps > 0 ? 3 : 5);  // the live change is kept
        QVERIFY(read.data == saved.data);
        QCOMPARE(read.data.trainExamples, 300);
        QCOMPARE(read.data.features, 2);
        QCOMPARE(read.totalSteps, 60LL);
        QVERIFY(sl::test::sameBits(read.learningRate, saved.learningRate));
        QVERIFY(sl::test::sameBits(read.targetSparsity, saved.targetSparsity));
        QVERIFY(sl::test::sameBits(read.dropFraction, saved.dropFraction));
        QVERIFY(sl::test::sameBits(read.state.seconds, saved.state.seconds));
        const std::string difference = sl::test::stateDifference(read.state, saved.state);
        QVERIFY2(difference.empty(), difference.c_str());

        // What each case is there to cover is really in the file.
        const auto& s = read.state;
        QCOMPARE(s.layers.size(), std::size_t(3));
        QCOMPARE(s.layers[0].weight.rows(), 16);
        QCOMPARE(s.step, static_cast<long long>(steps));
        QCOMPARE(s.optimizer.size(),
                 steps > 0 ? std::size_t(optimizer == "sgd" ? 6 : 12) : std::size_t(0));
        QCOMPARE(s.methodState.size(), std::size_t(method == "movement-score" ? 3 : 0));
        QCOMPARE(s.layers[0].latent, method.startsWith("movement"));
        if (steps > 0) {
            // Points with and without test figures: NaN must come back as it was.
            const auto withTest =
                std::count_if(s.history.begin(), s.history.end(),
                              [](const sl::MetricPoint& p) { return p.hasTest(); });
            QVERIFY(withTest > 0 && withTest < static_cast<long>(s.history.size()));
            QCOMPARE(s.changes.size(), std::size_t(3));
            QCOMPARE(s.changes[1].key, std::string("optimizer.lr"));
            QCOMPARE(s.batchOrder.size(), std::size_t(300));
            QVERIFY(s.running.stepsSincePoint > 0 || steps % 4 == 0);
        } else {
            QVERIFY(s.history.empty() && s.batchOrder.empty() && s.events.empty());
        }
        if (steps > 0 && (method == "rigl" || method == "set" || method == "movement")) {
            QVERIFY(!s.events.empty());
            long long grown = 0;
            for (const auto& e : s.events) grown += e.grown();
            QVERIFY(grown > 0);
        }
        if (steps > 0 && method == "rigl") QVERIFY(!s.events[0].grownScores.empty());
        if (steps > 0 && method == "set") QVERIFY(s.events[0].grownScores.empty());

        // And the loaded Trainer holds exactly that state.
        auto loaded = sl::loadCheckpoint(path.toStdString());
        const std::string loadedDifference =
            sl::test::stateDifference(loaded->captureState(), saved.state);
        QVERIFY2(loadedDifference.empty(), loadedDifference.c_str());
    }

    void cnnRoundTripKeepsTheKernels() {
        // Conv kernels are stored like Dense weights, (out_channels, in_channels * k * k), and
        // checked against the model the reader builds from the config and the image shape.
        sl::RunConfig c = smallRun("rigl", "sgd");
        c.data.name = "fashion-mnist";
        c.data.trainSubset = 160;
        c.data.testSubset = 50;
        c.model.kind = "cnn";
        c.model.convChannels = {4, 6};
        c.model.hidden = {12};
        c.sparsity.distribution = "erk";
        auto t = trainedPart(c, 12);
        const sl::Checkpoint saved = sl::captureCheckpoint(*t);
        QCOMPARE(saved.data.imageRows, 28);
        QCOMPARE(saved.data.imageCols, 28);
        const QString path = m_dir.filePath("cnn.h5");
        sl::writeCheckpoint(saved, path.toStdString());
        const sl::Checkpoint read = sl::readCheckpoint(path.toStdString());
        QVERIFY(read.data == saved.data);
        const auto& layers = read.state.layers;
        QCOMPARE(layers.size(), std::size_t(4));
        QCOMPARE(layers[0].weight.rows(), 4);
        QCOMPARE(layers[0].weight.cols(), 9);
        QCOMPARE(layers[1].weight.rows(), 6);
        QCOMPARE(layers[1].weight.cols(), 36);
        QCOMPARE(layers[2].weight.cols(), 6 * 7 * 7);
        QVERIFY(!read.state.events.empty());
        const std::string difference = sl::test::stateDifference(read.state, saved.state);
        QVERIFY2(difference.empty(), difference.c_str());
        auto loaded = sl::loadCheckpoint(path.toStdString());
        QVERIFY(sl::test::stateDifference(loaded->captureState(), saved.state).empty());

        // A conv kernel of the wrong shape is named with the config that implies it.
        const QString other = m_dir.filePath("cnn-other.h5");
        QVERIFY(QFile::copy(path, other));
        c.model.convChannels = {5, 6};
        {
            H5Edit edit(other);
            edit.remove("/config");
            edit.writeText("/config", sl::toJson(c).dump());
        }
        expectRefused(other, {"/model/dense1/weight", "shape (4, 9) — expected (5, 9)",
                              "model.conv_channels [5,6]"});

        // Without the image shape a cnn cannot be built: the reader says so instead of guessing.
        const QString noShape = m_dir.filePath("cnn-no-shape.h5");
        QVERIFY(QFile::copy(path, noShape));
        removeImageShape(noShape);
        expectRefused(noShape, {"/config", "cannot build model.kind cnn", "image"});
    }

    void filesWithoutTheImageShapeStillLoad() {
        // Files written before convolutions existed have no image_rows / image_cols: an mlp
        // run reads and resumes as before.
        const QString path = copyOfGood("no-image-shape.h5");
        removeImageShape(path);
        const sl::Checkpoint read = sl::readCheckpoint(path.toStdString());
        QCOMPARE(read.data.imageRows, 0);
        QCOMPARE(read.data.imageCols, 0);
        auto loaded = sl::loadCheckpoint(path.toStdString());
        QCOMPARE(loaded->step(), 30LL);
    }

    void missingFile() {
        const QString path = m_dir.filePath("no-such.h5");
        sl::test::expectError<sl::CheckpointError>([&] { sl::readCheckpoint(path.toStdString()); },
                                                   {path.toStdString(), "cannot open the file"});
    }

    void textFileIsNotHdf5() {
        const QString path = m_dir.filePath("notes.h5");
        writeBytes(path, "step,loss\n1,0.5\n");
        expectRefused(path, {"not an HDF5 file", "looks like text", "step,loss"});
    }

    void emptyFile() {
        const QString path = m_dir.filePath("empty.h5");
        writeBytes(path, {});
        expectRefused(path, {"empty"});
    }

    void truncatedCopies() {
        const QByteArray whole = contents(m_good);
        QVERIFY(whole.size() > 20000);
        for (const qsizetype length :
             {qsizetype(4096), whole.size() / 2, whole.size() * 9 / 10, whole.size() - 1}) {
            const QString path = m_dir.filePath(QString("truncated-%1.h5").arg(length));
            writeBytes(path, whole.left(length));
            expectRefused(path, {"truncated", "it has " + std::to_string(length) + " bytes",
                                 "superblock says " + std::to_string(whole.size())});
        }
        // Cut inside the HDF5 signature: nothing says it was ever HDF5.
        const QString tiny = m_dir.filePath("truncated-tiny.h5");
        writeBytes(tiny, whole.left(6));
        expectRefused(tiny, {"not an HDF5 file"});
    }

    void datasetDeleted() {
        const QString path = copyOfGood("no-mask.h5");
        H5Edit(path).remove("/model/dense2/mask");
        expectRefused(path, {"/model/dense2/mask", "missing"});

        const QString noOrder = copyOfGood("no-order.h5");
        H5Edit(noOrder).remove("/trainer/batch_order");
        expectRefused(noOrder, {"/trainer/batch_order", "missing"});

        const QString noMomentum = copyOfGood("no-momentum.h5");
        H5Edit(noMomentum).remove("/optimizer/dense3/bias/momentum");
        expectRefused(noMomentum, {"/optimizer/dense3/bias/momentum", "missing"});
    }

    void attributeDeleted() {
        const QString path = copyOfGood("no-step.h5");
        {
            H5Edit edit(path);
            QVERIFY(H5Adelete(edit.file, "step") < 0);  // attributes live on their object
            const hid_t g = H5Gopen2(edit.file, "/trainer", H5P_DEFAULT);
            QVERIFY(H5Adelete(g, "step") >= 0);
            H5Gclose(g);
        }
        expectRefused(path, {"/trainer", "attribute 'step' is missing"});
    }

    void newerFormatVersion() {
        const QString path = copyOfGood("newer.h5");
        H5Edit(path).setInt("/", "format_version", sl::kCheckpointVersion + 1);
        const std::string newer = std::to_string(sl::kCheckpointVersion + 1);
        const std::string known = std::to_string(sl::kCheckpointVersion);
        expectRefused(path, {"/", "written by a newer SparseLab (format version " + newer +
                                      ", this build reads up to " + known + ")"});
    }

    void notASparseLabFile() {
        const QString path = m_dir.filePath("other.h5");
        const hid_t f =
            H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        H5Fclose(f);
        expectRefused(path, {"/", "attribute 'format' is missing", "not a SparseLab checkpoint"});
    }

    void shapesDisagreeWithTheConfig() {
        const QString path = copyOfGood("other-config.h5");
        auto config = smallRun("rigl", "sgd");
        config.model.hidden = {12, 8};
        {
            H5Edit edit(path);
            edit.remove("/config");
            edit.writeText("/config", sl::toJson(config).dump());
        }
        expectRefused(path, {"/model/dense1/weight", "shape (16, 2) — expected (12, 2)",
                             "model.hidden [12,8]", "prunable layers 12x2, 8x12, 2x8"});

        const QString extra = copyOfGood("extra-layer.h5");
        config.model.hidden = {16};
        {
            H5Edit edit(extra);
            edit.remove("/config");
            edit.writeText("/config", sl::toJson(config).dump());
        }
        expectRefused(extra, {"/model/dense3", "not a layer of the model"});
    }

    void wrongTypeOrValues() {
        const QString path = copyOfGood("float-mask.h5");
        {
            H5Edit edit(path);
            edit.remove("/model/dense1/mask");
            edit.writeFloats("/model/dense1/mask", {16, 2});
        }
        expectRefused(path, {"/model/dense1/mask", "holds float32 — expected uint8"});

        const QString two = copyOfGood("mask-two.h5");
        H5Edit(two).setFirstByte("/model/dense1/mask", 2);
        expectRefused(two, {"/model/dense1/mask", "holds 2 at flat index 0 — expected 0 or 1"});

        const QString badConfig = copyOfGood("bad-config.h5");
        {
            H5Edit edit(badConfig);
            edit.remove("/config");
            edit.writeText("/config", R"({"optimizer": {"lr": -1}})");
        }
        expectRefused(badConfig, {"/config", "not a valid run config", "optimizer.lr: got -1"});
    }

    void resumeMayChangeOnlyTheRunLength() {
        const sl::Checkpoint c = sl::readCheckpoint(m_good.toStdString());
        auto longer = c.config;
        longer.train.epochs = 9;
        auto t = sl::resumeTrainer(c, longer, sl::loadRunData(longer));
        QCOMPARE(t->totalSteps(), 90LL);
        QCOMPARE(t->step(), 30LL);

        auto other = c.config;
        other.sparsity.dropFraction = 0.5f;
        sl::test::expectError<sl::ConfigError>(
            [&] { sl::resumeTrainer(c, other, sl::loadRunData(other)); },
            {m_good.toStdString(), "sparsity.drop_fraction is 0.25 in the checkpoint, 0.5 asked",
             "only train.epochs and train.max_steps may change"});
    }

    void resumeRefusesOtherData() {
        const sl::Checkpoint c = sl::readCheckpoint(m_good.toStdString());
        auto moreData = c.config;
        moreData.data.samples = 400;
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::resumeTrainer(c, c.config, sl::loadRunData(moreData)); },
            {m_good.toStdString(), "/data", "300 training", "400 training", "the data changed"});
    }

    // Live changes are saved inside the config, so they keep to the config's limits: a
    // checkpoint must never hold a config that fails to read back.
    void liveChangesKeepTheConfigValid() {
        auto config = smallRun("rigl", "sgd");
        config.lrSchedule.minLr = 0.01f;
        sl::Trainer t(config, sl::loadRunData(config));
        sl::test::expectError<sl::ConfigError>([&] { t.setLearningRate(1e-9f); }, {"optimizer.lr"});
        sl::test::expectError<sl::ConfigError>([&] { t.setLearningRate(0.005f); },
                                               {"optimizer.lr", "lr_schedule.min_lr"});
        sl::test::expectError<sl::ConfigError>([&] { t.setDeltaT(2000000000); },
                                               {"sparsity.delta_t"});
        t.setLearningRate(0.02f);
        t.run(3);
        const QString path = m_dir.filePath("live.h5");
        sl::saveCheckpoint(t, path.toStdString());
        QCOMPARE(sl::readCheckpoint(path.toStdString()).config.optimizer.lr, 0.02f);
        QCOMPARE(t.parameterChanges().size(), std::size_t(1));
    }

    void failedSaveLeavesThePreviousFileAndNoTemporary() {
        auto t = trainedPart(smallRun("set", "sgd"), 10);
        const QString path = copyOfGood("kept.h5");
        const QByteArray before = contents(path);
        const QString folderInTheWay =
            m_dir.filePath("kept.h5.part-" + QString::number(QCoreApplication::applicationPid()));
        QVERIFY(QDir().mkpath(folderInTheWay + "/x"));  // the temporary cannot be created
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::saveCheckpoint(*t, path.toStdString()); },
            {path.toStdString(), "cannot create"});
        QCOMPARE(contents(path), before);
        QVERIFY(QDir(folderInTheWay).removeRecursively());

        sl::saveCheckpoint(*t, path.toStdString());  // now it works, and replaces the file
        QCOMPARE(sl::readCheckpoint(path.toStdString()).state.step, 10LL);
        QCOMPARE(QDir(m_dir.path()).entryList({"*.part-*"}).size(), 0);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
