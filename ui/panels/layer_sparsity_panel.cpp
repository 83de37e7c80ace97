#include "panels/layer_sparsity_panel.h"

#include "charts/layer_sparsity_bars.h"

#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace sl::ui {

LayerSparsityPanel::LayerSparsityPanel(QWidget* parent) : QWidget(parent) {
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    m_table->setAlternatingRowColors(true);
    // Sized by fitColumns(): to the contents, and across the whole of a wide dock (at
    // 1366 px the contents alone took 640 and left the rest of the row empty).
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->viewport()->installEventFilter(this);
    m_table->setFocusPolicy(Qt::NoFocus);
    // Room around the numbers; the contents-sized columns include it.
    m_table->setStyleSheet(QStringLiteral("QTableWidget::item { padding: 0 8px; }"));
    m_table->setMinimumWidth(260);

    m_bars = new LayerSparsityBars(this);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_bars);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    retranslate();
}

void LayerSparsityPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) retranslate();
}

bool LayerSparsityPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_table->viewport() && event->type() == QEvent::Resize) fitColumns();
    return QWidget::eventFilter(watched, event);
}

void LayerSparsityPanel::fitColumns() {
    m_columnsStale = false;
    QHeaderView* header = m_table->horizontalHeader();
    int widths[ColumnCount];
    int natural = 0;
    for (int c = 0; c < ColumnCount; ++c) {
        widths[c] = std::max(static_cast<const QAbstractItemView*>(m_table)->sizeHintForColumn(c),
                             header->sectionSizeHint(c));
        natural += widths[c];
    }
    const int extra = std::max(0, m_table->viewport()->width() - natural);
    for (int c = 0; c < ColumnCount; ++c) {
        const int width = widths[c] + extra / ColumnCount + (c < extra % ColumnCount ? 1 : 0);
        if (header->sectionSize(c) != width) header->resizeSection(c, width);
    }
}

void LayerSparsityPanel::retranslate() {
    m_table->setHorizontalHeaderLabels({tr("layer"), tr("shape"), tr("parameters"), tr("active"),
                                        tr("sparsity"), tr("target"), tr("ITOP"),
                                        tr("last churn")});
    const QString tips[ColumnCount] = {
        tr("The prunable layer."),
        tr("Outputs × inputs of the weight matrix."),
        tr("Weights in the layer when dense."),
        tr("Weights currently in the mask (not pruned)."),
        tr("Share of the layer's weights that are pruned now."),
        tr("The sparsity the method aims at for this layer at this step; — for l1 and l0, "
           "whose sparsity emerges from the penalty."),
        tr("In-time over-parameterization: share of the weights that have been active at some "
           "point during training."),
        tr("Weights pruned / grown at the layer's last mask update.")};
    for (int c = 0; c < ColumnCount; ++c) m_table->horizontalHeaderItem(c)->setToolTip(tips[c]);
    fitColumns();
}

QString LayerSparsityPanel::count(long long value) {
    // A fixed English locale: the separators stay the same on every machine and in tests.
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(value);
}

QString LayerSparsityPanel::percent(double fraction) {
    return QString::number(100.0 * fraction, 'f', 2) + QLatin1Char('%');
}

QString LayerSparsityPanel::churn(int pruned, int grown) {
    if (pruned == 0 && grown == 0) return QStringLiteral("—");
    return QStringLiteral("−%1 / +%2").arg(count(pruned), count(grown));
}

void LayerSparsityPanel::setCell(int row, int column, const QString& text,
                                 Qt::Alignment alignment) {
    // Items are reused across snapshots: thirty rebuilds a second would reset the selection.
    QTableWidgetItem* item = m_table->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        item->setTextAlignment(alignment | Qt::AlignVCenter);
        m_table->setItem(row, column, item);
    }
    const QString old = item->text();
    if (old == text) return;
    // Digits are equally wide in common UI fonts (tabular figures): a text of the same length
    // needs the same column.
    if (old.size() != text.size()) m_columnsStale = true;
    item->setText(text);
}

void LayerSparsityPanel::setSnapshot(const SnapshotPtr& snapshot) {
    const std::vector<LayerSnapshot> none;
    const auto& layers = snapshot ? snapshot->layers : none;
    const int rows = int(layers.size());
    if (m_table->rowCount() != rows) {
        m_table->setRowCount(rows);
        m_columnsStale = true;
        // Every layer's row stays visible: the bars below take what is left.
        const int height = m_table->horizontalHeader()->height() +
                           rows * m_table->verticalHeader()->defaultSectionSize() +
                           2 * m_table->frameWidth() + 2;
        m_table->setMinimumHeight(std::min(height, 140));
    }
    const Qt::Alignment right = Qt::AlignRight;
    for (int r = 0; r < rows; ++r) {
        const LayerSnapshot& l = layers[r];
        setCell(r, Layer, l.name, Qt::AlignLeft);
        setCell(r, Shape, QStringLiteral("%1 × %2").arg(l.rows).arg(l.cols), right);
        setCell(r, Parameters, count(l.parameters), right);
        setCell(r, Active, count(l.active), right);
        setCell(r, Sparsity, percent(l.sparsity), right);
        // l1 and l0 have no target (NaN): their sparsity emerges from the penalty.
        setCell(r, Target, std::isfinite(l.target) ? percent(l.target) : QStringLiteral("—"),
                right);
        setCell(r, Itop, percent(l.itop), right);
        setCell(r, LastChurn,
                l.lastUpdateStep < 0 ? QStringLiteral("—") : churn(l.lastPruned, l.lastGrown),
                right);
    }
    if (m_columnsStale) fitColumns();
    m_bars->setSnapshot(snapshot);
}

}  // namespace sl::ui
