#include "train/random_search.h"

#include "util/error.h"
#include "util/rng.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sl {

std::string sampledValueText(double value, bool integer) {
    char text[48];
    if (integer)
        std::snprintf(text, sizeof text, "%lld", static_cast<long long>(std::llround(value)));
    else std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

std::vector<SweepPoint> randomPoints(const SweepSpec& spec, int trials, std::uint64_t seed) {
    if (trials < 1)
        throw ConfigError("--trials: got " + std::to_string(trials) + " — expected at least 1");
    Rng rng = Rng::derived(seed, 7);
    std::vector<SweepPoint> points;
    for (int t = 0; t < trials; ++t) {
        SweepPoint p;
        for (const auto& axis : spec.axes)
            p.overrides.emplace_back(axis.key, axis.values[rng.below(axis.values.size())]);
        for (const auto& r : spec.ranges) {
            // Double precision from two draws: uniform() has 24 bits, too coarse near lo.
            const double u = (static_cast<double>(rng.next() >> 11)) * 0x1.0p-53;
            double v = r.log ? std::exp(std::log(r.lo) + u * (std::log(r.hi) - std::log(r.lo)))
                             : r.lo + u * (r.hi - r.lo);
            v = std::clamp(v, r.lo, r.hi);
            if (r.integer)
                v = std::clamp<double>(std::llround(v), std::ceil(r.lo), std::floor(r.hi));
            p.overrides.emplace_back(r.key, sampledValueText(v, r.integer));
        }
        points.push_back(std::move(p));
    }
    return points;
}

}  // namespace sl
