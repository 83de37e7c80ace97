#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace sl {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// One point of a run's history. Train figures average the steps since the previous point;
// test figures are set only at points where the test set was evaluated (NaN elsewhere).
struct MetricPoint {
    long long step = 0;  // optimizer steps done when the point was taken
    int epoch = 0;       // 1-based epoch the last step belonged to
    double lr = kNoValue;
    double trainLoss = kNoValue;
    double trainAccuracy = kNoValue;
    double testLoss = kNoValue;
    double testAccuracy = kNoValue;
    double sparsity = 0.0;        // actual, over all prunable weights
    double targetSparsity = 0.0;  // what the method's schedule asks for at this step
    double dropFraction = 0.0;    // rigl/set: α_t
    long long grown = 0;          // weights regrown since the previous point
    long long pruned = 0;         // weights pruned since the previous point
    double itop = 0.0;            // fraction of weights ever active so far
    // Validation figures: set where the test set was evaluated and data.validation > 0.
    double validationLoss = kNoValue;
    double validationAccuracy = kNoValue;

    bool hasTest() const { return !std::isnan(testAccuracy); }
    bool hasValidation() const { return !std::isnan(validationAccuracy); }
};

using MetricHistory = std::vector<MetricPoint>;

// A parameter changed while the run was going (ΔT, α, learning rate), so charts can mark it.
struct ParameterChange {
    long long step = 0;
    std::string key;  // the config key, e.g. "sparsity.delta_t"
    double from = 0.0;
    double to = 0.0;
};

}  // namespace sl
