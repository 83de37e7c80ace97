#include "support/json_field.h"
#include "support/process_runner.h"
#include "support/test_main.h"
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace sl::test;  // json_field.h's strict readers

// Drives the real sparselab-cli binary: exit codes, messages, and the files it writes.
class TestCli : public QObject {
    Q_OBJECT

    using Result = sl::test::ProcessResult;
    static Result run(const QStringList& args) { return sl::test::runProgram(SPARSELAB_CLI, args); }

    QTemporaryDir m_dir;

private slots:
    void configPrintsTheDefaultLessonAsJson() {
        const Result r = run({"config"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = parseJsonObject(r.out.toUtf8(), "config's output");
        QCOMPARE(jsonString(jsonObject(o, "data"), "name"), QString("fashion-mnist"));
        QCOMPARE(jsonArray(jsonObject(o, "model"), "hidden"), (QJsonArray{300, 100}));
    }

    void helpOnEveryCommand() {
        for (const char* cmd : {"train", "config", "bench"}) {
            const Result r = run({cmd, "--help"});
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains("Usage"), qPrintable(cmd));
        }
    }

    void badUsageExitsWith2() {
        QCOMPARE(run({}).code, 2);
        QCOMPARE(run({"frobnicate"}).code, 2);
        QCOMPARE(run({"train", "--no-such-flag"}).code, 2);
    }

    void badConfigExitsWith2AndNamesTheKey() {
        const Result r = run({"train", "--set", "optimizer.lr=-3", "--set", "train.epochs=0"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("optimizer.lr: got -3") && r.err.contains("train.epochs: got 0"),
                 qPrintable(r.err));
    }

    void missingDataExitsWith1AndNamesTheFolder() {
        const QString folder = m_dir.filePath("no-such-folder");
        const Result r = run({"train", "--set", "data.name=idx", "--set", "data.path=" + folder});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(folder), qPrintable(r.err));
    }

    void trainWritesCsvAndSummary() {
        const QString csv = m_dir.filePath("m.csv"), summary = m_dir.filePath("s.json");
        const Result r = run({"train", "--set", "data.name=moons", "--set", "train.epochs=2",
                              "--set", "model.hidden=[16]", "--set", "sparsity.method=dense",
                              "--csv", csv, "--summary", summary});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("final test accuracy"), qPrintable(r.out));

        const QJsonObject o = readJsonFile(summary);
        QCOMPARE(jsonInt(o, "steps"), 2 * 16);  // 2000 points / 128 rounds up to 16 batches
        QVERIFY(jsonNumber(o, "final_test_accuracy") > 0.5);
        QVERIFY(jsonNumber(o, "steps_per_second") > 0);
        QCOMPARE(jsonNumber(o, "overall_sparsity"), 0.0);
        const QJsonArray layers = jsonArray(o, "layers");
        QCOMPARE(layers.size(), 2);
        QCOMPARE(jsonArray(layers[0].toObject(), "shape"), (QJsonArray{16, 2}));
        QCOMPARE(jsonInt(layers[0].toObject(), "active"), 32);

        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = c.readAll().trimmed().split('\n');
        QVERIFY(lines[0].startsWith(
            "step,epoch,lr,train_loss,train_accuracy,test_loss,test_accuracy,"));
        QVERIFY(lines.last().startsWith("32,2,"));
    }

    void sweepWritesOneRowPerValue() {
        const QString out = m_dir.filePath("sweep.csv");
        const Result r = run({"sweep", "--set", "data.name=moons", "--set", "model.hidden=[32,32]",
                              "--set", "train.epochs=3", "--set", "sparsity.method=rigl", "--set",
                              "sparsity.delta_t=4,8", "--out", out});
        QCOMPARE(r.code, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 5);  // header, two runs, two points
        // Cells are quoted where they hold commas (the fixed overrides hold [32,32]).
        auto cells = [](const QByteArray& line) {
            QList<QByteArray> parts{QByteArray()};
            bool quoted = false;
            for (char c : line) {
                if (c == '"') quoted = !quoted;
                else if (c == ',' && !quoted) parts.append(QByteArray());
                else parts.last().append(c);
            }
            return parts;
        };
        const QList<QByteArray> header = cells(lines[0]);
        const int key = header.indexOf("sparsity.delta_t"), churn = header.indexOf("total_churn"),
                  sparsity = header.indexOf("final_sparsity");
        QVERIFY(key > 0 && churn > 0 && sparsity > 0);
        QVERIFY(lines[1].startsWith("run,") && lines[2].startsWith("run,"));
        QCOMPARE(cells(lines[1])[key], QByteArray("4"));
        QCOMPARE(cells(lines[2])[key], QByteArray("8"));
        // A sweep holds out data.validation 0.1 by default: 1800 moons, 45 steps, no updates
        // after 75 % of them. ΔT 4 updates 8 times, ΔT 8 four times, so more churn.
        const long long churn4 = cells(lines[1])[churn].toLongLong();
        const long long churn8 = cells(lines[2])[churn].toLongLong();
        QVERIFY2(churn4 > churn8 && churn8 > 0, lines.join(" | ").constData());
        QVERIFY(std::abs(cells(lines[1])[sparsity].toDouble() - 0.9) < 0.01);
    }

    void sweepRejectsASweptSeedWithSeeds() {
        const Result r =
            run({"sweep", "--set", "seed=1,2", "--set", "optimizer.lr=0.1,0.2", "--seeds", "2"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--seeds") && r.err.contains("swept"), qPrintable(r.err));
    }

    void eventsCsvListsEveryMaskChange() {
        const QString events = m_dir.filePath("events.csv");
        const Result r =
            run({"train", "--set", "data.name=xor", "--set", "train.epochs=2", "--set",
                 "sparsity.method=set", "--set", "sparsity.delta_t=5", "--events", events});
        QCOMPARE(r.code, 0);
        QFile f(events);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines[0], QByteArray("step,layer,pruned,grown"));
        QVERIFY2(lines[1].split(',')[1].startsWith("dense"),
                 lines[1].constData());  // named as the window does
        QVERIFY(lines.size() > 3);
        for (int i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> cells = lines[i].split(',');
            QCOMPARE(cells[0].toInt() % 5, 0);
            QCOMPARE(cells[2], cells[3]);  // set: pruned == grown
        }
    }

    void initFromStartsANewRunAndRefusesOtherShapes() {
        const QStringList small{
            "--quiet", "--set",         "data.name=spirals", "--set", "model.hidden=[32,32]",
            "--set",   "train.epochs=2"};
        const QString dir = m_dir.filePath("init");
        Result r = run(QStringList{"train"} + small + QStringList{"--checkpoint-dir", dir});
        QCOMPARE(r.code, 0);
        const QString trained = dir + "/" + QDir(dir).entryList({"*.h5"}, QDir::Files).last();

        // Another method and length from those weights: a fresh run (its own step count).
        const QString summary = m_dir.filePath("finetune.json");
        r = run(QStringList{"train"} + small +
                QStringList{"--set", "sparsity.method=movement-score", "--set", "train.epochs=1",
                            "--init-from", trained, "--summary", summary});
        QCOMPARE(r.code, 0);
        const QJsonObject s = readJsonFile(summary);
        QCOMPARE(jsonString(s, "sparsity_method"), QString("movement-score"));
        QCOMPARE(jsonInt(s, "steps"), 16);    // 2,000 points, batch 128: one epoch
        QVERIFY(s["loss_spikes"].isArray());  // a missing key is undefined, not an array

        r = run({"train", "--quiet", "--set", "data.name=spirals", "--set", "model.hidden=[32,16]",
                 "--init-from", trained});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--init-from " + trained +
                                ": dense2 weight is (32, 32) — this config builds (16, 32)"),
                 qPrintable(r.err));
        r = run({"train", "--init-from", trained, "--resume", trained});
        QCOMPARE(r.code, 2);
    }

    void benchReportsOpenBlas() {
        const Result r = run({"bench", "--seconds", "0.3", "--threads", "1"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = parseJsonObject(r.out.toUtf8(), "bench's output");
        QVERIFY2(jsonString(jsonObject(o, "blas"), "library").contains("openblas"),
                 qPrintable(r.out));
        QCOMPARE(jsonInt(jsonObject(o, "blas"), "threads"), 1);
        QVERIFY(jsonNumber(jsonObject(o, "mlp"), "steps_per_second") > 0);
        QVERIFY(jsonNumber(jsonArray(o, "gemm")[0].toObject(), "gflops") > 0);
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
