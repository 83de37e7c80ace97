#include "support/test_main.h"
#include "train/random_search.h"
#include "train/sweep_plan.h"
#include "train/sweep_table.h"
#include "util/error.h"

#include "support/error_message.h"

#include <QtTest>
#include <cmath>

using sl::test::expectError;

class TestSweepPlan : public QObject {
    Q_OBJECT
private slots:
    void parsesFixedAxesAndRanges() {
        const auto spec =
            sl::parseSweepSets({"sparsity.delta_t=25,50,100", "train.epochs=3",
                                "model.hidden=[10,5],[20]", "optimizer.lr=1e-3..1e-1:log"});
        QCOMPARE(spec.fixed, (std::vector<std::string>{"train.epochs=3"}));
        QCOMPARE(int(spec.axes.size()), 2);
        QCOMPARE(spec.axes[0].values, (std::vector<std::string>{"25", "50", "100"}));
        QCOMPARE(spec.axes[1].values, (std::vector<std::string>{"[10,5]", "[20]"}));
        QCOMPARE(int(spec.ranges.size()), 1);
        QCOMPARE(spec.ranges[0].lo, 1e-3);
        QCOMPARE(spec.ranges[0].hi, 1e-1);
        QVERIFY(spec.ranges[0].log);
        QVERIFY(!spec.ranges[0].integer);
    }

    void badSetsNameTheOption() {
        expectError<sl::ConfigError>([] { sl::parseSweepSets({"no.such=1,2"}); },
                                     {"no.such", "unknown key"});
        expectError<sl::ConfigError>([] { sl::parseSweepSets({"optimizer.lr=0.1..0.01"}); },
                                     {"optimizer.lr", "low end"});
        expectError<sl::ConfigError>([] { sl::parseSweepSets({"optimizer.lr=0..1:log"}); },
                                     {":log"});
        expectError<sl::ConfigError>([] { sl::parseSweepSets({"sparsity.method=a..b"}); },
                                     {"sparsity.method"});
        expectError<sl::ConfigError>(
            [] {
                sl::parseSweepSets({"sparsity.delta_t=1,2", "sparsity.delta_t=3"});
            },
            {"given twice"});
        expectError<sl::ConfigError>([] { sl::parseSweepSets({"seed=1,,2"}); }, {"empty value"});
    }

    // The first key varies slowest; every point has every swept key.
    void gridIsTheCartesianProduct() {
        const auto spec =
            sl::parseSweepSets({"sparsity.delta_t=25,100,400", "sparsity.drop_fraction=0.1,0.3"});
        const auto points = sl::gridPoints(spec);
        QCOMPARE(int(points.size()), 6);
        QCOMPARE(sl::describeOverrides(points[0].overrides),
                 std::string("sparsity.delta_t=25 sparsity.drop_fraction=0.1"));
        QCOMPARE(sl::describeOverrides(points[1].overrides),
                 std::string("sparsity.delta_t=25 sparsity.drop_fraction=0.3"));
        QCOMPARE(sl::describeOverrides(points[5].overrides),
                 std::string("sparsity.delta_t=400 sparsity.drop_fraction=0.3"));
        expectError<sl::ConfigError>(
            [] { sl::gridPoints(sl::parseSweepSets({"optimizer.lr=0.1..1"})); },
            {"--search random"});
        expectError<sl::ConfigError>(
            [] {
                sl::gridPoints(sl::parseSweepSets({"seed=1,2,3,4", "train.epochs=1,2,3"}), 10);
            },
            {"more than 10 points"});
    }

    void runsArePointMajorWithTheirOwnFolders() {
        const auto runs = sl::gridRuns(2, sl::sweepSeeds(42, 3));
        QCOMPARE(int(runs.size()), 6);
        QCOMPARE(runs[0].folder, std::string("runs/p01-seed42"));
        QCOMPARE(runs[2].folder, std::string("runs/p01-seed44"));
        QCOMPARE(runs[3].folder, std::string("runs/p02-seed42"));
        QCOMPARE(sl::runFolderName(0, 7, 1), std::string("runs/r2-p01-seed7"));
        const auto spec = sl::parseSweepSets({"train.epochs=2", "sparsity.delta_t=5,9"});
        sl::SweepRun r = runs[4];
        r.maxSteps = 30;
        QCOMPARE(sl::runAssignments(spec, sl::gridPoints(spec)[1], r),
                 (std::vector<std::string>{"train.epochs=2", "sparsity.delta_t=9", "seed=43",
                                           "train.max_steps=30"}));
    }

    // Random search: reproducible for a seed, inside the ranges, log ranges spread over the
    // decades, integer keys drawn as integers, listed keys drawn from their values.
    void randomPointsStayInRange() {
        const auto spec =
            sl::parseSweepSets({"optimizer.lr=1e-4..1e-1:log", "sparsity.delta_t=10..1000",
                                "sparsity.method=rigl,set"});
        const auto a = sl::randomPoints(spec, 200, 3);
        const auto b = sl::randomPoints(spec, 200, 3);
        QCOMPARE(int(a.size()), 200);
        int lowDecade = 0, rigl = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(sl::describeOverrides(a[i].overrides), sl::describeOverrides(b[i].overrides));
            QCOMPARE(a[i].overrides[0].first, std::string("sparsity.method"));
            rigl += a[i].overrides[0].second == "rigl";
            const double lr = std::stod(a[i].overrides[1].second);
            QVERIFY(lr >= 1e-4 && lr <= 1e-1);
            lowDecade += lr < 1e-3;
            const std::string dt = a[i].overrides[2].second;
            QVERIFY2(dt.find_first_not_of("0123456789") == std::string::npos, dt.c_str());
            QVERIFY(std::stoi(dt) >= 10 && std::stoi(dt) <= 1000);
        }
        // A third of the log range is the lowest decade: 200 draws put 67 ± 20 there (a
        // linear draw would put about 2).
        QVERIFY2(lowDecade > 40 && lowDecade < 95, qPrintable(QString::number(lowDecade)));
        QVERIFY(rigl > 60 && rigl < 140);
        QVERIFY(sl::describeOverrides(sl::randomPoints(spec, 1, 4)[0].overrides) !=
                sl::describeOverrides(a[0].overrides));
        expectError<sl::ConfigError>([&] { sl::randomPoints(spec, 0, 1); }, {"--trials"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSweepPlan)
#include "test_sweep_plan.moc"
