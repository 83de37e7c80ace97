#pragma once

#include "controller/snapshot.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace sl::ui {

// What sparsity saves: parameters and multiply-adds per example of each layer, dense against
// the current sparse mask, and the total in bold. A dense layer of rows x cols costs rows*cols
// multiply-adds per example; with a mask, one per active weight, which is what a layer on the
// sparse backend (CSR kernels) costs; each row says which backend its layer runs on. Then the
// engine's measured milliseconds per step of this run beside the dense backend's products on
// the same shapes (both from the snapshot: the UI never times the engine). Below, what the model
// takes to store: every weight as fp32, the active weights in CSR with fp32 values, and in CSR with
// int8 values (sl::storageBytes; the figures come from the snapshot).
class CostCountersPanel : public QWidget {
    Q_OBJECT
public:
    explicit CostCountersPanel(QWidget* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);

    QTableWidget* table() const { return m_table; }
    enum Storage { DenseFp32, CsrFp32, CsrInt8, StorageCount };
    QLabel* storageLabel(Storage which) const { return m_storage[which]; }

    enum Column {
        Layer,
        DenseParams,
        SparseParams,
        DenseMacs,
        SparseMacs,
        Saving,
        Backend,
        ColumnCount
    };
    QLabel* timingLabel() const { return m_timing; }
    // "0.42 ms"; "—" for a negative (not measured) figure.
    static QString milliseconds(double ms);

    struct Cost {
        long long denseParams = 0;
        long long sparseParams = 0;
        long long denseMacs = 0;
        long long sparseMacs = 0;
    };
    static Cost costOf(const LayerSnapshot& layer);
    // "10.0×"; "—" when the sparse count is zero.
    static QString saving(long long dense, long long sparse);
    // Bytes in decimal units with three significant digits: "999 B", "13.3 kB", "1.07 MB".
    static QString humanBytes(long long bytes);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void setRow(int row, const QString& name, const Cost& cost, bool bold, const QString& backend);
    QWidget* buildStorage();
    void setStorage(const RunSnapshot* snapshot);

    QTableWidget* m_table = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_timing = nullptr;  // measured ms per step against the dense products
    void setTiming(const RunSnapshot* snapshot);
    QLabel* m_storage[StorageCount] = {};
    QLabel* m_storageCaption[StorageCount] = {};
    QLabel* m_storageTitle = nullptr;
    SnapshotPtr m_snapshot;  // shown again in the new language on a language change
};

}  // namespace sl::ui
