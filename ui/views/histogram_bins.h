#pragma once

#include <vector>

namespace sl::ui {

// Counts of values in `bins` equal bins over [lo, hi]. A value equal to hi falls in the last
// bin; values outside [lo, hi] and NaNs are not counted. Returns all zeros when hi <= lo.
std::vector<int> binCounts(const std::vector<float>& values, float lo, float hi, int bins);

// Round axis positions (steps of 1, 2 or 5 times a power of ten) covering [lo, hi] with at
// most maxTicks ticks, e.g. (0, 0.37, 5) -> 0, 0.1, 0.2, 0.3.
std::vector<double> niceTicks(double lo, double hi, int maxTicks);

// The step niceTicks uses: the smallest of 1, 2, 5 x 10^k that is at least range / intervals.
double niceStep(double range, int intervals);

}  // namespace sl::ui
