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

// Drives `sparselab-cli sweep` on tiny synthetic data: the run folders it keeps, the table's
// point rows against its run rows, and successive halving's rounds.
class TestSweepCli : public QObject {
    Q_OBJECT

    using Result = sl::test::ProcessResult;
    static Result run(const QStringList& args) { return sl::test::runProgram(SPARSELAB_CLI, args); }

    static QStringList tiny() {
        return {"--set", "data.name=blobs",     "--set", "data.samples=300",
                "--set", "data.classes=3",      "--set", "data.noise=1.5",
                "--set", "model.hidden=[16]",   "--set", "train.epochs=2",
                "--set", "train.batch_size=32", "--set", "sparsity.method=set",
                "--set", "sparsity.target=0.5"};
    }

    QTemporaryDir m_dir;

private slots:
    // 2 x 2 grid, 2 seeds: 8 run folders with every artefact, 4 point rows whose mean and
    // std are those of their runs' own summaries.
    void gridWithSeedsKeepsEveryRun() {
        const QString out = m_dir.filePath("grid");
        const Result r =
            run(QStringList{"sweep"} + tiny() +
                QStringList{"--set", "sparsity.delta_t=3,6", "--set",
                            "sparsity.drop_fraction=0.1,0.4", "--seeds", "2", "--out-dir", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList folders =
            QDir(out + "/runs").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(folders.size(), 8);
        for (const QString& f : folders)
            for (const char* file : {"summary.json", "metrics.csv", "events.csv", "checkpoint.h5"})
                QVERIFY2(QFileInfo(out + "/runs/" + f + "/" + file).size() > 0,
                         qPrintable(f + "/" + file));

        const QJsonObject table = readJsonFile(out + "/sweep.json");
        const QJsonArray runs = jsonArray(table, "runs"), points = jsonArray(table, "points");
        QCOMPARE(runs.size(), 8);
        QCOMPARE(points.size(), 4);
        QCOMPARE(jsonArray(table, "keys"),
                 (QJsonArray{"sparsity.delta_t", "sparsity.drop_fraction"}));
        QVERIFY(jsonArray(table, "fixed").contains("data.validation=0.1"));
        double bestMean = -1;
        int bestIndex = -1;
        for (int p = 0; p < 4; ++p) {
            const QJsonObject point = points[p].toObject();
            QCOMPARE(jsonInt(point, "seeds"), 2);
            // The point's runs, from their own summary files.
            std::vector<double> val, test;
            for (const auto& v : runs) {
                const QJsonObject run = v.toObject();
                if (jsonInt(run, "point") != jsonInt(point, "point")) continue;
                QCOMPARE(jsonObject(run, "overrides"), jsonObject(point, "overrides"));
                const QJsonObject s =
                    readJsonFile(out + "/" + jsonString(run, "folder") + "/summary.json");
                QCOMPARE(jsonNumber(s, "final_validation_accuracy"),
                         jsonNumber(run, "final_validation_accuracy"));
                QCOMPARE(jsonInteger(jsonObject(s, "config"), "seed"), jsonInteger(run, "seed"));
                QCOMPARE(jsonInt(s, "validation_examples"), 30);
                val.push_back(jsonNumber(s, "final_validation_accuracy"));
                test.push_back(jsonNumber(s, "final_test_accuracy"));
            }
            QCOMPARE(int(val.size()), 2);
            const double mean = (val[0] + val[1]) / 2;
            const double sd = std::abs(val[0] - val[1]) / std::sqrt(2.0);  // n - 1 = 1
            const QJsonObject v = jsonObject(point, "final_validation_accuracy");
            QVERIFY(std::abs(jsonNumber(v, "mean") - mean) < 1e-12);
            QVERIFY(std::abs(jsonNumber(v, "std") - sd) < 1e-12);
            QVERIFY(std::abs(jsonNumber(jsonObject(point, "final_test_accuracy"), "mean") -
                             (test[0] + test[1]) / 2) < 1e-12);
            if (mean > bestMean) {
                bestMean = mean;
                bestIndex = p;
            }
        }
        QCOMPARE(jsonInt(table, "best_point"), bestIndex);
        QVERIFY2(r.out.contains("best point by validation mean"), qPrintable(r.out));
        QVERIFY2(r.out.contains("points done 4, left 0"), qPrintable(r.out));
        // The CSV has the same 8 + 4 rows.
        QFile csv(out + "/sweep.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 13);
        int pointRows = 0;
        for (const auto& l : lines) pointRows += l.startsWith("point,");
        QCOMPARE(pointRows, 4);
    }

    // Four points, eta 2: rounds of 4, 2 and 1 points on a quarter, a half and the whole run.
    void halvingRunsShrinkingRounds() {
        const QString out = m_dir.filePath("halving");
        const Result r = run(QStringList{"sweep"} + tiny() +
                             QStringList{"--set", "sparsity.delta_t=2,4,8,16", "--search",
                                         "halving", "--eta", "2", "--out-dir", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray runs = jsonArray(readJsonFile(out + "/sweep.json"), "runs");
        QCOMPARE(runs.size(), 7);
        // 270 training examples, batch 32: 9 steps an epoch, 18 in all.
        int perRound[3] = {0, 0, 0};
        const int steps[3] = {4, 9, 18};
        for (const auto& v : runs) {
            const QJsonObject run = v.toObject();
            const int round = jsonInt(run, "round");
            QVERIFY2(round >= 0 && round < 3, qPrintable(QString::number(round)));
            ++perRound[round];
            QCOMPARE(jsonInt(run, "steps"), steps[round]);
        }
        QCOMPARE(perRound[0], 4);
        QCOMPARE(perRound[1], 2);
        QCOMPARE(perRound[2], 1);
        QVERIFY2(r.out.contains("round 1: 4 points on 4 steps"), qPrintable(r.out));
    }

    void randomSearchNeedsTrials() {
        const Result r =
            run({"sweep", "--set", "optimizer.lr=1e-3..1e-1:log", "--search", "random"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--trials"), qPrintable(r.err));
    }

    void randomSearchSamplesTheRange() {
        const QString out = m_dir.filePath("random");
        const Result r = run(QStringList{"sweep"} + tiny() +
                             QStringList{"--set", "optimizer.lr=1e-3..1e-1:log", "--search",
                                         "random", "--trials", "3", "--out-dir", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray points = jsonArray(readJsonFile(out + "/sweep.json"), "points");
        QCOMPARE(points.size(), 3);
        for (const auto& p : points) {
            const QJsonObject overrides = jsonObject(p.toObject(), "overrides");
            const double lr = jsonString(overrides, "optimizer.lr").toDouble();
            QVERIFY(lr >= 1e-3 && lr <= 1e-1);
        }
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestSweepCli)
#include "test_sweep_cli.moc"
