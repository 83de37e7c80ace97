#include "charts/churn_chart.h"
#include "support/chart_test_data.h"
#include "support/test_main.h"

#include <QComboBox>
#include <QtTest>

using namespace sl;
using namespace sl::ui;

class TestChurnChart : public QObject {
    Q_OBJECT
private slots:
    void stemsSumLayersPerStep() {
        RunSnapshot snap;
        snap.maskUpdates = {{100, 0, 40, 40}, {100, 1, 5, 6}, {200, 0, 30, 30}, {200, 1, 4, 4}};
        const auto all = ChurnChart::stemsFor(snap, -1);
        QCOMPARE(all.size(), std::size_t(2));
        QCOMPARE(all[0].step, 100);
        QCOMPARE(all[0].pruned, 45);
        QCOMPARE(all[0].grown, 46);
        QCOMPARE(all[1].pruned, 34);
        const auto second = ChurnChart::stemsFor(snap, 1);
        QCOMPARE(second.size(), std::size_t(2));
        QCOMPARE(second[0].grown, 6);
        QCOMPARE(second[1].pruned, 4);
    }

    void seriesFollowTheSnapshot() {
        ChurnChart chart;
        chart.resize(640, 420);
        const auto snap = testdata::makeRun();
        chart.setRuns({testdata::record(0, "rigl", snap, true)});
        QCOMPARE(chart.grownSeries().size(), std::size_t(1));
        const auto steps = testdata::updateSteps({});
        // Updates every 100 steps to 1,500, every 50 after, none after t_end = 3,517.
        QCOMPARE(steps.front(), 100);
        QCOMPARE(steps.back(), 3500);
        QCOMPARE(steps.size(), std::size_t(15 + 40));
        QLineSeries* grown = chart.grownSeries()[0];
        QCOMPARE(grown->count(), int(3 * steps.size()));
        // First update: α_100 * active, summed over the three layers, grown up, pruned down.
        const double alpha = testdata::cosineAlpha({}, 100);
        const long long expected =
            std::lround(alpha * 23520) + std::lround(alpha * 3000) + std::lround(alpha * 100);
        QCOMPARE(grown->at(1), QPointF(100, double(expected)));
        QCOMPARE(chart.prunedSeries()[0]->at(1), QPointF(100, -double(expected)));
        QCOMPARE(grown->pen().color(), QColor(palette::kGrown));
        QCOMPARE(chart.prunedSeries()[0]->pen().color(), QColor(palette::kPruned));
        // ITOP is the history's, in percent, thinned to the width.
        QLineSeries* itop = chart.itopSeries()[0];
        QVERIFY(itop->count() <= chart.width());
        QCOMPARE(itop->at(itop->count() - 1).y(), 100.0 * snap->history.back().itop);

        // Choosing a layer in the combo shows that layer alone.
        auto* combo = chart.findChild<QComboBox*>();
        QVERIFY(combo);
        QCOMPARE(combo->count(), 4);
        QCOMPARE(combo->itemText(2), QString("dense2"));
        combo->setCurrentIndex(2);
        QCOMPARE(chart.layer(), 1);
        QCOMPARE(chart.grownSeries()[0]->at(1).y(), double(std::lround(alpha * 3000)));
    }

    void hiddenRunsAreNotDrawn() {
        ChurnChart chart;
        chart.resize(640, 420);
        // "c" is another run (seed): a kept run identical to the live one stands for it.
        testdata::RunShape other;
        other.seed = 9;
        chart.setRuns({testdata::record(0, "a", testdata::makeRun(), true),
                       testdata::record(1, "b", testdata::makeRun(), false, false),
                       testdata::record(2, "c", testdata::makeRun(other), false)});
        QCOMPARE(chart.grownSeries().size(), std::size_t(2));
        QCOMPARE(chart.itopSeries().size(), std::size_t(2));
        QCOMPARE(chart.grownSeries()[1]->pen().color(), palette::runColor(2));
        QCOMPARE(chart.grownSeries()[1]->name(), QString("c"));
    }
};

SPARSELAB_TEST_MAIN(TestChurnChart)
#include "test_churn_chart.moc"
