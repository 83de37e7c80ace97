#include "heatmap/heatmap_builder.h"

#include "views/palette.h"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace sl::ui {
namespace {

std::atomic<long long> g_built{0};

}  // namespace

long long heatmapImagesBuilt() { return g_built.load(); }

float maxActiveMagnitude(const LayerSnapshot& layer) {
    float largest = 0.0f;
    const std::size_t n = std::min(layer.weight.size(), layer.mask.size());
    for (std::size_t i = 0; i < n; ++i)
        if (layer.mask[i]) largest = std::max(largest, std::abs(layer.weight[i]));
    return largest;
}

QImage buildHeatmapImage(const LayerSnapshot& layer) {
    const std::size_t n = static_cast<std::size_t>(layer.rows) * layer.cols;
    if (layer.rows <= 0 || layer.cols <= 0 || layer.weight.size() < n || layer.mask.size() < n)
        return {};
    ++g_built;
    const bool hasGrown = layer.grownFade.size() >= n;
    const bool hasPruned = layer.prunedFade.size() >= n;
    const float largest = maxActiveMagnitude(layer);
    const float scale = largest > 0.0f ? 1.0f / largest : 0.0f;

    QImage image(layer.cols, layer.rows, QImage::Format_RGB32);
    for (int r = 0; r < layer.rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
        const std::size_t base = static_cast<std::size_t>(r) * layer.cols;
        for (int c = 0; c < layer.cols; ++c) {
            const std::size_t i = base + c;
            line[c] = palette::weightColor(layer.mask[i] != 0, std::abs(layer.weight[i]) * scale,
                                           hasGrown ? layer.grownFade[i] : 0,
                                           hasPruned ? layer.prunedFade[i] : 0);
        }
    }
    return image;
}

QImage buildDensityImage(const DensityMap& map) {
    if (map.empty() || map.active.size() != map.at(0, map.height) ||
        map.changed.size() != map.active.size())
        return {};
    ++g_built;
    const double top = map.maxFraction();
    const double scale = top > 0.0 ? 1.0 / top : 0.0;
    QImage image(map.width, map.height, QImage::Format_RGB32);
    for (int y = 0; y < map.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < map.width; ++x)
            line[x] = palette::densityColor(map.activeAt(x, y), map.fraction(x, y) * scale,
                                            map.changed[map.at(x, y)]);
    }
    return image;
}

QImage buildWindowImage(const WeightWindow& window) {
    const auto n = static_cast<std::size_t>(window.rows) * static_cast<std::size_t>(window.cols);
    if (window.empty() || window.weight.size() != n || window.mask.size() != n) return {};
    float largest = 0.0f;
    for (std::size_t i = 0; i < n; ++i)
        if (window.mask[i]) largest = std::max(largest, std::abs(window.weight[i]));
    const float scale = largest > 0.0f ? 1.0f / largest : 0.0f;
    const bool marks = window.changed.size() == n;
    QImage image(window.cols, window.rows, QImage::Format_RGB32);
    for (int r = 0; r < window.rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
        for (int c = 0; c < window.cols; ++c) {
            const std::size_t i = static_cast<std::size_t>(r) * window.cols + c;
            const std::uint8_t changed = marks ? window.changed[i] : 0;
            line[c] = palette::weightColor(window.mask[i] != 0, std::abs(window.weight[i]) * scale,
                                           (changed & DensityMap::kGrew) ? 255 : 0,
                                           (changed & DensityMap::kPruned) ? 255 : 0);
        }
    }
    return image;
}

}  // namespace sl::ui
