#include "charts/weight_histogram_chart.h"
#include "support/chart_test_data.h"

#include <QCheckBox>
#include <QtTest>

using namespace sl;
using namespace sl::ui;

class TestWeightHistogramChart : public QObject {
    Q_OBJECT
private slots:
    void outlineHasTwoPointsPerBin() {
        const auto out = WeightHistogramChart::stepOutline({3, 0, 5}, 0.3, 0.0);
        QCOMPARE(out.size(), 6);
        QCOMPARE(out[0], QPointF(0.0, 3));
        QCOMPARE(out[1].x(), 0.1);
        QCOMPARE(out[3].y(), 0.0);
        QCOMPARE(out[5], QPointF(0.3, 5));
        QCOMPARE(WeightHistogramChart::stepOutline({3, 0}, 1.0, 0.7)[2].y(), 0.7);
    }

    void drawsTheLayerAndItsThreshold() {
        WeightHistogramChart chart;
        chart.resize(700, 450);
        const auto snap = testdata::makeRun();
        chart.setSnapshot(snap);
        chart.setLayer(0);
        const LayerSnapshot& l = snap->layers[0];
        QCOMPARE(chart.activeOutline()->count(), 2 * kHistogramBins);
        QCOMPARE(chart.prunedOutline()->at(0).y(), double(l.prunedHistogram[0]));
        QCOMPARE(chart.prunedOutline()->at(0).y(), 211680.0);
        QVERIFY(chart.chart()->title().startsWith("|w| of dense1"));
        int thresholds = 0;
        for (QAbstractSeries* s : chart.chart()->series())
            if (s->objectName() == "marker") {
                ++thresholds;
                QCOMPARE(static_cast<QLineSeries*>(s)->at(0).x(), double(l.threshold));
            }
        QCOMPARE(thresholds, 1);

        auto movement = std::make_shared<RunSnapshot>(*snap);
        movement->method = "movement";
        chart.setSnapshot(movement);
        QVERIFY(chart.chart()->title().startsWith("latent |w| of dense1"));
    }

    void logScaleLiftsEmptyBins() {
        WeightHistogramChart chart;
        chart.resize(700, 450);
        chart.setSnapshot(testdata::makeRun());
        auto* box = chart.findChild<QCheckBox*>();
        QVERIFY(box && !box->toolTip().isEmpty());
        box->setChecked(!box->isChecked());
        box->setChecked(true);
        QVERIFY(chart.logScale());
        // Bin 59 of the active weights is empty: on the log axis it sits just under 1.
        const QLineSeries* active = chart.activeOutline();
        QVERIFY(active->at(active->count() - 1).y() > 0.0);
        QVERIFY(active->at(active->count() - 1).y() < 1.0);
        box->setChecked(false);
        QCOMPARE(active->at(active->count() - 1).y(), 0.0);
    }
};

QTEST_MAIN(TestWeightHistogramChart)
#include "test_weight_histogram_chart.moc"
