#pragma once

#include "controller/snapshot.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace sl::ui {

// What sparsity saves: parameters and multiply-adds per example of each layer, dense against
// the current sparse mask, and the total in bold. A dense layer of rows x cols costs rows*cols
// multiply-adds per example; with a mask, one per active weight (what a sparse kernel would do,
// even though the engine still multiplies dense matrices).
class CostCountersPanel : public QWidget {
    Q_OBJECT
public:
    explicit CostCountersPanel(QWidget* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);

    QTableWidget* table() const { return m_table; }

    enum Column { Layer, DenseParams, SparseParams, DenseMacs, SparseMacs, Saving, ColumnCount };

    struct Cost {
        long long denseParams = 0;
        long long sparseParams = 0;
        long long denseMacs = 0;
        long long sparseMacs = 0;
    };
    static Cost costOf(const LayerSnapshot& layer);
    // "10.0×"; "—" when the sparse count is zero.
    static QString saving(long long dense, long long sparse);

private:
    void setRow(int row, const QString& name, const Cost& cost, bool bold);

    QTableWidget* m_table = nullptr;
    QLabel* m_note = nullptr;
};

} // namespace sl::ui
