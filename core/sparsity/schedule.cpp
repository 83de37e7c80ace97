#include "sparsity/schedule.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sl {

double SparsitySchedule::at(long long step) const {
    if (kind == "constant") return target;
    if (kind == "one-shot") return step >= startStep ? target : 0.0;
    if (step <= startStep) return initial;
    if (step >= endStep) return target;
    // Hold the value of the last update step, so the target moves only when masks can.
    const long long span = std::max(1LL, endStep - startStep);
    const long long held = startStep + (step - startStep) / deltaT * deltaT;
    const double progress = std::clamp(double(held - startStep) / double(span), 0.0, 1.0);
    if (kind == "linear") return initial + (target - initial) * progress;
    if (kind != "cubic") throw ConfigError("sparsity.schedule: unknown schedule '" + kind + "'");
    const double remaining = 1.0 - progress;
    return target + (initial - target) * remaining * remaining * remaining;
}

bool SparsitySchedule::isUpdateStep(long long step) const {
    if (kind == "constant") return false;
    if (kind == "one-shot") return step == startStep;
    if (step < startStep || step > endStep) return false;
    return (step - startStep) % deltaT == 0 || step == endStep;
}

double DropFractionSchedule::at(long long step) const {
    if (step >= tEnd) return 0.0;
    if (kind == "constant") return alpha;
    if (kind != "cosine")
        throw ConfigError("sparsity.drop_schedule: unknown schedule '" + kind + "'");
    return alpha / 2.0 * (1.0 + std::cos(std::numbers::pi * double(step) / double(tEnd)));
}

std::vector<std::string> sparsityScheduleNames() {
    return {"constant", "one-shot", "linear", "cubic"};
}
std::vector<std::string> dropScheduleNames() { return {"cosine", "constant"}; }

}  // namespace sl
