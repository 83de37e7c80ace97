#include "charts/schedule_chart.h"
#include "chart_test_data.h"

#include <QtTest>

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
        QCOMPARE(ScheduleChart::sparsityAt(history, 150), 60.0);
        QCOMPARE(ScheduleChart::sparsityAt(history, 50), 50.0);
        QCOMPARE(ScheduleChart::sparsityAt(history, 900), 70.0);
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
};

QTEST_MAIN(TestScheduleChart)
#include "test_schedule_chart.moc"
