#pragma once

#include "sparsity/mask_event.h"
#include "train/metrics.h"

#include <string>
#include <vector>

namespace sl {

// The metric history as CSV: step, epoch, lr, train_loss, train_accuracy, test_loss,
// test_accuracy, sparsity, target_sparsity, drop_fraction, pruned and grown (since the
// previous row), itop. Values a point does not have (test figures between evaluations) are
// left empty.
std::string metricsCsv(const MetricHistory& history);
void writeMetricsCsv(const std::string& path, const MetricHistory& history);

} // namespace sl

namespace sl {

// One row per mask change: step, layer (1-based), pruned, grown.
std::string maskEventsCsv(const std::vector<MaskUpdateEvent>& events);
void writeMaskEventsCsv(const std::string& path, const std::vector<MaskUpdateEvent>& events);

} // namespace sl
