#pragma once

#include "sparsity/mask_event.h"
#include "train/metrics.h"

#include <string>
#include <vector>

namespace sl {

// The metric history as CSV: step, epoch, lr, train_loss, train_accuracy, test_loss,
// test_accuracy, sparsity, target_sparsity, drop_fraction, pruned and grown (since the
// previous row), itop, validation_loss, validation_accuracy. Values a point does not have
// (test and validation figures between evaluations, validation without data.validation) are
// left empty.
std::string metricsCsv(const MetricHistory& history);
void writeMetricsCsv(const std::string& path, const MetricHistory& history);

}  // namespace sl

namespace sl {

// One row per mask change: step, layer, pruned, grown. The layer is named as the window and
// the summaries name it (layerNames[event.layer]: "dense1", "conv2"); an index past the list
// is written 1-based, as a number.
std::string maskEventsCsv(const std::vector<MaskUpdateEvent>& events,
                          const std::vector<std::string>& layerNames);
void writeMaskEventsCsv(const std::string& path, const std::vector<MaskUpdateEvent>& events,
                        const std::vector<std::string>& layerNames);

}  // namespace sl
