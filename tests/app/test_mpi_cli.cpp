#include "support/json_field.h"
#include "support/process_runner.h"
#include "support/test_main.h"
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace sl::test;  // json_field.h's strict readers

// Drives `sparselab-cli` under mpiexec on tiny synthetic data: one rank is the plain run bit
// for bit, a 2-rank checkpoint resumes without mpirun, a distributed sweep writes the table
// one process writes.
class TestMpiCli : public QObject {
    Q_OBJECT

    using Result = sl::test::ProcessResult;
    static Result plain(const QStringList& args) {
        return sl::test::runProgram(SPARSELAB_CLI, args, 120000);
    }
    static Result ranks(int n, const QStringList& args) {
        return sl::test::runOnRanks(SPARSELAB_MPIEXEC, n, SPARSELAB_CLI, args);
    }

    static QByteArray readAll(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static QStringList tiny(const QString& method) {
        return {"--set", "data.name=blobs",      "--set", "data.samples=400",
                "--set", "data.classes=3",       "--set", "data.noise=1.5",
                "--set", "model.hidden=[24,16]", "--set", "train.epochs=2",
                "--set", "train.batch_size=32",  "--set", "sparsity.method=" + method,
                "--set", "sparsity.target=0.6",  "--set", "sparsity.delta_t=5",
                "--set", "model.backend=dense",  "--set", "threads=1"};
    }

    // One CSV line's cells; a quoted cell may hold commas ("model.hidden=[24,16]").
    static QStringList cellsOf(const QString& line) {
        QStringList cells{QString()};
        bool quoted = false;
        for (QChar c : line) {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) cells << QString();
            else cells.back() += c;
        }
        return cells;
    }

    // The table without the columns that measure time (they differ between any two runs).
    static QStringList withoutTimes(const QByteArray& csv) {
        QStringList lines = QString::fromUtf8(csv).split('\n', Qt::SkipEmptyParts);
        if (lines.isEmpty()) return {};
        const QStringList header = cellsOf(lines[0]);
        const int wall = int(header.indexOf("wall_seconds")),
                  speed = int(header.indexOf("steps_per_second"));
        QStringList out;
        for (const QString& line : lines) {
            QStringList cells = cellsOf(line);
            if (cells.size() != header.size()) return {"bad row: " + line};
            cells[speed] = "";
            cells[wall] = "";
            out << cells.join(',');
        }
        return out;
    }

    QTemporaryDir m_dir;

private slots:
    void oneRankIsThePlainRunBitForBit() {
        for (const char* name : {"rigl", "set"}) {
            const QString method = name;
            const QString a = m_dir.filePath("plain-" + method),
                          b = m_dir.filePath("np1-" + method);
            const auto outputs = [](const QString& p) {
                return QStringList{"--csv",           p + ".csv",  "--events",
                                   p + "-events.csv", "--summary", p + ".json"};
            };
            const Result r1 = plain(QStringList{"train", "--quiet"} + tiny(method) + outputs(a));
            QVERIFY2(r1.code == 0, qPrintable(r1.err));
            const Result r2 = ranks(1, QStringList{"train", "--quiet"} + tiny(method) + outputs(b));
            QVERIFY2(r2.code == 0, qPrintable(r2.err));
            QVERIFY(!readAll(a + ".csv").isEmpty());
            QCOMPARE(readAll(b + ".csv"), readAll(a + ".csv"));
            QVERIFY(readAll(a + "-events.csv").count('\n') > 5);
            QCOMPARE(readAll(b + "-events.csv"), readAll(a + "-events.csv"));
            const QJsonObject s1 = readJsonFile(a + ".json"), s2 = readJsonFile(b + ".json");
            QCOMPARE(jsonNumber(s2, "final_train_loss"), jsonNumber(s1, "final_train_loss"));
            QCOMPARE(jsonInt(jsonObject(s2, "exchange"), "ranks"), 1);
            QCOMPARE(jsonInteger(jsonObject(s2, "exchange"), "bytes_sent"), 0);
        }
    }

    // Two ranks: rank 0 alone writes; the summary reports the bytes it really sent; its
    // checkpoint of step 13 resumed by the plain program ends where the 2-rank run ended.
    void twoRankCheckpointResumesOnOne() {
        const QString dir = m_dir.filePath("ckpt");
        const Result r = ranks(2, QStringList{"train", "--quiet"} + tiny("rigl") +
                                      QStringList{"--checkpoint-dir", dir, "--checkpoint-every",
                                                  "13", "--summary", m_dir.filePath("two.json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject two = readJsonFile(m_dir.filePath("two.json"));
        const QJsonObject x = jsonObject(two, "exchange");
        QCOMPARE(jsonInt(x, "ranks"), 2);
        // Every weight and bias of the 2-24-16-3 MLP, 2·24 + 24 + 24·16 + 16 + 16·3 + 3 = 523
        // floats, allreduced every step, plus the loss and the correct count (2 doubles).
        const long long entries = 2 * 24 + 24 + 24 * 16 + 16 + 16 * 3 + 3;
        QCOMPARE(jsonNumber(x, "bytes_sent_per_step"), double(4 * entries + 16));
        QCOMPARE(jsonInteger(x, "dense_exchanges"), jsonInteger(two, "steps"));

        const Result resumed = plain({"train", "--resume", dir + "/step-00000013.h5", "--quiet",
                                      "--summary", m_dir.filePath("one.json")});
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        const QJsonObject one = readJsonFile(m_dir.filePath("one.json"));
        QCOMPARE(jsonInteger(one, "steps"), jsonInteger(two, "steps"));
        const double la = jsonNumber(one, "final_train_loss"),
                     lb = jsonNumber(two, "final_train_loss");
        QVERIFY2(std::abs(la - lb) <= 1e-4 * std::max(1.0, lb),
                 qPrintable(QString("%1 vs %2").arg(la).arg(lb)));
        QCOMPARE(jsonInteger(one, "total_grown"), jsonInteger(two, "total_grown"));
        // The checkpoint carried the 13 exchanges rank 0 measured; one process adds none.
        const QJsonObject ox = jsonObject(one, "exchange");
        QCOMPARE(jsonInt(ox, "ranks"), 1);
        QCOMPARE(jsonInt(ox, "measured_ranks"), 2);
        QCOMPARE(jsonInteger(ox, "steps"), 13);
        QCOMPARE(jsonInteger(ox, "bytes_sent"), 13 * (4 * entries + 16));
        QCOMPARE(jsonInteger(ox, "dense_exchanges"), 13);

        // Resumed on 2 ranks, the totals continue to those of the uninterrupted 2-rank run:
        // sent and received (the other rank's sums: as many bytes) alike.
        const Result again = ranks(2, {"train", "--resume", dir + "/step-00000013.h5", "--quiet",
                                       "--summary", m_dir.filePath("again.json")});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const QJsonObject ax = jsonObject(readJsonFile(m_dir.filePath("again.json")), "exchange");
        QCOMPARE(jsonInteger(ax, "steps"), jsonInteger(two, "steps"));
        QCOMPARE(jsonInteger(ax, "steps"), jsonInteger(x, "steps"));
        QCOMPARE(jsonInteger(ax, "bytes_sent"), jsonInteger(x, "bytes_sent"));
        QCOMPARE(jsonInteger(ax, "bytes_received"), jsonInteger(x, "bytes_received"));
        QCOMPARE(jsonInteger(x, "bytes_received"), jsonInteger(x, "bytes_sent"));
        QCOMPARE(jsonInteger(ax, "dense_exchanges"), jsonInteger(x, "dense_exchanges"));
        QCOMPARE(jsonInteger(ax, "sparse_exchanges"), 0);
    }

    // The sweep's runs spread over 2 ranks: the same table, row for row, as one process.
    void distributedSweepWritesTheSameTable() {
        const QStringList grid = QStringList{"sweep"} + tiny("set") +
                                 QStringList{"--set", "sparsity.drop_fraction=0.1,0.3,0.5"};
        const Result a = plain(grid + QStringList{"--out", m_dir.filePath("grid1.csv")});
        QVERIFY2(a.code == 0, qPrintable(a.err));
        const Result b = ranks(2, grid + QStringList{"--out", m_dir.filePath("grid2.csv")});
        QVERIFY2(b.code == 0, qPrintable(b.err));
        const QStringList t1 = withoutTimes(readAll(m_dir.filePath("grid1.csv")));
        QCOMPARE(t1.size(), 1 + 3 + 3);  // header, 3 runs, 3 points
        QCOMPARE(withoutTimes(readAll(m_dir.filePath("grid2.csv"))), t1);

        // Successive halving: 4 points, eta 2 — rounds of 4, 2, 1 runs.
        const QStringList halving =
            QStringList{"sweep"} + tiny("set") +
            QStringList{"--set",    "sparsity.drop_fraction=0.1,0.2,0.3,0.5",
                        "--search", "halving",
                        "--eta",    "2"};
        const Result c = plain(halving + QStringList{"--out", m_dir.filePath("halving1.csv")});
        QVERIFY2(c.code == 0, qPrintable(c.err));
        const Result d = ranks(2, halving + QStringList{"--out", m_dir.filePath("halving2.csv")});
        QVERIFY2(d.code == 0, qPrintable(d.err));
        const QStringList h1 = withoutTimes(readAll(m_dir.filePath("halving1.csv")));
        QVERIFY(h1.size() > 1 + 7);
        QCOMPARE(withoutTimes(readAll(m_dir.filePath("halving2.csv"))), h1);
    }

    void helpSaysHowToRunOnSeveralProcesses() {
        const Result r = plain({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("mpirun -np"), qPrintable(r.out));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestMpiCli)
#include "test_mpi_cli.moc"
