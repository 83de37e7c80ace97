#include "panels/cost_counters_panel.h"

#include "panels/layer_sparsity_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sl::ui {

CostCountersPanel::CostCountersPanel(QWidget* parent) : QWidget(parent) {
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("layer"), tr("dense params"), tr("sparse params"),
                                        tr("dense MACs"), tr("sparse MACs"), tr("saving")});
    const QString tips[ColumnCount] = {
        tr("The prunable layer; the last row sums them all."),
        tr("Weights of the layer without any pruning (rows × columns)."),
        tr("Weights the mask keeps active."),
        tr("Multiply-adds per example for the dense layer: rows × columns."),
        tr("Multiply-adds per example if only the active weights were used: one per active weight."),
        tr("How many times fewer multiply-adds the sparse layer needs (dense ÷ sparse).")};
    for (int c = 0; c < ColumnCount; ++c) m_table->horizontalHeaderItem(c)->setToolTip(tips[c]);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setFocusPolicy(Qt::NoFocus);
    // Room around the numbers; the contents-sized columns include it.
    m_table->setStyleSheet(QStringLiteral("QTableWidget::item { padding: 0 8px; }"));

    m_note = new QLabel(tr("Per example, weights only (biases are never pruned). The engine still "
                           "multiplies dense matrices; a sparse kernel would do the sparse count."),
                        this);
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: #555;"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
}

CostCountersPanel::Cost CostCountersPanel::costOf(const LayerSnapshot& layer) {
    Cost cost;
    cost.denseParams = static_cast<long long>(layer.rows) * layer.cols;
    cost.sparseParams = layer.active;
    // A dense layer's forward pass does one multiply-add per weight and example.
    cost.denseMacs = cost.denseParams;
    cost.sparseMacs = layer.active;
    return cost;
}

QString CostCountersPanel::saving(long long dense, long long sparse) {
    if (sparse <= 0) return QStringLiteral("—");
    return QString::number(double(dense) / double(sparse), 'f', 1) + QStringLiteral("×");
}

void CostCountersPanel::setRow(int row, const QString& name, const Cost& cost, bool bold) {
    const QString texts[ColumnCount] = {
        name,
        LayerSparsityPanel::count(cost.denseParams),
        LayerSparsityPanel::count(cost.sparseParams),
        LayerSparsityPanel::count(cost.denseMacs),
        LayerSparsityPanel::count(cost.sparseMacs),
        saving(cost.denseMacs, cost.sparseMacs)};
    for (int c = 0; c < ColumnCount; ++c) {
        QTableWidgetItem* item = m_table->item(row, c);
        if (!item) {
            item = new QTableWidgetItem;
            m_table->setItem(row, c, item);
        }
        item->setTextAlignment((c == Layer ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
        QFont font = item->font();
        font.setBold(bold);
        item->setFont(font);
        if (item->text() != texts[c]) item->setText(texts[c]);
    }
}

void CostCountersPanel::setSnapshot(const SnapshotPtr& snapshot) {
    const std::vector<LayerSnapshot> none;
    const auto& layers = snapshot ? snapshot->layers : none;
    const int n = int(layers.size());
    const int rows = n == 0 ? 0 : n + 1;
    if (m_table->rowCount() != rows) m_table->setRowCount(rows);
    Cost total;
    for (int r = 0; r < n; ++r) {
        const Cost cost = costOf(layers[r]);
        total.denseParams += cost.denseParams;
        total.sparseParams += cost.sparseParams;
        total.denseMacs += cost.denseMacs;
        total.sparseMacs += cost.sparseMacs;
        setRow(r, layers[r].name, cost, false);
    }
    if (n > 0) setRow(n, tr("total"), total, true);
}

} // namespace sl::ui
