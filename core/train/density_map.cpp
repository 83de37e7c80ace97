#include "train/density_map.h"

#include "util/error.h"

#include <algorithm>
#include <string>

namespace sl {

double DensityMap::maxFraction() const {
    double largest = 0.0;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) largest = std::max(largest, fraction(x, y));
    return largest;
}

DensityMap densityGrid(int rows, int cols, int maxWidth, int maxHeight) {
    if (rows <= 0 || cols <= 0 || maxWidth <= 0 || maxHeight <= 0)
        throw ShapeError("density map: a " + std::to_string(rows) + " × " + std::to_string(cols) +
                         " layer in " + std::to_string(maxWidth) + " × " +
                         std::to_string(maxHeight) + " blocks — expected positive sizes");
    DensityMap map;
    map.rows = rows;
    map.cols = cols;
    map.width = std::min(cols, maxWidth);
    map.height = std::min(rows, maxHeight);
    map.active.assign(static_cast<std::size_t>(map.width) * map.height, 0);
    map.changed.assign(map.active.size(), 0);
    return map;
}

DensityMap densityMapOf(const CsrMatrix& w, int maxWidth, int maxHeight) {
    DensityMap map = densityGrid(w.rows, w.cols, maxWidth, maxHeight);
    if (w.rowPtr.size() != static_cast<std::size_t>(w.rows) + 1)
        throw ShapeError("density map: indptr has " + std::to_string(w.rowPtr.size()) +
                         " entries — expected rows + 1 = " + std::to_string(w.rows + 1));
    // Column → block through the closed form, not a table: O(1) per active weight.
    for (int r = 0; r < w.rows; ++r) {
        long long* line = map.active.data() + map.at(0, map.blockOfRow(r));
        const auto begin = static_cast<std::size_t>(w.rowPtr[static_cast<std::size_t>(r)]);
        const auto end = static_cast<std::size_t>(w.rowPtr[static_cast<std::size_t>(r) + 1]);
        for (std::size_t k = begin; k < end && k < w.colIdx.size(); ++k) {
            const std::int32_t c = w.colIdx[k];
            if (c >= 0 && c < w.cols) ++line[map.blockOfCol(c)];
        }
    }
    return map;
}

DensityMap densityMapOfMask(const float* mask, int rows, int cols, int maxWidth, int maxHeight) {
    DensityMap map = densityGrid(rows, cols, maxWidth, maxHeight);
    for (int r = 0; r < rows; ++r) {
        long long* line = map.active.data() + map.at(0, map.blockOfRow(r));
        const float* m = mask + static_cast<std::size_t>(r) * static_cast<std::size_t>(cols);
        for (int x = 0; x < map.width; ++x) {
            long long count = 0;
            for (int c = map.colBegin(x); c < map.colBegin(x + 1); ++c) count += m[c] != 0.0f;
            line[x] += count;
        }
    }
    return map;
}

void markChanges(DensityMap& map, const MaskUpdateEvent& event) {
    std::fill(map.changed.begin(), map.changed.end(), std::uint8_t(0));
    map.changeStep = event.step;
    map.changesMarked = 0;
    map.changesTotal = static_cast<long long>(event.pruned()) + event.grown();
    if (map.empty()) return;
    const long long weights = static_cast<long long>(map.rows) * map.cols;
    auto mark = [&](long long flat, std::uint8_t bit) {
        if (flat < 0 || flat >= weights) return;
        const int r = static_cast<int>(flat / map.cols);
        const int c = static_cast<int>(flat % map.cols);
        map.changed[map.at(map.blockOfCol(c), map.blockOfRow(r))] |= bit;
        ++map.changesMarked;
    };
    for (std::int32_t i : event.grownIndices) mark(i, DensityMap::kGrew);
    for (std::int32_t i : event.prunedIndices) mark(i, DensityMap::kPruned);
    for (long long i : event.grownPositions) mark(i, DensityMap::kGrew);
    for (long long i : event.prunedPositions) mark(i, DensityMap::kPruned);
}

namespace {

// The window cut to a rows × cols layer, with its buffers sized; refuses what no view needs.
WeightWindow cutWindow(int layerRows, int layerCols, int row0, int col0, int rows, int cols) {
    const int r0 = std::max(0, row0);
    const int c0 = std::max(0, col0);
    const long long r1 = std::min<long long>(layerRows, static_cast<long long>(row0) + rows);
    const long long c1 = std::min<long long>(layerCols, static_cast<long long>(col0) + cols);
    if (r1 <= r0 || c1 <= c0)
        throw ShapeError("weight window: rows " + std::to_string(row0) + " + " +
                         std::to_string(rows) + ", columns " + std::to_string(col0) + " + " +
                         std::to_string(cols) + " — expected a part of the " +
                         std::to_string(layerRows) + " × " + std::to_string(layerCols) + " layer");
    if ((r1 - r0) * (c1 - c0) > WeightWindow::kMaxWeights)
        throw ShapeError("weight window: " + std::to_string(r1 - r0) + " × " +
                         std::to_string(c1 - c0) + " weights — expected at most " +
                         std::to_string(WeightWindow::kMaxWeights));
    WeightWindow window;
    window.row0 = r0;
    window.col0 = c0;
    window.rows = static_cast<int>(r1 - r0);
    window.cols = static_cast<int>(c1 - c0);
    const auto n = static_cast<std::size_t>((r1 - r0) * (c1 - c0));
    window.weight.assign(n, 0.0f);
    window.mask.assign(n, 0);
    window.changed.assign(n, 0);
    return window;
}

}  // namespace

WeightWindow csrWindow(const CsrMatrix& w, int row0, int col0, int rows, int cols) {
    WeightWindow window = cutWindow(w.rows, w.cols, row0, col0, rows, cols);
    if (w.rowPtr.size() != static_cast<std::size_t>(w.rows) + 1)
        throw ShapeError("weight window: indptr has " + std::to_string(w.rowPtr.size()) +
                         " entries — expected rows + 1 = " + std::to_string(w.rows + 1));
    const int colEnd = window.col0 + window.cols;
    for (int r = window.row0; r < window.row0 + window.rows; ++r) {
        // Columns ascend within a row: find the window's first one, read until its last.
        const auto* begin = w.colIdx.data() + w.rowPtr[static_cast<std::size_t>(r)];
        const auto* end = w.colIdx.data() + w.rowPtr[static_cast<std::size_t>(r) + 1];
        for (const auto* k = std::lower_bound(begin, end, window.col0); k != end && *k < colEnd;
             ++k) {
            const std::size_t i = window.at(r, *k);
            window.mask[i] = 1;
            window.weight[i] = w.values(k - w.colIdx.data(), 0);
        }
    }
    return window;
}

WeightWindow denseWindow(const float* weight, const float* mask, int layerRows, int layerCols,
                         int row0, int col0, int rows, int cols) {
    WeightWindow window = cutWindow(layerRows, layerCols, row0, col0, rows, cols);
    for (int r = window.row0; r < window.row0 + window.rows; ++r)
        for (int c = window.col0; c < window.col0 + window.cols; ++c) {
            const std::size_t flat =
                static_cast<std::size_t>(r) * static_cast<std::size_t>(layerCols) +
                static_cast<std::size_t>(c);
            const std::size_t i = window.at(r, c);
            window.mask[i] = mask[flat] != 0.0f;
            window.weight[i] = weight[flat];
        }
    return window;
}

void markChanges(WeightWindow& window, const MaskUpdateEvent& event, int layerCols) {
    std::fill(window.changed.begin(), window.changed.end(), std::uint8_t(0));
    if (window.empty() || layerCols <= 0) return;
    auto mark = [&](long long flat, std::uint8_t bit) {
        if (flat < 0) return;
        const long long r = flat / layerCols;
        const int c = static_cast<int>(flat % layerCols);
        if (r > window.row0 + window.rows) return;
        if (window.contains(static_cast<int>(r), c)) window.changed[window.at(int(r), c)] |= bit;
    };
    for (std::int32_t i : event.grownIndices) mark(i, DensityMap::kGrew);
    for (std::int32_t i : event.prunedIndices) mark(i, DensityMap::kPruned);
    for (long long i : event.grownPositions) mark(i, DensityMap::kGrew);
    for (long long i : event.prunedPositions) mark(i, DensityMap::kPruned);
}

}  // namespace sl
