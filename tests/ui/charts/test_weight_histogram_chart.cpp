#include "charts/weight_histogram_chart.h"
#include "support/chart_test_data.h"
#include "support/test_main.h"

#include <QCheckBox>
#include <QLabel>
#include <QtTest>
#include <limits>

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

    // #13's giant model after the update at step 5: the smallest active |w| is a weight just
    // grown at 0 (1.3e-14); the line is the update's drop cut-off, and the legend says both.
    void lineIsTheLastDropCutoff() {
        auto snap = std::make_shared<RunSnapshot>(*testdata::makeRun());
        LayerSnapshot& l = snap->layers[0];
        l.histogramMax = 0.3f;  // bins of 0.005
        l.threshold = 1.3e-14f;
        UpdateExplanation& e = l.explanation.edit();
        e.step = 5;
        e.dropCutoff = 0.0123f;
        WeightHistogramChart chart;
        chart.resize(700, 450);
        chart.setSnapshot(snap);
        QList<QLineSeries*> lines;
        for (QAbstractSeries* s : chart.chart()->series())
            if (s->objectName() == "marker") lines << static_cast<QLineSeries*>(s);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines[0]->at(0).x(), double(0.0123f));
        const auto line = WeightHistogramChart::thresholdLine(l);
        QCOMPARE(line.label, QStringLiteral("drop cut-off 0.0123"));
        QCOMPARE(line.note,
                 QStringLiteral("Smallest active |w|: 1.3e-14, less than one bin from 0: weights "
                                "grown at a mask update start at 0 and have barely trained yet. "
                                "The line is the cut-off of the mask update at step 5: every "
                                "weight it dropped had |w| ≤ 0.0123."));
        QVERIFY(chart.legendLabel()->text().contains(QStringLiteral("1.3e-14")));

        // Before any update: the smallest active |w|, still explained when it sits at 0.
        l.explanation = UpdateExplanation{};
        const auto before = WeightHistogramChart::thresholdLine(l);
        QCOMPARE(before.x, double(1.3e-14f));
        QCOMPARE(before.label, QStringLiteral("smallest active 1.3e-14"));
        QVERIFY(before.note.startsWith(QStringLiteral("Smallest active |w|: 1.3e-14, less")));
        // One bin or more from 0 (0.005 here): nothing to explain.
        l.threshold = 0.031f;
        QVERIFY(WeightHistogramChart::thresholdLine(l).note.isEmpty());
        // A method without a drop cut-off (NaN) keeps the smallest active |w|.
        l.explanation.edit().step = 5;
        l.explanation.edit().dropCutoff = std::numeric_limits<float>::quiet_NaN();
        QCOMPARE(WeightHistogramChart::thresholdLine(l).x, double(0.031f));
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

SPARSELAB_TEST_MAIN(TestWeightHistogramChart)
#include "test_weight_histogram_chart.moc"
