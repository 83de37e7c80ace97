#include "io/checkpoint.h"
#include "support/process_runner.h"
#include "support/test_main.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

// `sparselab-cli prune` in a real process: a pruned checkpoint that inspect, eval and
// train --resume accept, masks that stay fixed when training goes on, an input file left
// byte for byte as it was, and every kind of bad argument refused with exit 2 or 1.
namespace {

using Result = sl::test::ProcessResult;

Result runPrune(const QStringList& args) { return sl::test::runProgram(SPARSELAB_CLI, args); }

QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The last checkpoint `train --checkpoint-dir` wrote in `folder`.
QString lastCheckpoint(const QString& folder) {
    const QStringList files = QDir(folder).entryList({"*.h5"}, QDir::Files, QDir::Name);
    return files.isEmpty() ? QString() : QDir(folder).filePath(files.last());
}

}  // namespace

class TestPruneCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // A dense MLP on spirals: 2000 points, batch 128, 16 steps an epoch, 64 in all.
        const Result r =
            runPrune({"train", "--quiet", "--set", "data.name=spirals", "--set",
                      "model.hidden=[32,32]", "--set", "train.epochs=4", "--set",
                      "sparsity.method=dense", "--checkpoint-dir", m_dir.filePath("run")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        m_trained = lastCheckpoint(m_dir.filePath("run"));
        QVERIFY(!m_trained.isEmpty());
    }

    void prunedCheckpointLoadsAndKeepsItsMasks() {
        const QByteArray before = contents(m_trained);
        const QString out = m_dir.filePath("pruned.h5");
        const Result r = runPrune({"prune", "--method", "sparsegpt", "--sparsity", "0.5",
                                   "--calibration", "256", m_trained, "-o", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("dense3"));
        QVERIFY(r.out.contains("test accuracy"));
        QCOMPARE(contents(m_trained), before);  // the input is never touched

        const sl::Checkpoint c = sl::readCheckpoint(out.toStdString());
        QCOMPARE(c.config.sparsity.method, std::string("static"));
        QCOMPARE(c.state.layers.size(), std::size_t(3));
        for (const auto& layer : c.state.layers) {
            const long long prune = std::llround(0.5 * layer.mask.cols());
            for (int row = 0; row < layer.mask.rows(); ++row)
                QCOMPARE(layer.mask.cols() - static_cast<long long>(layer.mask.row(row).sum()),
                         prune);
            QCOMPARE(layer.weight.cwiseProduct(layer.mask), layer.weight);
        }
        QCOMPARE(runPrune({"inspect", out}).code, 0);
        const Result eval = runPrune({"eval", out});
        QCOMPARE(eval.code, 0);
        QVERIFY(eval.out.contains("test accuracy"));

        // Fine-tuning from the pruned file: the masks must not change.
        const QString more = m_dir.filePath("more");
        const Result resumed = runPrune({"train", "--quiet", "--resume", out, "--set",
                                         "train.epochs=6", "--checkpoint-dir", more});
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        const sl::Checkpoint after = sl::readCheckpoint(lastCheckpoint(more).toStdString());
        QVERIFY(after.state.step > c.state.step);
        for (std::size_t l = 0; l < c.state.layers.size(); ++l) {
            QCOMPARE(after.state.layers[l].mask, c.state.layers[l].mask);
            const auto& w = after.state.layers[l].weight;
            QCOMPARE(w.cwiseProduct(c.state.layers[l].mask), w);
        }
    }

    void magnitudeAndWandaRunToo() {
        for (const char* method : {"magnitude", "wanda"}) {
            const QString out = m_dir.filePath(QString(method) + ".h5");
            const Result r = runPrune({"prune", "--method", method, "--sparsity", "0.7", m_trained,
                                       "-o", out, "--calibration", "100"});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QVERIFY(QFile::exists(out));
        }
    }

    void badArgumentsAreRefused_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        const QString in = "IN", out = "OUT";
        QTest::newRow("sparsity 1.5") << QStringList{"--sparsity", "1.5", in, "-o", out} << 2;
        QTest::newRow("sparsity 0") << QStringList{"--sparsity", "0", in, "-o", out} << 2;
        QTest::newRow("nm 4:2") << QStringList{"--nm", "4:2", in, "-o", out} << 2;
        QTest::newRow("nm text") << QStringList{"--nm", "two", in, "-o", out} << 2;
        // The first layer has 2 inputs: no whole group of 4.
        QTest::newRow("nm on fan-in 2") << QStringList{"--nm", "2:4", in, "-o", out} << 2;
        QTest::newRow("sparsity vs nm")
            << QStringList{"--nm", "1:4", "--sparsity", "0.5", in, "-o", out} << 2;
        QTest::newRow("calibration 0") << QStringList{"--calibration", "0", in, "-o", out} << 2;
        QTest::newRow("calibration too many")
            << QStringList{"--calibration", "1000000", in, "-o", out} << 2;
        QTest::newRow("method") << QStringList{"--method", "obs", in, "-o", out} << 2;
        QTest::newRow("output is input") << QStringList{in, "-o", in} << 2;
        QTest::newRow("no output") << QStringList{in} << 2;
        QTest::newRow("missing file") << QStringList{"MISSING", "-o", out} << 1;
        QTest::newRow("corrupt file") << QStringList{"CORRUPT", "-o", out} << 1;
    }

    void badArgumentsAreRefused() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        const QString out = m_dir.filePath("bad-out.h5");
        const QString corrupt = m_dir.filePath("corrupt.h5");
        QFile f(corrupt);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        for (QString& a : args) {
            if (a == "IN") a = m_trained;
            if (a == "OUT") a = out;
            if (a == "MISSING") a = m_dir.filePath("missing.h5");
            if (a == "CORRUPT") a = corrupt;
        }
        const QByteArray before = contents(m_trained);
        const Result r = runPrune(QStringList{"prune"} + args);
        QVERIFY2(r.code == code, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY(!r.err.trimmed().isEmpty());
        QVERIFY(!QFile::exists(out));
        QCOMPARE(contents(m_trained), before);
    }

private:
    QTemporaryDir m_dir;
    QString m_trained;
};

SPARSELAB_TEST_GUILESS_MAIN(TestPruneCli)
#include "test_prune_cli.moc"
