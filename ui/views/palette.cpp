#include "views/palette.h"

#include "train/density_map.h"

#include <algorithm>
#include <cmath>

namespace sl::ui::palette {
namespace {

QRgb mix(QRgb a, QRgb b, float t) {
    auto channel = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
    return qRgb(channel(qRed(a), qRed(b)), channel(qGreen(a), qGreen(b)),
                channel(qBlue(a), qBlue(b)));
}

}  // namespace

QRgb weightColor(bool active, float magnitude01, std::uint8_t grownFade, std::uint8_t prunedFade) {
    // A square root spreads the many small magnitudes over more shades.
    const float shade = std::sqrt(std::clamp(magnitude01, 0.0f, 1.0f));
    const QRgb base = active ? mix(kKeptLow, kKeptHigh, shade) : kEmpty;
    if (active && grownFade > 0) return mix(base, kGrown, grownFade / 255.0f);
    if (!active && prunedFade > 0) return mix(base, kPruned, prunedFade / 255.0f);
    return base;
}

QRgb densityColor(long long active, double fraction01, std::uint8_t changed) {
    const bool grew = (changed & DensityMap::kGrew) != 0;
    const bool pruned = (changed & DensityMap::kPruned) != 0;
    if (grew && pruned) return mix(kGrown, kPruned, 0.5f);
    if (grew) return kGrown;
    if (pruned) return kPruned;
    if (active <= 0) return kEmpty;
    // The square root again: most blocks of a very sparse layer hold a few weights each.
    const auto shade = static_cast<float>(std::sqrt(std::clamp(fraction01, 0.0, 1.0)));
    return mix(kKeptLow, kKeptHigh, shade);
}

}  // namespace sl::ui::palette
