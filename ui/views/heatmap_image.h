#pragma once

#include "controller/snapshot.h"
#include "heatmap/heatmap_builder.h"

#include <QImage>
#include <QPoint>
#include <QRgb>
#include <QString>

namespace sl::ui {

// How the heatmap view lays out and explains the image a snapshot carries (built once, on the
// worker, by heatmap/heatmap_builder.h): receptive-field tiles, conv kernel columns, hover texts.

// The line between receptive-field tiles: a neutral grey that neither the near-black of a
// pruned weight nor the grey-blue shades of kept weights can be mistaken for.
inline constexpr QRgb kTileSeparator = qRgb(120, 120, 120);
// Between the channels of a conv kernel: fainter than the tile line, as it only groups columns.
inline constexpr QRgb kKernelSeparator = qRgb(72, 72, 72);

// What hovering block (x, y) says: its row and column ranges, active and total weights, and
// whether the last mask update grew or pruned weights there. Empty off the map.
QString densityBlockText(const DensityMap& map, int x, int y);

// What hovering weight (row, col) of the window says; empty outside it.
QString windowWeightText(const WeightWindow& window, int row, int col);

// Where the receptive-field grid puts things: each output unit's incoming weights as an
// imageRows x imageCols tile, tilesPerRow tiles across, 1-pixel separators between tiles.
struct ReceptiveFieldGrid {
    int units = 0;
    int imageRows = 0;
    int imageCols = 0;
    int tilesPerRow = 1;

    int tileRows() const { return tilesPerRow > 0 ? (units + tilesPerRow - 1) / tilesPerRow : 0; }
    int width() const { return tilesPerRow * (imageCols + 1) - 1; }
    int height() const { return tileRows() * (imageRows + 1) - 1; }
    // The image position of pixel p (row-major in the input image) of unit u's tile.
    QPoint position(int unit, int pixel) const;
    // The unit and input pixel under an image position; false on a separator or empty tile.
    bool hit(QPoint position, int* unit, int* pixel) const;
};

// About 4:3 tiles across:down, which suits a dock wider than tall (300 units -> 20 x 15).
int defaultTilesPerRow(int units);

// The layer's units as tiles (see ReceptiveFieldGrid): the pixels of the layer's heatmap,
// moved. Requires cols ==
// imageRows * imageCols and the layer's heatmap; returns a null image otherwise.
QImage buildReceptiveFieldImage(const LayerSnapshot& layer, int imageRows, int imageCols,
                                int tilesPerRow);

// A conv kernel, weight (out_channels, in_channels * k * k), shown with a 1-pixel separator
// column after each input channel's k*k block: a filter's row then reads as its in_channels
// small kernels side by side instead of one long undivided strip.
struct KernelColumns {
    int channels = 0;  // in_channels; 0 when the layer is not a conv kernel
    int kernel = 0;    // k

    bool valid() const { return channels > 0 && kernel > 0; }
    int block() const { return kernel * kernel; }
    int width() const { return channels * (block() + 1) - 1; }
    // The image column of weight column `col` (c * k*k + ky * k + kx).
    int imageX(int col) const { return col / block() * (block() + 1) + col % block(); }
    // The weight column under image column x; false on a separator or outside.
    bool hit(int x, int* col) const;
};

// The kernel layout of a conv layer's snapshot (kind "conv2d", dims {out, in, k, k}); an
// invalid KernelColumns for any other layer.
KernelColumns kernelColumnsOf(const LayerSnapshot& layer);

// The layer's heatmap (one pixel per weight) with KernelColumns' separators inserted. Null
// when `columns` does not match the layer or it has no heatmap.
QImage buildKernelImage(const LayerSnapshot& layer, const KernelColumns& columns);

// "active", "pruned", "just grown" or "just pruned" for the weight at a flat index; a fading
// mark (grown or pruned at an earlier update) adds how many updates ago.
QString weightStateText(const LayerSnapshot& layer, int index);

}  // namespace sl::ui
