#pragma once

// Internal to core/io: the names the checkpoint writer and reader share, so that the two can
// never disagree. datasets/checkpoint-format.md is the same table for people.

#include "nn/model.h"
#include "sparsity/sparsity_tracker.h"
#include "train/metrics.h"

#include <string>
#include <vector>

namespace sl::checkpoint_layout {

// /model/dense1 is the first prunable layer: the 1-based names of run summaries and CSVs.
inline std::string layerGroup(std::size_t index) {
    return "/model/dense" + std::to_string(index + 1);
}

// The optimizer state tensors per parameter, as Optimizer::state() names them.
inline std::vector<std::string> optimizerKinds(const std::string& optimizer) {
    if (optimizer == "sgd") return {"momentum"};
    return {"m", "v"};  // adam, adamw
}

// The params of layers that are not prunable (a mixture of experts' gate and experts), in the
// model's order and named as the optimizer state is: "moe1/gate/weight". Stored in /params.
std::vector<std::pair<std::string, Tensor*>> nonPrunableParams(Model& model);

// Biases (and their optimizer state) are stored 1-D, weights 2-D.
inline bool isVector(const std::string& param) { return param.ends_with("/bias"); }

// One column of /metrics per MetricPoint field, named as in the metrics CSV.
struct MetricColumn {
    const char* name;
    long long MetricPoint::*integer = nullptr;  // stored as int64
    int MetricPoint::*small = nullptr;          // stored as int32
    double MetricPoint::*real = nullptr;        // stored as float64
    bool optional = false;  // absent in files written before it existed: read as NaN
};

inline const std::vector<MetricColumn>& metricColumns() {
    static const std::vector<MetricColumn> columns{
        {"step", &MetricPoint::step},
        {"epoch", nullptr, &MetricPoint::epoch},
        {"lr", nullptr, nullptr, &MetricPoint::lr},
        {"train_loss", nullptr, nullptr, &MetricPoint::trainLoss},
        {"train_accuracy", nullptr, nullptr, &MetricPoint::trainAccuracy},
        {"test_loss", nullptr, nullptr, &MetricPoint::testLoss},
        {"test_accuracy", nullptr, nullptr, &MetricPoint::testAccuracy},
        {"sparsity", nullptr, nullptr, &MetricPoint::sparsity},
        {"target_sparsity", nullptr, nullptr, &MetricPoint::targetSparsity},
        {"drop_fraction", nullptr, nullptr, &MetricPoint::dropFraction},
        {"pruned", &MetricPoint::pruned},
        {"grown", &MetricPoint::grown},
        {"itop", nullptr, nullptr, &MetricPoint::itop},
        {"validation_loss", nullptr, nullptr, &MetricPoint::validationLoss, true},
        {"validation_accuracy", nullptr, nullptr, &MetricPoint::validationAccuracy, true},
    };
    return columns;
}

// The tracker's figures of a layer, as integer attributes of its /model/denseN group.
struct StatAttribute {
    const char* name;
    long long SparsityTracker::LayerStats::*integer = nullptr;
    int SparsityTracker::LayerStats::*small = nullptr;
};

inline const std::vector<StatAttribute>& statAttributes() {
    using S = SparsityTracker::LayerStats;
    static const std::vector<StatAttribute> attributes{
        {"parameters", &S::parameters},         {"active", &S::active},
        {"ever_active_count", &S::everActive},  {"total_pruned", &S::totalPruned},
        {"total_grown", &S::totalGrown},        {"last_pruned", nullptr, &S::lastPruned},
        {"last_grown", nullptr, &S::lastGrown}, {"last_update_step", &S::lastUpdateStep},
    };
    return attributes;
}

}  // namespace sl::checkpoint_layout
