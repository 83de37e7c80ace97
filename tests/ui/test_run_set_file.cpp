// Run set files (#17): kept runs with their histories survive a write and a read unchanged,
// and a file that is not a run set, of another version, or with a wrong entry is refused with
// a message naming the file, the run and the entry.

#include "run_set_file.h"
#include "support/test_main.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace sl::ui;

namespace {

SnapshotPtr smallRunSnapshot(long long step) {
    auto s = std::make_shared<RunSnapshot>();
    s->step = step;
    s->totalSteps = 100;
    s->epoch = 2;
    s->stepsPerEpoch = 50;
    s->method = "rigl";
    s->config.sparsity.method = "rigl";
    s->config.data.name = "moons";
    for (long long i = 1; i <= step; ++i) {
        sl::MetricPoint p;
        p.step = i;
        p.epoch = int((i - 1) / 50) + 1;
        p.trainLoss = 1.0 / double(i);
        p.trainAccuracy = 0.5 + 0.004 * double(i);
        if (i % 50 == 0) p.testAccuracy = 0.8;  // NaN elsewhere: no evaluation there
        p.dropFraction = 0.3;
        s->history.push_back(p);
    }
    s->maskUpdates = {{10, 0, 4, 4}, {20, 1, 2, 2}};
    s->parameterChanges = {{30, "sparsity.delta_t", 10, 5}};
    s->lossSpikes = {{20, 3.5, 0.7, 2, 0.3, 0.05}};
    s->scheduleSteps = {0, 50, 100};
    s->scheduleTarget = {0.9, 0.9, 0.9};
    s->scheduleDropFraction = {0.3, 0.15, 0.0};
    LayerSnapshot l;
    l.name = "dense1";
    l.kind = "dense";
    l.rows = 8;
    l.cols = 2;
    l.parameters = 16;
    l.active = 4;
    l.sparsity = 0.75;
    s->layers = {l};
    return s;
}

RunRecord kept(int id, const QString& name, long long step) {
    RunRecord r;
    r.id = id;
    r.name = name;
    r.color = QColor("#d55e00");
    r.visible = id % 2 == 0;
    r.snapshot = smallRunSnapshot(step);
    return r;
}

QString errorOf(const QByteArray& text) {
    try {
        run_set::fromJson(text, "class.json");
    } catch (const RunSetError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestRunSetFile : public QObject {
    Q_OBJECT
private slots:
    void roundTripKeepsHistories() {
        RunRecord live;
        live.live = true;
        live.snapshot = smallRunSnapshot(7);
        const RunList runs{live, kept(1, "rigl 90% ΔT=10 @60", 60),
                           kept(2, "static 90% @100", 100)};
        QTemporaryDir dir;
        const QString path = dir.filePath("class.json");
        run_set::write(runs, path);
        const RunList back = run_set::read(path);
        QCOMPARE(back.size(), std::size_t(2));  // the live run is not part of a set
        for (std::size_t i = 0; i < 2; ++i) {
            const RunRecord& a = runs[i + 1];
            const RunRecord& b = back[i];
            QCOMPARE(b.name, a.name);
            QCOMPARE(b.color, a.color);
            QCOMPARE(b.visible, a.visible);
            QVERIFY(!b.live);
            QCOMPARE(b.snapshot->step, a.snapshot->step);
            QCOMPARE(b.snapshot->history.size(), a.snapshot->history.size());
            for (std::size_t p = 0; p < a.snapshot->history.size(); ++p) {
                const auto& x = a.snapshot->history[p];
                const auto& y = b.snapshot->history[p];
                QCOMPARE(y.step, x.step);
                QCOMPARE(y.trainLoss, x.trainLoss);
                QCOMPARE(y.hasTest(), x.hasTest());
                if (x.hasTest()) QCOMPARE(y.testAccuracy, x.testAccuracy);
            }
            QCOMPARE(b.snapshot->maskUpdates.size(), std::size_t(2));
            QCOMPARE(b.snapshot->maskUpdates[1].pruned, 2);
            QCOMPARE(b.snapshot->parameterChanges[0].key, std::string("sparsity.delta_t"));
            QCOMPARE(b.snapshot->lossSpikes[0].loss, 3.5);
            QCOMPARE(b.snapshot->scheduleDropFraction[1], 0.15);
            QCOMPARE(b.snapshot->layers[0].name, QStringLiteral("dense1"));
            QCOMPARE(b.snapshot->layers[0].active, 4LL);
            QCOMPARE(b.snapshot->config.data.name, std::string("moons"));
        }
    }

    void badFilesAreNamed() {
        QVERIFY(errorOf("{").startsWith("class.json: not JSON"));
        QVERIFY(errorOf(R"({"format": "something else"})").contains("not a SparseLab run set"));
        const QString version =
            errorOf(R"({"format": "sparselab-run-set", "version": 9, "runs": []})");
        QVERIFY2(version.contains("version 9") && version.contains("1 to 1"), qPrintable(version));
        // One good run, then a second whose history rows are short.
        nlohmann::json doc =
            nlohmann::json::parse(run_set::toJson({kept(1, "a", 10)}).toStdString());
        doc["runs"].push_back(doc["runs"][0]);
        doc["runs"][1]["history"][3] = {1, 2, 3};
        const QString rows = errorOf(QByteArray::fromStdString(doc.dump()));
        QVERIFY2(rows.startsWith("class.json: run 2: history entry 3: expected 15 values"),
                 qPrintable(rows));
        doc["runs"][1] = doc["runs"][0];
        doc["runs"][1]["color"] = "not a colour";
        QVERIFY(
            errorOf(QByteArray::fromStdString(doc.dump())).startsWith("class.json: run 2: color"));
        doc["runs"][1] = doc["runs"][0];
        doc["runs"][1]["config"]["sparsity"]["method"] = "no-such-method";
        const QString config = errorOf(QByteArray::fromStdString(doc.dump()));
        QVERIFY2(config.startsWith("class.json: run 2: config: ") &&
                     config.contains("sparsity.method"),
                 qPrintable(config));
        doc["runs"][1] = doc["runs"][0];
        doc["runs"][1].erase("step");
        QCOMPARE(errorOf(QByteArray::fromStdString(doc.dump())),
                 QStringLiteral("class.json: run 2: missing \"step\""));
        try {
            run_set::read("/nonexistent/runs.json");
            QFAIL("read a file that does not exist");
        } catch (const RunSetError& e) {
            QCOMPARE(QString::fromUtf8(e.what()),
                     QStringLiteral("/nonexistent/runs.json: no such file"));
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestRunSetFile)
#include "test_run_set_file.moc"
