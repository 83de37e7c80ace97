#pragma once

#include "controller/snapshot.h"

#include <QWidget>

class QTableWidget;

namespace sl::ui {

class LayerSparsityBars;

// Per-layer sparsity: a table (layer, shape, parameters, active, sparsity, target, ITOP, last
// churn) beside bars of each layer's sparsity against its target. Numbers use thousands
// separators and are right-aligned so digits line up down a column.
class LayerSparsityPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerSparsityPanel(QWidget* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);

    QTableWidget* table() const { return m_table; }
    LayerSparsityBars* bars() const { return m_bars; }

    enum Column {
        Layer,
        Shape,
        Parameters,
        Active,
        Sparsity,
        Target,
        Itop,
        LastChurn,
        ColumnCount
    };

    // "23,520"; "90.00%"; "−412 / +412" (a real minus sign). Shared with the cost panel.
    static QString count(long long value);
    static QString percent(double fraction);
    static QString churn(int pruned, int grown);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    // Each column as wide as its contents; a wider table spreads what is left over all of them.
    // Measuring every cell's text is the panel's main cost: it runs on resize, on a language
    // change and when a snapshot changed the rows or the length of a cell's text, not 30 times
    // a second for figures that only change their digits.
    void fitColumns();
    void setCell(int row, int column, const QString& text, Qt::Alignment alignment);

    QTableWidget* m_table = nullptr;
    bool m_columnsStale = true;  // a cell's text length or the row count changed since
    LayerSparsityBars* m_bars = nullptr;
};

}  // namespace sl::ui
