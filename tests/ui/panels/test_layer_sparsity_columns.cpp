#include "panels/layer_sparsity_panel.h"
#include "support/chart_test_data.h"
#include "support/test_main.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QtTest>
#include <algorithm>

using namespace sl;
using namespace sl::ui;

// The per-layer table measures its cells' text to size the columns; a snapshot arrives 30
// times a second, so it measures only when that could change a column: a text that got
// longer or shorter, a row more or less, a resize. A column narrowed by hand shows whether a
// snapshot refitted it.
class TestLayerSparsityColumns : public QObject {
    Q_OBJECT

    static int contents(QTableWidget* t, int column) {
        return std::max(static_cast<const QAbstractItemView*>(t)->sizeHintForColumn(column),
                        t->horizontalHeader()->sectionSizeHint(column));
    }

private slots:
    void columnsRefitOnlyWhenTheirWidthCanChange() {
        LayerSparsityPanel panel;
        panel.resize(1366, 300);  // wide: no scroll bar comes or goes when a column narrows
        panel.show();
        auto snap = std::make_shared<RunSnapshot>(*testdata::makeRun());
        panel.setSnapshot(snap);
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTableWidget* t = panel.table();
        QHeaderView* h = t->horizontalHeader();
        const int active = LayerSparsityPanel::Active;
        QCOMPARE(t->item(0, active)->text(), QString("23,520"));
        QVERIFY(h->sectionSize(active) >= contents(t, active));
        // As narrow as the header allows, well below the contents.
        const int narrow = h->minimumSectionSize();
        QVERIFY(narrow < contents(t, active));

        h->resizeSection(active, narrow);
        QCoreApplication::processEvents();
        QCOMPARE(h->sectionSize(active), narrow);
        // New digits, same lengths: the text changes, the column is not measured again.
        auto digits = std::make_shared<RunSnapshot>(*snap);
        digits->layers[0].active = 23521;
        digits->layers[0].sparsity = 0.8;  // "90.00%" → "80.00%"
        panel.setSnapshot(digits);
        QCOMPARE(t->item(0, active)->text(), QString("23,521"));
        QCOMPARE(t->item(0, LayerSparsityPanel::Sparsity)->text(), QString("80.00%"));
        QCOMPARE(h->sectionSize(active), narrow);
        // The same snapshot again: nothing to do.
        panel.setSnapshot(digits);
        QCOMPARE(h->sectionSize(active), narrow);

        // A longer text: every column fitted again.
        auto longer = std::make_shared<RunSnapshot>(*digits);
        longer->layers[0].active = 123456;
        panel.setSnapshot(longer);
        QCOMPARE(t->item(0, active)->text(), QString("123,456"));
        QVERIFY(h->sectionSize(active) >= contents(t, active));
        QVERIFY(h->sectionSize(active) > narrow);

        // A row fewer refits; so does a resize of the dock.
        h->resizeSection(active, narrow);
        QCoreApplication::processEvents();
        auto fewer = std::make_shared<RunSnapshot>(*longer);
        fewer->layers.pop_back();
        panel.setSnapshot(fewer);
        QCOMPARE(t->rowCount(), 2);
        QVERIFY(h->sectionSize(active) >= contents(t, active));
        h->resizeSection(active, narrow);
        QCoreApplication::processEvents();
        QCOMPARE(h->sectionSize(active), narrow);
        panel.resize(1300, 300);
        QTRY_VERIFY(h->sectionSize(active) >= contents(t, active));
    }
};

SPARSELAB_TEST_MAIN(TestLayerSparsityColumns)
#include "test_layer_sparsity_columns.moc"
