#pragma once

#include "controller/snapshot.h"

#include <QImage>

namespace sl::ui {

// The one place a layer's heatmap image is made, from plain data with QImage only (no
// widgets). SnapshotBuilder calls it on the worker thread for the layers on screen; the views
// only draw the image a snapshot carries (or lay its pixels out again), never build it.

// The largest |w| among the layer's active weights: the top of the magnitude shading.
// Pruned weights are left out because their latent value does not reach the output.
float maxActiveMagnitude(const LayerSnapshot& layer);

// cols x rows pixels, one per weight (inputs across, outputs down), each coloured with
// palette::weightColor(active, |w| / maxActiveMagnitude, grownFade, prunedFade).
QImage buildHeatmapImage(const LayerSnapshot& layer);

// A density map as width × height pixels, one per block, coloured by palette::densityColor
// with the densest block brightest. Null for an empty map.
QImage buildDensityImage(const DensityMap& map);

// A zoomed-in window of a density-mapped layer at one pixel per weight, coloured as the
// per-weight heatmap (magnitudes against the window's largest active |w|, the last update's
// grown and pruned weights at full colour).
QImage buildWindowImage(const WeightWindow& window);

// How many heatmap and density images this process has built: the tests check that applying
// a snapshot to the views builds none.
long long heatmapImagesBuilt();

}  // namespace sl::ui
