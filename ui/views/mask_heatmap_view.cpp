#include "views/mask_heatmap_view.h"

#include "views/heatmap_image.h"
#include "views/heatmap_legend.h"
#include "views/image_canvas.h"
#include "views/layer_combo.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace sl::ui {
namespace {

QToolButton* makeButton(QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setMinimumWidth(28);
    return button;
}

QString weightText(float w) { return QLocale().toString(w, 'g', 4); }

}  // namespace

MaskHeatmapView::MaskHeatmapView(QWidget* parent) : QWidget(parent) {
    m_layerCombo = new LayerCombo(this);
    m_fieldsButton = new QCheckBox(this);
    m_fieldsButton->setEnabled(false);
    auto* zoomOut = m_zoomOut = makeButton(this);
    auto* zoomIn = m_zoomIn = makeButton(this);
    auto* fit = m_fit = makeButton(this);

    auto* bar = new QHBoxLayout;
    m_layerLabel = new QLabel(this);
    m_layerLabel->setBuddy(m_layerCombo);
    bar->addWidget(m_layerLabel);
    bar->addWidget(m_layerCombo);
    bar->addWidget(m_fieldsButton);
    bar->addStretch(1);
    bar->addWidget(zoomOut);
    bar->addWidget(zoomIn);
    bar->addWidget(fit);

    m_canvas = new ImageCanvas(this);
    m_legend = new HeatmapLegend(this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumHeight(2 * m_status->fontMetrics().lineSpacing());
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_canvas, 1);
    layout->addWidget(m_legend);
    layout->addWidget(m_status);
    setMinimumSize(260, 220);

    connect(m_layerCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        rebuild();
        emit layerChanged(index);
    });
    connect(m_fieldsButton, &QCheckBox::toggled, this, &MaskHeatmapView::setReceptiveFields);
    connect(zoomIn, &QToolButton::clicked, m_canvas, &ImageCanvas::zoomIn);
    connect(zoomOut, &QToolButton::clicked, m_canvas, &ImageCanvas::zoomOut);
    connect(fit, &QToolButton::clicked, m_canvas, &ImageCanvas::fit);
    connect(m_canvas, &ImageCanvas::hoverChanged, this, [this] { refreshStatus(); });
    connect(m_canvas, &ImageCanvas::viewMoved, this, [this] {
        requestWindow();
        showWindow();
    });
    retranslate();
    rebuild();
}

void MaskHeatmapView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() != QEvent::LanguageChange) return;
    retranslate();
    refreshStatus();
}

void MaskHeatmapView::retranslate() {
    m_fieldsButton->setText(tr("Receptive fields"));
    m_fieldsButton->setToolTip(
        tr("Show each hidden unit's incoming weights as a small 28×28 image: which pixels the "
           "unit still looks at. Only for the first layer of a model trained on images."));
    m_zoomOut->setText(QStringLiteral("−"));
    m_zoomOut->setToolTip(tr("Zoom out (or scroll down over the image)"));
    m_zoomIn->setText(QStringLiteral("+"));
    m_zoomIn->setToolTip(tr("Zoom in (or scroll up over the image)"));
    m_fit->setText(tr("Fit"));
    m_fit->setToolTip(tr("Zoom so the whole layer fits the view"));
    m_layerLabel->setText(tr("Layer:"));
}

void MaskHeatmapView::setSnapshot(const SnapshotPtr& snapshot) {
    m_snapshot = snapshot;
    // May change the index (and rebuild through the signal); the rebuild below is cheap.
    m_layerCombo->setLayers(snapshot ? snapshot->layers : std::vector<LayerSnapshot>{});
    rebuild();
}

int MaskHeatmapView::currentLayer() const { return m_layerCombo->currentIndex(); }

void MaskHeatmapView::setCurrentLayer(int layer) {
    if (layer >= 0 && layer < m_layerCombo->count()) m_layerCombo->setCurrentIndex(layer);
}

void MaskHeatmapView::setReceptiveFields(bool on) {
    if (on == m_receptiveFields) return;
    m_receptiveFields = on;
    {
        const QSignalBlocker blocker(m_fieldsButton);
        m_fieldsButton->setChecked(on);
    }
    rebuild();
}

const LayerSnapshot* MaskHeatmapView::layer() const {
    const int index = currentLayer();
    if (!m_snapshot || index < 0 || index >= static_cast<int>(m_snapshot->layers.size()))
        return nullptr;
    return &m_snapshot->layers[static_cast<std::size_t>(index)];
}

bool MaskHeatmapView::receptiveFieldsAvailable() const {
    const LayerSnapshot* current = layer();
    return current && current->density.empty() && currentLayer() == 0 && m_snapshot->imageData &&
           m_snapshot->imageRows > 0 && m_snapshot->imageCols > 0 &&
           current->cols == m_snapshot->imageRows * m_snapshot->imageCols;
}

void MaskHeatmapView::rebuild() {
    const LayerSnapshot* current = layer();
    const bool available = receptiveFieldsAvailable();
    m_fieldsButton->setEnabled(available);
    // Only the first layer of an image model has receptive fields: elsewhere the box is
    // hidden, not greyed, so that a narrow view gives its room to the layer's name.
    m_fieldsButton->setVisible(available);
    const bool fields = m_receptiveFields && available;
    const int shown = current ? currentLayer() * 2 + (fields ? 1 : 0) : -1;

    if (!current) {
        m_image = QImage();
    } else if (!current->density.empty()) {
        m_image = current->heatmap;
    } else if (fields) {
        m_tilesPerRow = defaultTilesPerRow(current->rows);
        m_image = buildReceptiveFieldImage(*current, m_snapshot->imageRows, m_snapshot->imageCols,
                                           m_tilesPerRow);
    } else if (const KernelColumns kernel = kernelColumnsOf(*current);
               kernel.valid() && kernel.channels > 1) {
        m_image = buildKernelImage(*current, kernel);
    } else {
        // Built once, on the worker (SnapshotBuilder); shared here, not copied.
        m_image = current->heatmap;
    }
    // Plenty for a 4x6 layer is 96 screen pixels a weight; a block of a density map has to
    // grow as many times more as it holds weights across, to reach single weights.
    const DensityMap* map = current && !current->density.empty() ? &current->density : nullptr;
    m_canvas->setMaxZoom(
        map ? 96.0 * std::max(double(map->cols) / map->width, double(map->rows) / map->height)
            : 96.0);
    m_canvas->setImage(m_image);
    // Another layer or mode is a new picture: show all of it. A live update keeps the zoom.
    if (shown != m_shownLayer) m_canvas->fit();
    m_shownLayer = shown;
    requestWindow();
    showWindow();
    m_legend->setMaxMagnitude(current ? current->maxMagnitude : 0.0f);
    m_legend->setDensity(current && !current->density.empty() ? current->density.maxFraction()
                                                              : -1.0);
    refreshStatus();
}

bool MaskHeatmapView::receptiveFieldsShown() const {
    return m_receptiveFields && receptiveFieldsAvailable();
}

QString MaskHeatmapView::hoverText(QPoint pixel) const {
    const LayerSnapshot* current = layer();
    if (!current || pixel.x() < 0 || pixel.y() < 0) return {};
    if (!current->density.empty()) {
        const QPoint cell = m_canvas->hoveredOverlayCell();
        if (m_canvas->hasOverlay() && cell.x() >= 0 && pixel == m_canvas->hoveredPixel())
            return windowWeightText(current->window, current->window.row0 + cell.y(),
                                    current->window.col0 + cell.x());
        return densityBlockText(current->density, pixel.x(), pixel.y());
    }
    int row = pixel.y();
    int col = pixel.x();
    QString where;
    if (receptiveFieldsShown()) {
        const ReceptiveFieldGrid grid{current->rows, m_snapshot->imageRows, m_snapshot->imageCols,
                                      m_tilesPerRow};
        int unit = 0;
        int input = 0;
        if (!grid.hit(pixel, &unit, &input)) return {};
        row = unit;
        col = input;
        where = tr("unit %1, image pixel (row %2, column %3)")
                    .arg(unit)
                    .arg(input / m_snapshot->imageCols)
                    .arg(input % m_snapshot->imageCols);
    } else if (const KernelColumns kernel = kernelColumnsOf(*current); kernel.valid()) {
        // One pixel per column when a single channel needs no separators.
        if (row >= current->rows) return {};
        if (kernel.channels > 1 ? !kernel.hit(pixel.x(), &col) : col >= current->cols) return {};
        const int within = col % kernel.block();
        where = tr("filter %1, input channel %2, ky %3, kx %4")
                    .arg(row)
                    .arg(col / kernel.block())
                    .arg(within / kernel.kernel)
                    .arg(within % kernel.kernel);
    } else {
        if (row >= current->rows || col >= current->cols) return {};
        where = tr("row %1 (output), column %2 (input)").arg(row).arg(col);
    }
    const int index = row * current->cols + col;
    if (static_cast<std::size_t>(index) >= current->weight.size()) return {};
    return tr("%1: w = %2, %3")
        .arg(where, weightText(current->weight[static_cast<std::size_t>(index)]),
             weightStateText(*current, index));
}

namespace {

// Single weights replace blocks once a weight would be this many screen pixels wide.
constexpr double kPerWeightPixels = 3.0;

}  // namespace

MaskHeatmapView::WeightRange MaskHeatmapView::wantedWindow() const {
    const LayerSnapshot* current = layer();
    if (!current || current->density.empty()) return {};
    const DensityMap& map = current->density;
    const double perCol = double(map.width) / map.cols;  // image pixels per weight
    const double perRow = double(map.height) / map.rows;
    if (m_canvas->zoom() * std::min(perCol, perRow) < kPerWeightPixels) return {};
    const QRectF seen = m_canvas->visibleImageRect();
    if (seen.isEmpty()) return {};
    WeightRange range;
    range.layer = currentLayer();
    range.col0 = std::max(0, static_cast<int>(std::floor(seen.left() / perCol)));
    range.row0 = std::max(0, static_cast<int>(std::floor(seen.top() / perRow)));
    range.cols =
        std::min(map.cols, static_cast<int>(std::ceil(seen.right() / perCol))) - range.col0;
    range.rows =
        std::min(map.rows, static_cast<int>(std::ceil(seen.bottom() / perRow))) - range.row0;
    if (range.rows <= 0 || range.cols <= 0 ||
        static_cast<long long>(range.rows) * range.cols > WeightWindow::kMaxWeights)
        return {};
    return range;
}

void MaskHeatmapView::requestWindow() {
    const WeightRange wanted = wantedWindow();
    // A pan inside what the worker already reads asks nothing new.
    const bool inside = wanted.layer >= 0 && wanted.layer == m_requested.layer &&
                        wanted.row0 >= m_requested.row0 && wanted.col0 >= m_requested.col0 &&
                        wanted.row0 + wanted.rows <= m_requested.row0 + m_requested.rows &&
                        wanted.col0 + wanted.cols <= m_requested.col0 + m_requested.cols;
    if (inside || wanted == m_requested) return;
    m_requested = wanted;
    if (const LayerSnapshot* current = layer(); wanted.layer >= 0 && current) {
        // Half a view more on each side, when that stays small, so that panning a little
        // shows weights at once.
        WeightRange padded = wanted;
        padded.row0 = std::max(0, wanted.row0 - wanted.rows / 2);
        padded.col0 = std::max(0, wanted.col0 - wanted.cols / 2);
        padded.rows =
            std::min(current->rows, wanted.row0 + wanted.rows + wanted.rows / 2) - padded.row0;
        padded.cols =
            std::min(current->cols, wanted.col0 + wanted.cols + wanted.cols / 2) - padded.col0;
        if (static_cast<long long>(padded.rows) * padded.cols <= WeightWindow::kMaxWeights)
            m_requested = padded;
    }
    const WeightRange& asked = m_requested;
    emit windowRequested(asked.layer >= 0 ? asked.layer : currentLayer(), asked.row0, asked.col0,
                         asked.rows, asked.cols);
}

void MaskHeatmapView::showWindow() {
    const LayerSnapshot* current = layer();
    const bool close = wantedWindow().layer >= 0;
    if (!close || !current || current->window.empty()) {
        m_canvas->clearOverlay();
        return;
    }
    const WeightWindow& w = current->window;
    const DensityMap& map = current->density;
    const double perCol = double(map.width) / map.cols;
    const double perRow = double(map.height) / map.rows;
    m_canvas->setOverlay(buildWindowImage(w), QRectF(w.col0 * perCol, w.row0 * perRow,
                                                     w.cols * perCol, w.rows * perRow));
}

QString MaskHeatmapView::summaryText() const {
    const LayerSnapshot* current = layer();
    if (!current) return tr("No layers yet: start a run to see its masks.");
    const QLocale locale;
    QString text = tr("%1: %2 of %3 weights active (%4% sparse).")
                       .arg(current->name, locale.toString(current->active),
                            locale.toString(current->parameters))
                       .arg(locale.toString(current->sparsity * 100.0, 'f', 1));
    if (current->lastUpdateStep >= 0)
        text += tr(" Last mask update at step %1: pruned %2, grew %3.")
                    .arg(locale.toString(current->lastUpdateStep))
                    .arg(locale.toString(current->lastPruned))
                    .arg(locale.toString(current->lastGrown));
    if (const KernelColumns kernel = kernelColumnsOf(*current); kernel.valid())
        text += kernel.channels == 1
                    ? tr(" A row per filter: its %1×%1 kernel.").arg(kernel.kernel)
                    : tr(" A row per filter: its %1 input channels' %2×%2 kernels side by side.")
                          .arg(kernel.channels)
                          .arg(kernel.kernel);
    if (const DensityMap& map = current->density; !map.empty()) {
        text += tr(" Too big for a pixel per weight: each pixel is a block of about %1 × %2 "
                   "weights, brighter where more of them are active.")
                    .arg(locale.toString((map.rows + map.height - 1) / map.height))
                    .arg(locale.toString((map.cols + map.width - 1) / map.width));
        if (map.changesMarked < map.changesTotal)
            text += tr(" The highlights show %1 of the %2 weights the last update changed.")
                        .arg(locale.toString(map.changesMarked))
                        .arg(locale.toString(map.changesTotal));
    }
    if (receptiveFieldsShown())
        text += tr(" Each tile is one unit's incoming weights, unit 0 at the top left.");
    return text;
}

QString MaskHeatmapView::statusText() const { return m_status->text(); }

void MaskHeatmapView::refreshStatus() {
    const QString hover = hoverText(m_canvas->hoveredPixel());
    m_canvas->setHoverText(hover);
    m_status->setText(hover.isEmpty() ? summaryText() : hover);
}

}  // namespace sl::ui
