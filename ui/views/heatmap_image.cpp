#include "views/heatmap_image.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace sl::ui {

QString densityBlockText(const DensityMap& map, int x, int y) {
    if (map.empty() || x < 0 || y < 0 || x >= map.width || y >= map.height ||
        map.active.size() != map.at(0, map.height))
        return {};
    const QLocale locale;
    auto tr = [](const char* text) {
        return QCoreApplication::translate("sl::ui::MaskHeatmapView", text);
    };
    QString text =
        tr("rows %1–%2 (output), columns %3–%4 (input): %5 of %6 weights active (%7%)")
            .arg(locale.toString(map.rowBegin(y)), locale.toString(map.rowBegin(y + 1) - 1),
                 locale.toString(map.colBegin(x)), locale.toString(map.colBegin(x + 1) - 1),
                 locale.toString(map.activeAt(x, y)), locale.toString(map.total(x, y)),
                 locale.toString(map.fraction(x, y) * 100.0, 'g', 3));
    const std::uint8_t changed =
        map.changed.size() == map.active.size() ? map.changed[map.at(x, y)] : 0;
    if (changed & DensityMap::kGrew)
        text += tr(", weights grown here at the last update (step %1)").arg(map.changeStep);
    if (changed & DensityMap::kPruned)
        text += tr(", weights pruned here at the last update (step %1)").arg(map.changeStep);
    return text;
}

QString windowWeightText(const WeightWindow& window, int row, int col) {
    if (!window.contains(row, col) || window.mask.size() != window.weight.size() ||
        window.at(row, col) >= window.mask.size())
        return {};
    const std::size_t i = window.at(row, col);
    const bool active = window.mask[i] != 0;
    const std::uint8_t changed = i < window.changed.size() ? window.changed[i] : 0;
    auto tr = [](const char* text) {
        return QCoreApplication::translate("sl::ui::MaskHeatmapView", text);
    };
    const QString state = active && (changed & DensityMap::kGrew)      ? tr("just grown")
                          : !active && (changed & DensityMap::kPruned) ? tr("just pruned")
                          : active                                     ? tr("active")
                                                                       : tr("pruned");
    return tr("row %1 (output), column %2 (input): w = %3, %4")
        .arg(QLocale().toString(row), QLocale().toString(col),
             QLocale().toString(window.weight[i], 'g', 4), state);
}

QPoint ReceptiveFieldGrid::position(int unit, int pixel) const {
    const int tx = unit % tilesPerRow;
    const int ty = unit / tilesPerRow;
    return {tx * (imageCols + 1) + pixel % imageCols, ty * (imageRows + 1) + pixel / imageCols};
}

bool ReceptiveFieldGrid::hit(QPoint position, int* unit, int* pixel) const {
    if (position.x() < 0 || position.y() < 0 || position.x() >= width() || position.y() >= height())
        return false;
    const int tx = position.x() / (imageCols + 1);
    const int ty = position.y() / (imageRows + 1);
    const int px = position.x() % (imageCols + 1);
    const int py = position.y() % (imageRows + 1);
    if (px == imageCols || py == imageRows) return false;
    const int u = ty * tilesPerRow + tx;
    if (u >= units) return false;
    if (unit) *unit = u;
    if (pixel) *pixel = py * imageCols + px;
    return true;
}

int defaultTilesPerRow(int units) {
    if (units <= 0) return 1;
    return std::max(1, static_cast<int>(std::ceil(std::sqrt(units * 4.0 / 3.0))));
}

QImage buildReceptiveFieldImage(const LayerSnapshot& layer, int imageRows, int imageCols,
                                int tilesPerRow) {
    if (imageRows <= 0 || imageCols <= 0 || tilesPerRow <= 0 || layer.rows <= 0 ||
        layer.cols != imageRows * imageCols)
        return {};
    // Copying the heatmap's pixels guarantees the tiles use exactly the heatmap's colours.
    if (layer.heatmap.width() != layer.cols || layer.heatmap.height() != layer.rows) return {};
    const QImage heat = layer.heatmap.convertToFormat(QImage::Format_RGB32);

    const ReceptiveFieldGrid grid{layer.rows, imageRows, imageCols, tilesPerRow};
    QImage image(grid.width(), grid.height(), QImage::Format_RGB32);
    image.fill(kTileSeparator);
    for (int u = 0; u < layer.rows; ++u) {
        const auto* source = reinterpret_cast<const QRgb*>(heat.constScanLine(u));
        const QPoint origin = grid.position(u, 0);
        for (int y = 0; y < imageRows; ++y) {
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(origin.y() + y)) + origin.x();
            std::copy(source + y * imageCols, source + (y + 1) * imageCols, line);
        }
    }
    return image;
}

bool KernelColumns::hit(int x, int* col) const {
    if (!valid() || x < 0 || x >= width()) return false;
    const int within = x % (block() + 1);
    if (within == block()) return false;
    if (col) *col = x / (block() + 1) * block() + within;
    return true;
}

KernelColumns kernelColumnsOf(const LayerSnapshot& layer) {
    if (layer.kind != QLatin1String("conv2d") || layer.dims.size() != 4) return {};
    const KernelColumns columns{layer.dims[1], layer.dims[2]};
    if (layer.dims[2] != layer.dims[3] || columns.channels * columns.block() != layer.cols)
        return {};
    return columns;
}

QImage buildKernelImage(const LayerSnapshot& layer, const KernelColumns& columns) {
    if (!columns.valid() || layer.rows <= 0 || columns.channels * columns.block() != layer.cols)
        return {};
    if (layer.heatmap.width() != layer.cols || layer.heatmap.height() != layer.rows) return {};
    const QImage heat = layer.heatmap.convertToFormat(QImage::Format_RGB32);
    QImage image(columns.width(), layer.rows, QImage::Format_RGB32);
    image.fill(kKernelSeparator);
    const int block = columns.block();
    for (int r = 0; r < layer.rows; ++r) {
        const auto* source = reinterpret_cast<const QRgb*>(heat.constScanLine(r));
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
        for (int c = 0; c < columns.channels; ++c)
            std::copy(source + c * block, source + (c + 1) * block, line + c * (block + 1));
    }
    return image;
}

namespace {

// Fades start at 255 and halve at each later update, so the halvings count the updates.
int updatesAgo(std::uint8_t fade) {
    int ago = 0;
    for (int level = 255; level > fade && level > 1; level /= 2) ++ago;
    return ago;
}

// Free functions have no tr(): the texts are translated in the context of the heatmap view,
// which shows them.
QString fadingText(const QString& what, std::uint8_t fade) {
    const int ago = updatesAgo(fade);
    if (ago == 0) return what;
    if (ago == 1)
        return QCoreApplication::translate("sl::ui::MaskHeatmapView",
                                           "%1 (1 update before the last)")
            .arg(what);
    return QCoreApplication::translate("sl::ui::MaskHeatmapView", "%1 (%2 updates before the last)")
        .arg(what)
        .arg(ago);
}

}  // namespace

QString weightStateText(const LayerSnapshot& layer, int index) {
    const auto i = static_cast<std::size_t>(index);
    if (index < 0 || i >= layer.mask.size()) return {};
    const bool active = layer.mask[i] != 0;
    const std::uint8_t grown = i < layer.grownFade.size() ? layer.grownFade[i] : 0;
    const std::uint8_t pruned = i < layer.prunedFade.size() ? layer.prunedFade[i] : 0;
    if (active && grown > 0)
        return fadingText(QCoreApplication::translate("sl::ui::MaskHeatmapView", "just grown"),
                          grown);
    if (!active && pruned > 0)
        return fadingText(QCoreApplication::translate("sl::ui::MaskHeatmapView", "just pruned"),
                          pruned);
    return active ? QCoreApplication::translate("sl::ui::MaskHeatmapView", "active")
                  : QCoreApplication::translate("sl::ui::MaskHeatmapView", "pruned");
}

}  // namespace sl::ui
