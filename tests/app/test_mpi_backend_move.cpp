#include "support/json_field.h"
#include "support/process_runner.h"
#include "support/test_main.h"
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

// Magnitude pruning (GMP) on 2 ranks with model.backend auto: every layer moves to the sparse
// backend in the middle of the run, when the schedule takes it past the break-even, so the
// gradient every rank exchanges changes from rows × cols entries to the active ones between
// two steps. The run must make the same mask decisions as the dense backend on 2 ranks and
// end where the one-process run ends.
using namespace sl::test;  // json_field.h's strict readers

class TestMpiBackendMove : public QObject {
    Q_OBJECT

    using Result = sl::test::ProcessResult;
    QTemporaryDir m_dir;

    static QStringList config(const QString& backend) {
        // 400 blobs, batch 32: 13 steps an epoch, 52 in all; the sparsity rises linearly from
        // step 5 to 40, one mask update every 5 steps.
        return {"train", "--quiet",
                "--set", "data.name=blobs",
                "--set", "data.samples=400",
                "--set", "data.classes=3",
                "--set", "data.noise=1.5",
                "--set", "model.hidden=[24,16]",
                "--set", "train.epochs=4",
                "--set", "train.batch_size=32",
                "--set", "sparsity.method=magnitude",
                "--set", "sparsity.target=0.9",
                "--set", "sparsity.schedule=linear",
                "--set", "sparsity.start_step=5",
                "--set", "sparsity.end_step=40",
                "--set", "sparsity.delta_t=5",
                "--set", "threads=1",
                "--set", "model.backend=" + backend};
    }
    static Result ranks(int n, const QStringList& args) {
        return sl::test::runOnRanks(SPARSELAB_MPIEXEC, n, SPARSELAB_CLI, args);
    }
    static QByteArray readAll(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static QStringList backendsOf(const QJsonObject& summary) {
        QStringList out;
        for (const QJsonValue& layer : jsonArray(summary, "layers"))
            out << jsonString(layer.toObject(), "backend");
        return out;
    }
    QStringList outputs(const QString& name) const {
        return {"--summary", m_dir.filePath(name + ".json"), "--events",
                m_dir.filePath(name + "-events.csv")};
    }

private slots:
    void gmpMovesToSparseMidRunOnTwoRanks() {
        const Result dense = ranks(2, config("dense") + outputs("dense"));
        QVERIFY2(dense.code == 0, qPrintable(dense.err));
        const Result moved = ranks(2, config("auto") + outputs("auto"));
        QVERIFY2(moved.code == 0, qPrintable(moved.err));
        const Result plain = sl::test::runProgram(SPARSELAB_CLI, config("auto") + outputs("plain"));
        QVERIFY2(plain.code == 0, qPrintable(plain.err));

        const QJsonObject d = readJsonFile(m_dir.filePath("dense.json")),
                          a = readJsonFile(m_dir.filePath("auto.json")),
                          p = readJsonFile(m_dir.filePath("plain.json"));
        QCOMPARE(backendsOf(d), QStringList({"dense", "dense", "dense"}));
        QCOMPARE(backendsOf(a), QStringList({"sparse", "sparse", "sparse"}));

        // The same mask decisions: 12 updates (steps 10 to 40, dense2 first, all three layers
        // from step 35), identical on both backends and on one process.
        const QByteArray events = readAll(m_dir.filePath("dense-events.csv"));
        QCOMPARE(events.count('\n'), 1 + 12);
        QCOMPARE(readAll(m_dir.filePath("auto-events.csv")), events);
        QCOMPARE(readAll(m_dir.filePath("plain-events.csv")), events);

        // The same training: the two backends sum the same products in different orders.
        const double ld = jsonNumber(d, "final_train_loss"), la = jsonNumber(a, "final_train_loss"),
                     lp = jsonNumber(p, "final_train_loss");
        QVERIFY2(ld > 0 && std::abs(la - ld) <= 1e-6 * ld,
                 qPrintable(QString("%1 vs %2").arg(la).arg(ld)));
        QVERIFY2(std::abs(la - lp) <= 1e-6 * lp, qPrintable(QString("%1 vs %2").arg(la).arg(lp)));

        // Dense: all 523 weights and biases of the 2-24-16-3 MLP plus 2 doubles, every one of
        // the 52 steps. Moved: fewer from the move on, and never more than dense in one step.
        const QJsonObject dx = jsonObject(d, "exchange"), ax = jsonObject(a, "exchange");
        const long long entries = 2 * 24 + 24 + 24 * 16 + 16 + 16 * 3 + 3;
        QCOMPARE(jsonInteger(dx, "steps"), 52);
        QCOMPARE(jsonInteger(ax, "steps"), 52);
        QCOMPARE(jsonInteger(dx, "bytes_sent"), 52 * (4 * entries + 16));
        const long long sent = jsonInteger(ax, "bytes_sent");
        QVERIFY2(sent > 0 && sent < 52 * (4 * entries + 16), qPrintable(QString::number(sent)));
        // The first mask update is at step 10: until then (9 steps) the layers are dense, and
        // GMP moves no layer before it reaches the break-even.
        QVERIFY2(sent > 9 * (4 * entries + 16), qPrintable(QString::number(sent)));
        QCOMPARE(jsonInteger(ax, "bytes_received"), sent);
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestMpiBackendMove)
#include "test_mpi_backend_move.moc"
