#include "panels/cost_counters_panel.h"
#include "support/chart_test_data.h"
#include "support/test_main.h"

#include <QLabel>
#include <QTableWidget>
#include <QtTest>

using namespace sl;
using namespace sl::ui;

class TestCostCountersPanel : public QObject {
    Q_OBJECT
private slots:
    void totalsAreTheHandComputedSums() {
        CostCountersPanel panel;
        panel.setSnapshot(testdata::makeRun());
        QTableWidget* t = panel.table();
        QCOMPARE(t->rowCount(), 4);
        auto cell = [t](int r, int c) { return t->item(r, c)->text(); };
        using P = CostCountersPanel;
        QCOMPARE(cell(0, P::DenseParams), QString("235,200"));
        QCOMPARE(cell(0, P::SparseParams), QString("23,520"));
        QCOMPARE(cell(0, P::DenseMacs), QString("235,200"));
        QCOMPARE(cell(0, P::SparseMacs), QString("23,520"));
        QCOMPARE(cell(0, P::Saving), QString("10.0×"));
        QCOMPARE(cell(2, P::DenseParams), QString("1,000"));
        QCOMPARE(cell(2, P::SparseMacs), QString("100"));
        // 235,200 + 30,000 + 1,000 dense; 23,520 + 3,000 + 100 sparse.
        QCOMPARE(cell(3, P::Layer), QString("total"));
        QCOMPARE(cell(3, P::DenseParams), QString("266,200"));
        QCOMPARE(cell(3, P::SparseParams), QString("26,620"));
        QCOMPARE(cell(3, P::DenseMacs), QString("266,200"));
        QCOMPARE(cell(3, P::SparseMacs), QString("26,620"));
        QCOMPARE(cell(3, P::Saving), QString("10.0×"));
        QVERIFY(t->item(3, P::SparseMacs)->font().bold());
        QVERIFY(!t->item(0, P::SparseMacs)->font().bold());
    }

    void unevenLayers() {
        auto snap = std::make_shared<RunSnapshot>();
        snap->layers = {testdata::makeLayer("a", 4, 6, 0.5), testdata::makeLayer("b", 2, 4, 0.75)};
        CostCountersPanel panel;
        panel.setSnapshot(snap);
        auto cell = [&panel](int r, int c) { return panel.table()->item(r, c)->text(); };
        // a: 24 weights, 12 active; b: 8 weights, 2 active; total 32 / 14 = 2.29.
        QCOMPARE(cell(1, CostCountersPanel::SparseParams), QString("2"));
        QCOMPARE(cell(1, CostCountersPanel::Saving), QString("4.0×"));
        QCOMPARE(cell(2, CostCountersPanel::DenseMacs), QString("32"));
        QCOMPARE(cell(2, CostCountersPanel::SparseMacs), QString("14"));
        QCOMPARE(cell(2, CostCountersPanel::Saving), QString("2.3×"));
        panel.setSnapshot(nullptr);
        QCOMPARE(panel.table()->rowCount(), 0);
    }

    // Each row names its layer's backend; the timing line shows the engine's two figures.
    void backendsAndMeasuredTimes() {
        auto snap = std::make_shared<RunSnapshot>();
        snap->layers = {testdata::makeLayer("a", 4, 6, 0.9), testdata::makeLayer("b", 2, 4, 0.5)};
        snap->layers[0].backend = "sparse";
        snap->layers[1].backend = "dense";
        snap->msPerStep = 0.4211;
        snap->denseProductsMs = 2.5;
        CostCountersPanel panel;
        panel.setSnapshot(snap);
        auto cell = [&panel](int r, int c) { return panel.table()->item(r, c)->text(); };
        QCOMPARE(cell(0, CostCountersPanel::Backend), QString("sparse"));
        QCOMPARE(cell(1, CostCountersPanel::Backend), QString("dense"));
        QCOMPARE(cell(2, CostCountersPanel::Backend), QString());  // the total row
        const QString timing = panel.timingLabel()->text();
        QVERIFY2(timing.contains("0.421 ms") && timing.contains("2.50 ms"), qPrintable(timing));
        QVERIFY(!timing.contains("Runs dense"));

        snap->msPerStep = -1.0;  // not measured yet
        snap->backendNote =
            "model.backend: sparse — sparsity.method 'movement' needs the dense backend";
        panel.setSnapshot(snap);
        QVERIFY(panel.timingLabel()->text().contains(QString::fromUtf8("— per step")));
        QVERIFY(panel.timingLabel()->text().contains("Runs dense: model.backend"));
        QCOMPARE(CostCountersPanel::milliseconds(12.34), QString("12.3 ms"));
    }
};

SPARSELAB_TEST_MAIN(TestCostCountersPanel)
#include "test_cost_counters_panel.moc"
