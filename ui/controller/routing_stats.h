#pragma once

#include "controller/snapshot.h"
#include "train/trainer.h"

#include <cstdint>
#include <vector>

namespace sl::ui {

// Routings counted per expert and per (class, expert); each example counts topK times.
struct RoutingCounts {
    std::vector<long long> perExpert;              // (experts)
    std::vector<std::vector<long long>> perClass;  // (classes, experts)
};

// routing holds topK expert ids per example, example after example (MixtureOfExperts::
// routing()); labels one class per example. Throws ShapeError when they do not agree.
RoutingCounts countRouting(const std::vector<int>& routing, int topK,
                           const std::vector<std::int32_t>& labels, int experts, int classes);

// Runs the first `examples` test examples up to the model's mixture-of-experts layer and
// fills snapshot.expertFraction (fraction of all routings per expert, summing to 1) and
// classRouting[c][e] (fraction of class c's routings that went to e; each row sums to 1, or
// is all 0 for a class absent from the batch). Clears both when the model has no MoE layer.
// It overwrites the MoE layer's last-forward state, so it belongs between training steps
// (like Model::evaluate), never between a forward() and its backward(). The trainer's own
// activations are left alone: the batch goes through the layers on local buffers.
void fillRouting(Trainer& trainer, RunSnapshot& snapshot, int examples = 1000);

}  // namespace sl::ui
