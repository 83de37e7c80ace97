#pragma once

#include <memory>
#include <string>
#include <vector>

namespace sl {

// Learning rate as a function of the step (0-based), computed afresh every step from the step
// alone, so a resumed run gets the same rates without any stored schedule state.
struct LrScheduleSpec {
    std::string name = "constant";  // constant | step | cosine
    float baseLr = 0.01f;
    long long totalSteps = 1;  // cosine: where the rate reaches minLr
    long long stepEvery = 1;   // step: multiply by gamma every stepEvery steps
    float gamma = 0.1f;
    float minLr = 0.0f;         // cosine floor
    long long warmupSteps = 0;  // linear ramp from 0 over the first steps (any schedule)
};

float learningRateAt(const LrScheduleSpec& spec, long long step);

std::vector<std::string> lrScheduleNames();

}  // namespace sl
