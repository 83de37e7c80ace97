#pragma once

#include "nn/csr_matrix.h"
#include "sparsity/mask_event.h"

#include <cstdint>
#include <vector>

namespace sl {

// A layer's mask seen from afar: the rows × cols weights cut into width × height blocks
// (block x covers columns [colBegin(x), colBegin(x + 1)), block y rows [rowBegin(y),
// rowBegin(y + 1)); edges fall where floor(x · cols / width) puts them, so blocks differ by
// at most one row or column), and per block how many weights are active and whether the
// layer's last mask update grew or pruned any there. Built on the engine side in
// O(nnz + rows + width · height) from a CSR; only these width · height figures travel to the
// window, never the layer's rows × cols.
struct DensityMap {
    static constexpr std::uint8_t kGrew = 1;
    static constexpr std::uint8_t kPruned = 2;

    int rows = 0;                       // the layer's outputs
    int cols = 0;                       // the layer's inputs
    int width = 0;                      // blocks across, over the columns
    int height = 0;                     // blocks down, over the rows
    std::vector<long long> active;      // (height · width), row-major: active weights
    std::vector<std::uint8_t> changed;  // (height · width): kGrew | kPruned at the last update
    long long changeStep = -1;          // the step of that update; -1 before any
    long long changesMarked = 0;        // changed positions the event listed (and were marked)
    long long changesTotal = 0;         // changed weights at that update (listed or not)

    bool empty() const { return width <= 0 || height <= 0; }
    int colBegin(int x) const { return static_cast<int>(static_cast<long long>(x) * cols / width); }
    int rowBegin(int y) const {
        return static_cast<int>(static_cast<long long>(y) * rows / height);
    }
    // The block holding column c (row r): the largest x with colBegin(x) <= c.
    int blockOfCol(int c) const {
        return static_cast<int>((static_cast<long long>(c + 1) * width - 1) / cols);
    }
    int blockOfRow(int r) const {
        return static_cast<int>((static_cast<long long>(r + 1) * height - 1) / rows);
    }
    std::size_t at(int x, int y) const {
        return static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
               static_cast<std::size_t>(x);
    }
    long long total(int x, int y) const {
        return static_cast<long long>(colBegin(x + 1) - colBegin(x)) *
               (rowBegin(y + 1) - rowBegin(y));
    }
    long long activeAt(int x, int y) const { return active[at(x, y)]; }
    double fraction(int x, int y) const {
        const long long n = total(x, y);
        return n > 0 ? double(activeAt(x, y)) / double(n) : 0.0;
    }
    // The densest block's active fraction: the top of the colour ramp.
    double maxFraction() const;
};

// A zoomed-in part of a layer at one entry per weight: rows [row0, row0 + rows) and columns
// [col0, col0 + cols), row-major. What a density map becomes when the view is close enough to
// show single weights; read from the CSR's rows in the window only.
struct WeightWindow {
    static constexpr long long kMaxWeights = 1LL << 18;  // 512 × 512: two screens' worth

    int row0 = 0;
    int col0 = 0;
    int rows = 0;
    int cols = 0;
    std::vector<float> weight;          // (rows · cols): the value, 0 where inactive
    std::vector<std::uint8_t> mask;     // 1 active
    std::vector<std::uint8_t> changed;  // DensityMap::kGrew | kPruned at the last update

    bool empty() const { return rows <= 0 || cols <= 0; }
    bool contains(int row, int col) const {
        return row >= row0 && row < row0 + rows && col >= col0 && col < col0 + cols;
    }
    std::size_t at(int row, int col) const {
        return static_cast<std::size_t>(row - row0) * static_cast<std::size_t>(cols) +
               static_cast<std::size_t>(col - col0);
    }
};

// The window of w at (row0, col0) of rows × cols, cut to the layer. O(rows · log(row length) +
// active weights in it). Throws ShapeError when the window (after the cut) is over
// WeightWindow::kMaxWeights or lies outside the layer.
WeightWindow csrWindow(const CsrMatrix& w, int row0, int col0, int rows, int cols);
// The same from a dense row-major weight and mask of layerRows × layerCols.
WeightWindow denseWindow(const float* weight, const float* mask, int layerRows, int layerCols,
                         int row0, int col0, int rows, int cols);
// Marks the window's weights that `event` grew or pruned (forgetting older marks).
void markChanges(WeightWindow& window, const MaskUpdateEvent& event, int layerCols);

// The block grid for a rows × cols layer in at most maxWidth × maxHeight blocks: one block per
// weight along a side that fits. Counts are zero. Throws ShapeError for a non-positive size.
DensityMap densityGrid(int rows, int cols, int maxWidth, int maxHeight);

// Active weights per block from a CSR's structure (its values are not read).
DensityMap densityMapOf(const CsrMatrix& w, int maxWidth, int maxHeight);

// The same from a dense (rows, cols) row-major mask, for a big layer that still has a dense
// view on the dense backend: O(rows · cols) on the engine side, the result as small.
DensityMap densityMapOfMask(const float* mask, int rows, int cols, int maxWidth, int maxHeight);

// Marks the blocks where `event` grew or pruned weights, forgetting older marks. Reads the
// event's int32 indices (layers with a dense view) or its bounded 64-bit positions (layers
// without); positions outside the layer are ignored.
void markChanges(DensityMap& map, const MaskUpdateEvent& event);

}  // namespace sl
