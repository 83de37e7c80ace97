#include "views/palette.h"

#include <algorithm>
#include <cmath>

namespace sl::ui::palette {
namespace {

QRgb mix(QRgb a, QRgb b, float t) {
    auto channel = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
    return qRgb(channel(qRed(a), qRed(b)), channel(qGreen(a), qGreen(b)),
                channel(qBlue(a), qBlue(b)));
}

} // namespace

QRgb weightColor(bool active, float magnitude01, std::uint8_t grownFade, std::uint8_t prunedFade) {
    // A square root spreads the many small magnitudes over more shades.
    const float shade = std::sqrt(std::clamp(magnitude01, 0.0f, 1.0f));
    const QRgb base = active ? mix(kKeptLow, kKeptHigh, shade) : kEmpty;
    if (active && grownFade > 0) return mix(base, kGrown, grownFade / 255.0f);
    if (!active && prunedFade > 0) return mix(base, kPruned, prunedFade / 255.0f);
    return base;
}

} // namespace sl::ui::palette
