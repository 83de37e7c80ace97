#pragma once

#include <QColor>
#include <QRgb>
#include <cstdint>

namespace sl::ui {

// Colours shared by every view. Grown and pruned use the Okabe–Ito colour-blind-safe pair
// (bluish green and vermillion); kept weights are shaded from light to dark grey-blue by
// magnitude; pruned weights are near black.
namespace palette {

inline constexpr QRgb kGrown = qRgb(0, 158, 115);       // Okabe–Ito bluish green
inline constexpr QRgb kPruned = qRgb(213, 94, 0);       // Okabe–Ito vermillion
inline constexpr QRgb kEmpty = qRgb(24, 26, 32);        // a pruned weight, long settled
inline constexpr QRgb kKeptLow = qRgb(70, 90, 120);     // an active weight of tiny magnitude
inline constexpr QRgb kKeptHigh = qRgb(235, 240, 250);  // an active weight of the largest magnitude
inline constexpr QRgb kAccent = qRgb(0, 114, 178);      // Okabe–Ito blue, for curves and bars
inline constexpr QRgb kSecond = qRgb(230, 159, 0);      // Okabe–Ito orange
inline constexpr QRgb kThird = qRgb(204, 121, 167);     // Okabe–Ito reddish purple

// Run colours for compare mode, in order (Okabe–Ito without black).
inline QColor runColor(int index) {
    static const QRgb colors[] = {qRgb(0, 114, 178),   qRgb(230, 159, 0),  qRgb(0, 158, 115),
                                  qRgb(204, 121, 167), qRgb(86, 180, 233), qRgb(213, 94, 0),
                                  qRgb(240, 228, 66)};
    return QColor(colors[index % 7]);
}

// The colour of one weight in the heatmap. magnitude01 is |w| / max|w| in [0, 1]; the fades
// are 0..255. A fresh grow or prune wins over the magnitude shading, and fades back into it.
QRgb weightColor(bool active, float magnitude01, std::uint8_t grownFade, std::uint8_t prunedFade);

// The colour of one block of a density map. fraction01 is the block's active fraction over the
// densest block's, in [0, 1]; an empty block is kEmpty. changed holds DensityMap::kGrew and
// kPruned bits of the last update: a grown block is green, a pruned one vermillion, one with
// both is half of each.
QRgb densityColor(long long active, double fraction01, std::uint8_t changed);

}  // namespace palette
}  // namespace sl::ui
