#include "panels/cost_counters_panel.h"
#include "support/test_main.h"

#include <QLabel>
#include <QTableWidget>
#include <QTest>

using sl::ui::CostCountersPanel;

namespace {

// A snapshot with one 4x3 layer and the storage figures of the default MLP at 90% (made up
// but consistent: what the panel shows is only what the snapshot says).
sl::ui::SnapshotPtr snapshot(bool quantized) {
    auto s = std::make_shared<sl::ui::RunSnapshot>();
    sl::ui::LayerSnapshot layer;
    layer.name = QStringLiteral("dense1");
    layer.rows = 4;
    layer.cols = 3;
    layer.active = 6;
    s->layers.push_back(layer);
    s->bytesDenseFp32 = 1066440;
    s->bytesCsrFp32 = 215000;
    s->bytesCsrInt8 = 134000;
    s->quantized = quantized;
    return s;
}

}  // namespace

class TestCostCountersStorage : public QObject {
    Q_OBJECT
private slots:
    void humanBytesKeepsThreeDigits() {
        QCOMPARE(CostCountersPanel::humanBytes(0), QStringLiteral("0 B"));
        QCOMPARE(CostCountersPanel::humanBytes(999), QStringLiteral("999 B"));
        QCOMPARE(CostCountersPanel::humanBytes(1000), QStringLiteral("1.00 kB"));
        QCOMPARE(CostCountersPanel::humanBytes(13300), QStringLiteral("13.3 kB"));
        QCOMPARE(CostCountersPanel::humanBytes(214560), QStringLiteral("215 kB"));
        QCOMPARE(CostCountersPanel::humanBytes(999600),
                 QStringLiteral("1.00 MB"));  // not "1000 kB"
        QCOMPARE(CostCountersPanel::humanBytes(1066440), QStringLiteral("1.07 MB"));
        QCOMPARE(CostCountersPanel::humanBytes(2500000000LL), QStringLiteral("2.50 GB"));
    }

    void emptyBeforeARun() {
        CostCountersPanel panel;
        for (int k = 0; k < CostCountersPanel::StorageCount; ++k) {
            const QLabel* label = panel.storageLabel(CostCountersPanel::Storage(k));
            QCOMPARE(label->text(), QStringLiteral("—"));
            QVERIFY(!label->toolTip().isEmpty());
        }
        panel.setSnapshot(nullptr);
        QCOMPARE(panel.storageLabel(CostCountersPanel::CsrInt8)->text(), QStringLiteral("—"));
    }

    void showsTheThreeSizesWithTheirSaving() {
        CostCountersPanel panel;
        panel.setSnapshot(snapshot(true));
        QCOMPARE(panel.storageLabel(CostCountersPanel::DenseFp32)->text(),
                 QStringLiteral("1.07 MB"));
        // 1066440 / 215000 = 4.96, / 134000 = 7.96
        QCOMPARE(panel.storageLabel(CostCountersPanel::CsrFp32)->text(),
                 QStringLiteral("215 kB  (5.0× smaller)"));
        QCOMPARE(panel.storageLabel(CostCountersPanel::CsrInt8)->text(),
                 QStringLiteral("134 kB  (8.0× smaller)"));
        QVERIFY(panel.storageLabel(CostCountersPanel::CsrFp32)->toolTip().contains("int32"));
        QVERIFY(panel.storageLabel(CostCountersPanel::CsrInt8)->toolTip().contains("scale"));
        QVERIFY(panel.storageLabel(CostCountersPanel::CsrInt8)->toolTip().contains("float_ends"));
        // The table still has its layer and total rows.
        QCOMPARE(panel.table()->rowCount(), 2);
        QCOMPARE(panel.table()->item(1, CostCountersPanel::SparseParams)->text(),
                 QStringLiteral("6"));
    }

    void saysWhenQuantizationIsOff() {
        CostCountersPanel panel;
        panel.setSnapshot(snapshot(false));
        QCOMPARE(panel.storageLabel(CostCountersPanel::CsrFp32)->text(),
                 QStringLiteral("215 kB  (5.0× smaller)"));
        QCOMPARE(panel.storageLabel(CostCountersPanel::CsrInt8)->text(),
                 QStringLiteral("off (quant.mode none)"));
        panel.setSnapshot(snapshot(true));  // and follows the next snapshot
        QVERIFY(panel.storageLabel(CostCountersPanel::CsrInt8)->text().startsWith("134 kB"));
    }
};

SPARSELAB_TEST_MAIN(TestCostCountersStorage)
#include "test_cost_counters_storage.moc"
