#include "views/histogram_bins.h"

#include <algorithm>
#include <cmath>

namespace sl::ui {

std::vector<int> binCounts(const std::vector<float>& values, float lo, float hi, int bins) {
    std::vector<int> counts(static_cast<std::size_t>(std::max(bins, 0)), 0);
    if (bins <= 0 || !(hi > lo)) return counts;
    const double scale = bins / (static_cast<double>(hi) - lo);
    for (const float v : values) {
        if (!(v >= lo && v <= hi)) continue;  // also drops NaN
        const int bin = std::min(bins - 1, static_cast<int>((v - static_cast<double>(lo)) * scale));
        ++counts[static_cast<std::size_t>(bin)];
    }
    return counts;
}

namespace {

// A step as mantissa (1, 2 or 5) times 10^exponent, so ticks can be computed as exact decimals.
struct Step {
    double mantissa = 1.0;
    int exponent = 0;
    double value() const { return scaled(1.0); }
    // k steps; dividing by a power of ten (rather than multiplying by 0.1) gives 0.3, not
    // 0.30000000000000004, so labels stay clean.
    double scaled(double k) const {
        return exponent < 0 ? k * mantissa / std::pow(10.0, -exponent)
                            : k * mantissa * std::pow(10.0, exponent);
    }
};

Step stepFor(double range, int intervals) {
    if (!(range > 0.0) || intervals <= 0) return {};
    const double raw = range / intervals;
    int exponent = static_cast<int>(std::floor(std::log10(raw)));
    for (;;) {
        for (const double m : {1.0, 2.0, 5.0}) {
            const Step step{m, exponent};
            if (step.value() >= raw * (1.0 - 1e-9)) return step;
        }
        ++exponent;
    }
}

}  // namespace

double niceStep(double range, int intervals) { return stepFor(range, intervals).value(); }

std::vector<double> niceTicks(double lo, double hi, int maxTicks) {
    std::vector<double> ticks;
    if (!(hi >= lo) || maxTicks < 2) return ticks;
    if (hi == lo) return {lo};
    const Step step = stepFor(hi - lo, maxTicks - 1);
    const double size = step.value();
    const auto first = static_cast<long long>(std::ceil(lo / size - 1e-9));
    const auto last = static_cast<long long>(std::floor(hi / size + 1e-9));
    for (long long k = first; k <= last && static_cast<int>(ticks.size()) < maxTicks + 1; ++k)
        ticks.push_back(k == 0 ? 0.0 : step.scaled(static_cast<double>(k)));
    return ticks;
}

}  // namespace sl::ui
