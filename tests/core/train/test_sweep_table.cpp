#include "support/test_main.h"
#include "train/sweep_table.h"
#include "util/error.h"

#include "support/error_message.h"

#include <QtTest>
#include <cmath>

using sl::test::expectError;

namespace {

sl::SweepRunRow row(int point, std::uint64_t seed, const std::string& dt, double val, double test) {
    sl::SweepRunRow r;
    r.point = point;
    r.seed = seed;
    r.overrides = {{"sparsity.delta_t", dt}};
    r.finalValidation = val;
    r.bestValidation = val + 0.01;
    r.finalTest = test;
    r.bestTest = test;
    r.wallSeconds = 2.0;
    r.steps = 100;
    r.sparsity = 0.9;
    r.folder = "runs/p0" + std::to_string(point + 1) + "-seed" + std::to_string(seed);
    return r;
}

}  // namespace

class TestSweepTable : public QObject {
    Q_OBJECT
private slots:
    void meanAndSampleStd() {
        const auto m = sl::meanStd({0.80, 0.82, 0.84});
        QCOMPARE(m.n, 3);
        QVERIFY(std::abs(m.mean - 0.82) < 1e-12);
        QVERIFY(std::abs(m.std - 0.02) < 1e-12);  // sqrt((0.0004 + 0 + 0.0004) / 2)
        const auto one = sl::meanStd({0.5, NAN});
        QCOMPARE(one.n, 1);
        QCOMPARE(one.mean, 0.5);
        QCOMPARE(one.std, 0.0);
        QVERIFY(std::isnan(sl::meanStd({}).mean));
    }

    // ΔT 25 leads by 0.03 with a spread of 0.01: a real lead. Then a point within the spread.
    void pointsAndVerdict() {
        sl::SweepTable t;
        t.keys = {"sparsity.delta_t"};
        t.runs = {row(0, 1, "25", 0.85, 0.84), row(0, 2, "25", 0.87, 0.86),
                  row(1, 1, "100", 0.82, 0.80), row(1, 2, "100", 0.84, 0.83)};
        sl::summarize(t);
        QCOMPARE(int(t.points.size()), 2);
        QCOMPARE(t.points[0].seeds, 2);
        QVERIFY(std::abs(t.points[0].finalValidation.mean - 0.86) < 1e-12);
        QVERIFY(std::abs(t.points[0].finalValidation.std - std::sqrt(0.0002)) < 1e-12);
        QVERIFY(std::abs(t.points[1].finalTest.mean - 0.815) < 1e-12);
        QCOMPARE(t.verdict.best, 0);
        QCOMPARE(t.verdict.runnerUp, 1);
        QVERIFY(std::abs(t.verdict.gap - 0.03) < 1e-12);
        QVERIFY(t.verdict.clear);
        QVERIFY(sl::verdictText(t.points, t.verdict).find("a real lead") != std::string::npos);

        t.runs.push_back(row(2, 1, "50", 0.88, 0.80));
        t.runs.push_back(row(2, 2, "50", 0.85, 0.80));
        sl::summarize(t);
        QCOMPARE(t.verdict.best, 2);
        QCOMPARE(t.verdict.runnerUp, 0);
        QVERIFY(!t.verdict.clear);  // 0.005 ahead, spread 0.021
        QVERIFY(sl::verdictText(t.points, t.verdict).find("not told apart") != std::string::npos);
    }

    // The test set never chooses: without validation figures there is no best point.
    void noValidationNoBest() {
        sl::SweepTable t;
        t.keys = {"sparsity.delta_t"};
        t.runs = {row(0, 1, "25", NAN, 0.9), row(1, 1, "50", NAN, 0.8)};
        sl::summarize(t);
        QCOMPARE(t.verdict.best, -1);
        QVERIFY(sl::verdictText(t.points, t.verdict).find("test set is not used") !=
                std::string::npos);
    }

    void csvHasARowPerRunAndPerPoint() {
        sl::SweepTable t;
        t.keys = {"sparsity.delta_t"};
        t.fixed = {"train.epochs=3", "data.validation=0.1"};
        t.runs = {row(0, 1, "25", 0.85, 0.84), row(0, 2, "25", 0.87, 0.86)};
        sl::summarize(t);
        const QStringList lines = QString::fromStdString(sl::sweepCsv(t)).trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith(
            "row,round,point,seed,sparsity.delta_t,fixed,final_validation_accuracy,"));
        QCOMPARE(
            lines[1],
            QString(
                "run,1,1,1,25,train.epochs=3;data.validation=0.1,0.85,,0.86,,0.84,,0.84,,2,100,0.9,,,,runs/p01-seed1,"));
        QVERIFY2(lines[3].startsWith(
                     "point,1,1,2,25,train.epochs=3;data.validation=0.1,0.86,0.0141421,"),
                 qPrintable(lines[3]));
        QVERIFY(lines[3].endsWith(",1"));  // the best point is marked
    }

    void jsonRoundTrips() {
        sl::SweepTable t;
        t.keys = {"sparsity.delta_t"};
        t.fixed = {"train.epochs=3"};
        t.search = "halving";
        t.runs = {row(0, 1, "25", 0.85, 0.84), row(1, 1, "100", 0.82, 0.80)};
        t.runs[1].round = 1;
        sl::summarize(t);
        const auto back = sl::sweepTableFromJson(sl::toJson(t), "mem");
        QCOMPARE(back.search, std::string("halving"));
        QCOMPARE(int(back.runs.size()), 2);
        QCOMPARE(back.runs[1].round, 1);
        QCOMPARE(back.runs[1].folder, t.runs[1].folder);
        QCOMPARE(back.runs[0].finalValidation, 0.85);
        QCOMPARE(back.verdict.best, t.verdict.best);
        QCOMPARE(sl::sweepCsv(back), sl::sweepCsv(t));
        expectError<sl::DataError>(
            [] { sl::sweepTableFromJson(nlohmann::json::object(), "x.json"); },
            {"x.json", "sparselab-sweep"});
        auto bad = sl::toJson(t);
        bad["runs"][0].erase("seed");
        expectError<sl::DataError>([&] { sl::sweepTableFromJson(bad, "y.json"); }, {"y.json"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSweepTable)
#include "test_sweep_table.moc"
