#pragma once

#include "train/trainer.h"

#include <vector>

namespace sl::test {

// Keeps the loss of every step a Trainer reports, so that two runs (whole, or paused and
// resumed) can be compared step by step. Stops the run after step stopAfter when it is set.
struct LossRecorder : sl::TrainObserver {
    std::vector<double> losses;
    long long stopAfter = -1;  // -1: never stop
    bool onStep(long long step, double loss) override {
        losses.push_back(loss);
        return step != stopAfter;
    }
};

}  // namespace sl::test
