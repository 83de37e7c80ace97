#pragma once

#include <string>
#include <vector>

namespace sl {

// Target sparsity over steps, composable with any method. Steps count optimizer steps done.
//   constant: target from the start
//   one-shot: 0 before startStep, target from startStep on
//   linear:   initial -> target, linearly between startStep and endStep
//   cubic:    Zhu & Gupta (2017): s_t = s_f + (s_i - s_f)(1 - (t - t0)/(t1 - t0))^3
// Gradual schedules move only at update steps (every deltaT steps from startStep), so the
// target is a staircase that a mask can follow exactly.
struct SparsitySchedule {
    std::string kind = "constant";
    double initial = 0.0;
    double target = 0.9;
    long long startStep = 0;
    long long endStep = 1;
    long long deltaT = 100;

    double at(long long step) const;
    // Steps at which a pruning method should bring its masks to at(step).
    bool isUpdateStep(long long step) const;
};

// RigL's drop fraction (Evci et al. 2020): alpha_t = alpha/2 (1 + cos(pi t / tEnd)) for
// "cosine", alpha for "constant"; 0 from tEnd on.
struct DropFractionSchedule {
    std::string kind = "cosine";
    double alpha = 0.3;
    long long tEnd = 1;

    double at(long long step) const;
};

std::vector<std::string> sparsityScheduleNames();
std::vector<std::string> dropScheduleNames();

}  // namespace sl
