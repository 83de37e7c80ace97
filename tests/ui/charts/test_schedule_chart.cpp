#include "charts/schedule_chart.h"
#include "support/chart_test_data.h"
#include "support/test_main.h"

#include <QtTest>
#include <cmath>

using namespace sl;
using namespace sl::ui;

class TestScheduleChart : public QObject {
    Q_OBJECT
private slots:
    void interpolatesActualSparsity() {
        MetricHistory history(2);
        history[0].step = 100;
        history[0].sparsity = 0.5;
        history[1].step = 200;
        history[1].sparsity = 0.7;
        const MetricSeries series(history);
        QCOMPARE(ScheduleChart::sparsityAt(series, 150), 60.0);
        QCOMPARE(ScheduleChart::sparsityAt(series, 50), 50.0);
        QCOMPARE(ScheduleChart::sparsityAt(series, 900), 70.0);
    }

    void drawsPlanActualAlphaAndUpdates() {
        ScheduleChart chart;
        chart.resize(700, 450);
        const auto snap = testdata::makeRun();
        chart.setRuns({testdata::record(0, "rigl", snap, true)});
        QLineSeries* target = chart.targetSeries()[0];
        // 470 planned samples fit in 700 px: the planned curve is drawn whole, dashed.
        QCOMPARE(target->count(), int(snap->scheduleSteps.size()));
        QCOMPARE(target->at(0), QPointF(0, 90.0));
        QCOMPARE(target->pen().style(), Qt::DashLine);
        QLineSeries* drop = chart.dropFractionSeries()[0];
        QCOMPARE(drop->at(0).y(), 0.3);
        QCOMPARE(drop->at(drop->count() - 1).y(), 0.0);
        QLineSeries* actual = chart.actualSeries()[0];
        QVERIFY(actual->count() <= chart.width());
        QCOMPARE(actual->pen().style(), Qt::SolidLine);
        QCOMPARE(chart.updateSeries()[0]->count(), int(testdata::updateSteps({}).size()));
        QCOMPARE(chart.updateSeries()[0]->at(0).x(), 100.0);
    }

    void methodsWithoutDropFractionShowNone() {
        auto snap = std::make_shared<RunSnapshot>(*testdata::makeRun());
        snap->method = "gmp";
        std::fill(snap->scheduleDropFraction.begin(), snap->scheduleDropFraction.end(), 0.0);
        snap->maskUpdates.clear();
        ScheduleChart chart;
        chart.resize(700, 450);
        chart.setRuns({testdata::record(0, "gmp", snap, true)});
        QCOMPARE(chart.dropFractionSeries()[0]->count(), 0);
        QCOMPARE(chart.updateSeries()[0]->count(), 0);
        QVERIFY(chart.targetSeries()[0]->count() > 0);
    }

    // l1 / l0: NaN targets everywhere, the measured sparsity named "emergent sparsity", no
    // target curve and no drop fraction, dots at the mask refreshes.
    void emergentSparsityShowsTheMeasuredCurveOnly() {
        auto snap = std::make_shared<RunSnapshot>(*testdata::makeRun());
        snap->method = "l1";
        snap->emergentSparsity = true;
        std::fill(snap->scheduleTarget.begin(), snap->scheduleTarget.end(), std::nan(""));
        std::fill(snap->scheduleDropFraction.begin(), snap->scheduleDropFraction.end(), 0.0);
        testdata::editHistory(*snap, [](MetricPoint& p) { p.targetSparsity = std::nan(""); });
        ScheduleChart chart;
        chart.resize(700, 450);
        chart.setRuns({testdata::record(0, "l1", snap, true)});
        QCOMPARE(chart.targetSeries()[0]->count(), 0);
        QCOMPARE(chart.dropFractionSeries()[0]->count(), 0);
        QLineSeries* actual = chart.actualSeries()[0];
        QCOMPARE(actual->name(), QString("emergent sparsity"));
        QVERIFY(actual->count() > 0);
        QCOMPARE(actual->at(actual->count() - 1).y(), 100.0 * snap->history.back().sparsity);
        for (int i = 0; i < actual->count(); ++i) QVERIFY(std::isfinite(actual->at(i).y()));
        QCOMPARE(chart.updateSeries()[0]->count(), int(testdata::updateSteps({}).size()));
        QVERIFY(chart.chart()->title().startsWith("Emergent sparsity"));

        // A scheduled run beside it brings the schedule title back; its plan is still drawn.
        chart.setRuns({testdata::record(0, "l1", snap, false),
                       testdata::record(1, "rigl", testdata::makeRun(), true)});
        QCOMPARE(chart.targetSeries()[0]->count(), 0);
        QVERIFY(chart.targetSeries()[1]->count() > 0);
        QCOMPARE(chart.chart()->title(), QString("Sparsity schedule"));
    }

    // A method that is not emergent but returns a NaN target somewhere draws no NaN point.
    void nanTargetsAreSkipped() {
        auto snap = std::make_shared<RunSnapshot>(*testdata::makeRun());
        snap->scheduleTarget[3] = std::nan("");
        ScheduleChart chart;
        chart.resize(700, 450);
        chart.setRuns({testdata::record(0, "rigl", snap, true)});
        QCOMPARE(chart.targetSeries()[0]->count(), int(snap->scheduleSteps.size()) - 1);
    }
};

SPARSELAB_TEST_MAIN(TestScheduleChart)
#include "test_schedule_chart.moc"
