#include "charts/layer_sparsity_bars.h"
#include "panels/layer_sparsity_panel.h"
#include "support/chart_test_data.h"
#include "support/test_main.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QtCharts/QLegendMarker>
#include <QtTest>
#include <cmath>

using namespace sl;
using namespace sl::ui;

class TestLayerSparsityPanel : public QObject {
    Q_OBJECT
private slots:
    void formatting() {
        QCOMPARE(LayerSparsityPanel::count(235200), QString("235,200"));
        QCOMPARE(LayerSparsityPanel::count(10), QString("10"));
        QCOMPARE(LayerSparsityPanel::percent(0.9), QString("90.00%"));
        QCOMPARE(LayerSparsityPanel::percent(0.12345), QString("12.35%"));
        QCOMPARE(LayerSparsityPanel::churn(412, 1412), QString("−412 / +1,412"));
    }

    void cellsEqualTheSnapshot() {
        LayerSparsityPanel panel;
        panel.resize(900, 300);
        auto snap = std::make_shared<RunSnapshot>(*testdata::makeRun());
        snap->layers[1].lastPruned = 412;
        snap->layers[1].lastGrown = 412;
        snap->layers[2].target = 0.95;
        snap->layers[2].lastUpdateStep = -1;
        panel.setSnapshot(snap);
        QTableWidget* t = panel.table();
        QCOMPARE(t->rowCount(), 3);
        auto cell = [t](int r, int c) { return t->item(r, c)->text(); };
        QCOMPARE(cell(0, LayerSparsityPanel::Layer), QString("dense1"));
        QCOMPARE(cell(0, LayerSparsityPanel::Shape), QString("300 × 784"));
        QCOMPARE(cell(0, LayerSparsityPanel::Parameters), QString("235,200"));
        QCOMPARE(cell(0, LayerSparsityPanel::Active), QString("23,520"));
        QCOMPARE(cell(0, LayerSparsityPanel::Sparsity), QString("90.00%"));
        QCOMPARE(cell(0, LayerSparsityPanel::Target), QString("90.00%"));
        QCOMPARE(cell(0, LayerSparsityPanel::Itop),
                 QString::number(100 * snap->layers[0].itop, 'f', 2) + "%");
        QCOMPARE(cell(1, LayerSparsityPanel::Parameters), QString("30,000"));
        QCOMPARE(cell(1, LayerSparsityPanel::Active), QString("3,000"));
        QCOMPARE(cell(1, LayerSparsityPanel::LastChurn), QString("−412 / +412"));
        QCOMPARE(cell(2, LayerSparsityPanel::Target), QString("95.00%"));
        QCOMPARE(cell(2, LayerSparsityPanel::LastChurn), QString("—"));
        QVERIFY(t->item(0, LayerSparsityPanel::Active)->textAlignment() & Qt::AlignRight);
        QVERIFY(!t->horizontalHeaderItem(LayerSparsityPanel::Itop)->toolTip().isEmpty());

        // The bars list the input layer on top (categories run bottom-up).
        LayerSparsityBars* bars = panel.bars();
        QCOMPARE(bars->categories(), (QStringList{"dense3", "dense2", "dense1"}));
        QCOMPARE(bars->sparsitySet()->count(), 3);
        QCOMPARE(bars->sparsitySet()->at(2), 90.0);
        QCOMPARE(bars->targetSeries()->at(0), QPointF(95.0, 0));

        // A later snapshot updates the same items in place.
        QTableWidgetItem* before = t->item(0, LayerSparsityPanel::Active);
        auto later = std::make_shared<RunSnapshot>(*snap);
        later->layers[0].active = 47040;
        later->layers[0].sparsity = 0.8;
        panel.setSnapshot(later);
        QCOMPARE(t->item(0, LayerSparsityPanel::Active), before);
        QCOMPARE(cell(0, LayerSparsityPanel::Active), QString("47,040"));
        QCOMPARE(cell(0, LayerSparsityPanel::Sparsity), QString("80.00%"));
        QCOMPARE(bars->sparsitySet()->at(2), 80.0);
    }

    // In a wide dock the columns share the whole row; in a narrow one none is cut below its
    // contents (the table scrolls instead).
    void columnsFillAWideDockAndKeepTheirContents() {
        auto snap = std::make_shared<RunSnapshot>(*testdata::makeRun());
        snap->layers[0].rows = 100000;  // the widest shape cell of #13's giant model
        snap->layers[0].cols = 100000;
        for (const int width : {1366, 340}) {
            LayerSparsityPanel panel;
            panel.resize(width, 300);
            panel.show();
            panel.setSnapshot(snap);
            QVERIFY(QTest::qWaitForWindowExposed(&panel));
            QTableWidget* t = panel.table();
            QHeaderView* h = t->horizontalHeader();
            int total = 0, natural = 0;
            for (int c = 0; c < LayerSparsityPanel::ColumnCount; ++c) {
                const int contents =
                    std::max(static_cast<const QAbstractItemView*>(t)->sizeHintForColumn(c),
                             h->sectionSizeHint(c));
                QVERIFY2(h->sectionSize(c) >= contents,
                         qPrintable(QString("width %1, column %2: %3 < %4")
                                        .arg(width)
                                        .arg(c)
                                        .arg(h->sectionSize(c))
                                        .arg(contents)));
                total += h->sectionSize(c);
                natural += contents;
            }
            const int room = t->viewport()->width();
            if (natural < room) {
                QCOMPARE(total, room);  // wide: the row is filled, not left two-thirds empty
            } else {
                QCOMPARE(total, natural);  // narrow: contents kept, scrolled
            }
            if (width == 1366) QVERIFY(natural < room);
            if (width == 340) QVERIFY(natural > room);
        }
    }

    // l1 / l0 have no target: the table shows "—" and the bars no marker for that layer.
    void nanTargetShowsADash() {
        LayerSparsityPanel panel;
        panel.resize(900, 300);
        auto snap = std::make_shared<RunSnapshot>(*testdata::makeRun());
        snap->emergentSparsity = true;
        for (auto& l : snap->layers) l.target = std::nan("");
        snap->layers[2].target = 0.5;  // one finite target keeps its marker, on its own row
        panel.setSnapshot(snap);
        QTableWidget* t = panel.table();
        QCOMPARE(t->item(0, LayerSparsityPanel::Target)->text(), QString("—"));
        QCOMPARE(t->item(1, LayerSparsityPanel::Target)->text(), QString("—"));
        QCOMPARE(t->item(2, LayerSparsityPanel::Target)->text(), QString("50.00%"));
        QCOMPARE(t->item(0, LayerSparsityPanel::Sparsity)->text(), QString("90.00%"));
        LayerSparsityBars* bars = panel.bars();
        QCOMPARE(bars->targetSeries()->count(), 1);
        QCOMPARE(bars->targetSeries()->at(0), QPointF(50.0, 0));

        // No target anywhere: no marker and no "target" legend entry.
        auto none = std::make_shared<RunSnapshot>(*snap);
        none->layers[2].target = std::nan("");
        panel.setSnapshot(none);
        QCOMPARE(bars->targetSeries()->count(), 0);
        QVERIFY(!bars->chart()->legend()->markers(bars->targetSeries()).first()->isVisible());
        QCOMPARE(t->item(2, LayerSparsityPanel::Target)->text(), QString("—"));
    }
};

SPARSELAB_TEST_MAIN(TestLayerSparsityPanel)
#include "test_layer_sparsity_panel.moc"
