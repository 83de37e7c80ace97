#include "panels/cost_counters_panel.h"

#include "panels/layer_sparsity_panel.h"

#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sl::ui {

CostCountersPanel::CostCountersPanel(QWidget* parent) : QWidget(parent) {
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setFocusPolicy(Qt::NoFocus);
    // Room around the numbers; the contents-sized columns include it.
    m_table->setStyleSheet(QStringLiteral("QTableWidget::item { padding: 0 8px; }"));

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: #555;"));
    m_timing = new QLabel(this);
    m_timing->setWordWrap(true);
    m_timing->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    layout->addWidget(m_timing);
    layout->addWidget(buildStorage());
    retranslate();
}

void CostCountersPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) retranslate();
}

void CostCountersPanel::retranslate() {
    m_table->setHorizontalHeaderLabels({tr("layer"), tr("dense params"), tr("sparse params"),
                                        tr("dense MACs"), tr("sparse MACs"), tr("saving"),
                                        tr("backend")});
    const QString tips[ColumnCount] = {
        tr("The prunable layer; the last row sums them all."),
        tr("Weights of the layer without any pruning (rows × columns)."),
        tr("Weights the mask keeps active."),
        tr("Multiply-adds per example for the dense layer: rows × columns (× output pixels for "
           "a convolution)."),
        tr("Multiply-adds per example if only the active weights were used: one per active weight."),
        tr("How many times fewer multiply-adds the sparse layer needs (dense ÷ sparse)."),
        tr("Where the layer's weights live: dense (a full matrix times the mask) or sparse "
           "(only the active weights, in CSR: time and memory follow them; model.backend).")};
    for (int c = 0; c < ColumnCount; ++c) m_table->horizontalHeaderItem(c)->setToolTip(tips[c]);
    m_note->setText(tr("Per example, weights only (biases are never pruned). A layer on the "
                       "sparse backend does the sparse count; a dense one does the dense count "
                       "whatever its mask."));
    m_timing->setToolTip(tr("Measured by the engine: this run's milliseconds per training step "
                            "(the whole step, evaluation at epoch ends included), and the dense "
                            "backend's matrix products alone on the same layer shapes and batch, "
                            "measured once when the run started."));

    m_storageTitle->setText(tr("<b>Storage</b>"));
    m_storageTitle->setToolTip(tr("What the prunable layers' weights and biases take to store, "
                                  "three ways. 1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes."));
    const QString captions[StorageCount] = {tr("dense fp32"), tr("CSR fp32"), tr("CSR int8")};
    const QString storageTips[StorageCount] = {
        tr("Every weight as a 4-byte float, pruned ones included, plus the biases: "
           "4 × (weights + biases). What a dense checkpoint holds."),
        tr("Only the active weights, in compressed sparse rows: per layer 4 bytes per active "
           "value + 4 per column index (int32) + 4 per row pointer (rows + 1) + 4 per bias."),
        tr("Like CSR fp32 with each active value stored as one signed byte (int8, what "
           "quant.mode trains for): 1 byte per value + 4 per column index + 4 per row pointer "
           "+ 4 per scale (one per layer, or one per output unit per-channel) + 4 per bias. "
           "Layers kept in float (quant.float_ends) count as CSR fp32. The int32 indices then "
           "dominate, so this is less than 4× below CSR fp32.")};
    for (int k = 0; k < StorageCount; ++k) {
        m_storageCaption[k]->setText(captions[k]);
        m_storageCaption[k]->setToolTip(storageTips[k]);
        m_storage[k]->setToolTip(storageTips[k]);
    }
    // The numbers' words ("smaller", "off") and the total row's name come with the data.
    setSnapshot(m_snapshot);
}

QWidget* CostCountersPanel::buildStorage() {
    auto* box = new QWidget(this);
    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 6, 0, 0);
    m_storageTitle = new QLabel(box);
    m_storageTitle->setWordWrap(true);
    grid->addWidget(m_storageTitle, 0, 0, 1, StorageCount);
    for (int k = 0; k < StorageCount; ++k) {
        auto* caption = new QLabel(box);
        caption->setStyleSheet(QStringLiteral("color: #555;"));
        caption->setWordWrap(true);  // four captions side by side must not set the dock's width
        m_storageCaption[k] = caption;
        m_storage[k] = new QLabel(box);
        m_storage[k]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        grid->addWidget(caption, 1, k);
        grid->addWidget(m_storage[k], 2, k);
        grid->setColumnStretch(k, 1);
    }
    return box;
}

QString CostCountersPanel::humanBytes(long long bytes) {
    if (bytes < 0) return QStringLiteral("—");
    const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    double value = double(bytes);
    int unit = 0;
    // Move up a unit before printing would round to "1000".
    while (unit < 4 && value >= 999.5) {
        value /= 1000.0;
        ++unit;
    }
    if (unit == 0) return QString::number(bytes) + QStringLiteral(" B");
    const int decimals = value < 9.995 ? 2 : value < 99.95 ? 1 : 0;
    return QString::number(value, 'f', decimals) + QLatin1Char(' ') + QLatin1String(units[unit]);
}

QString CostCountersPanel::milliseconds(double ms) {
    if (!(ms >= 0.0)) return QStringLiteral("—");
    return QString::number(ms, 'f', ms < 0.995 ? 3 : ms < 9.95 ? 2 : 1) + QStringLiteral(" ms");
}

void CostCountersPanel::setTiming(const RunSnapshot* snapshot) {
    QString text;
    if (snapshot) {
        //: Measured time per training step of the run, then the dense products' time.
        text = tr("<b>Measured:</b> %1 per step · dense products on the same shapes: %2")
                   .arg(milliseconds(snapshot->msPerStep), milliseconds(snapshot->denseProductsMs));
        if (!snapshot->backendNote.isEmpty())
            //: Why every layer stays on the dense backend, in the engine's words (English).
            text += QStringLiteral("<br>") +
                    tr("Runs dense: %1").arg(snapshot->backendNote.toHtmlEscaped());
    }
    if (m_timing->text() != text) m_timing->setText(text);
}

void CostCountersPanel::setStorage(const RunSnapshot* snapshot) {
    if (!snapshot || snapshot->bytesDenseFp32 <= 0) {
        for (QLabel* label : m_storage) label->setText(QStringLiteral("—"));
        return;
    }
    const long long dense = snapshot->bytesDenseFp32;
    // The saving against dense fp32, as in the table's last column.
    const auto withSaving = [&](long long bytes) {
        //: Storage size, then how many times smaller than dense fp32: "13.3 kB  (10.0× smaller)".
        return tr("%1  (%2 smaller)").arg(humanBytes(bytes), saving(dense, bytes));
    };
    const QString texts[StorageCount] = {humanBytes(dense), withSaving(snapshot->bytesCsrFp32),
                                         snapshot->quantized ? withSaving(snapshot->bytesCsrInt8)
                                                             : tr("off (quant.mode none)")};
    for (int k = 0; k < StorageCount; ++k)
        if (m_storage[k]->text() != texts[k]) m_storage[k]->setText(texts[k]);
}

CostCountersPanel::Cost CostCountersPanel::costOf(const LayerSnapshot& layer) {
    Cost cost;
    cost.denseParams = static_cast<long long>(layer.rows) * layer.cols;
    cost.sparseParams = layer.active;
    // A Dense weight does one multiply-add per example, a conv weight one per output pixel.
    cost.denseMacs = cost.denseParams * layer.macsPerWeight;
    cost.sparseMacs = layer.active * layer.macsPerWeight;
    return cost;
}

QString CostCountersPanel::saving(long long dense, long long sparse) {
    if (sparse <= 0) return QStringLiteral("—");
    return QString::number(double(dense) / double(sparse), 'f', 1) + QStringLiteral("×");
}

void CostCountersPanel::setRow(int row, const QString& name, const Cost& cost, bool bold,
                               const QString& backend) {
    // The engine names the backend ("dense" or "sparse"); the names are marked here so that
    // lupdate keeps their translations, and tr() passes any other name through unchanged.
    [[maybe_unused]] static constexpr const char* kBackendNames[] = {QT_TR_NOOP("sparse"),
                                                                     QT_TR_NOOP("dense")};
    const QString texts[ColumnCount] = {name,
                                        LayerSparsityPanel::count(cost.denseParams),
                                        LayerSparsityPanel::count(cost.sparseParams),
                                        LayerSparsityPanel::count(cost.denseMacs),
                                        LayerSparsityPanel::count(cost.sparseMacs),
                                        saving(cost.denseMacs, cost.sparseMacs),
                                        tr(backend.toUtf8().constData())};
    for (int c = 0; c < ColumnCount; ++c) {
        QTableWidgetItem* item = m_table->item(row, c);
        if (!item) {
            item = new QTableWidgetItem;
            m_table->setItem(row, c, item);
        }
        item->setTextAlignment((c == Layer || c == Backend ? Qt::AlignLeft : Qt::AlignRight) |
                               Qt::AlignVCenter);
        QFont font = item->font();
        font.setBold(bold);
        item->setFont(font);
        if (item->text() != texts[c]) item->setText(texts[c]);
    }
}

void CostCountersPanel::setSnapshot(const SnapshotPtr& snapshot) {
    m_snapshot = snapshot;
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
        setRow(r, layers[r].name, cost, false, layers[r].backend);
    }
    if (n > 0) setRow(n, tr("total"), total, true, QString());
    setStorage(snapshot.get());
    setTiming(snapshot.get());
}

}  // namespace sl::ui
