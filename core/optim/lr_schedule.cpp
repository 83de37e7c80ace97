#include "optim/lr_schedule.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace sl {

std::vector<std::string> lrScheduleNames() { return {"constant", "step", "cosine"}; }

float learningRateAt(const LrScheduleSpec& spec, long long step) {
    step = std::max(step, 0LL);
    const double base = spec.baseLr;
    double lr = base;
    if (spec.name == "constant") {
        lr = base;
    } else if (spec.name == "step") {
        if (spec.stepEvery <= 0) {
            throw ConfigError("lr_schedule.step_every: got " + std::to_string(spec.stepEvery) +
                              " — expected > 0");
        }
        lr = base * std::pow(double(spec.gamma), double(step / spec.stepEvery));
    } else if (spec.name == "cosine") {
        if (spec.totalSteps <= 0) {
            throw ConfigError("lr_schedule.total_steps: got " + std::to_string(spec.totalSteps) +
                              " — expected > 0");
        }
        const double progress = double(std::min(step, spec.totalSteps)) / double(spec.totalSteps);
        const double minLr = spec.minLr;
        lr = minLr + (base - minLr) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
    } else {
        throw ConfigError("lr_schedule.name: got '" + spec.name +
                          "' — expected one of constant, step, cosine");
    }
    if (spec.warmupSteps > 0) {
        lr *= std::min(1.0, double(step + 1) / double(spec.warmupSteps));
    }
    return static_cast<float>(lr);
}

}  // namespace sl
