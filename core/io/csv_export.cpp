#include "io/csv_export.h"

#include "io/atomic_file.h"

#include <cmath>
#include <cstdio>

namespace sl {
namespace {

void appendNumber(std::string& out, double v) {
    out += ',';
    if (std::isnan(v)) return;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", v);
    out += buffer;
}

}  // namespace

std::string metricsCsv(const MetricHistory& history) {
    std::string out = "step,epoch,lr,train_loss,train_accuracy,test_loss,test_accuracy,"
                      "sparsity,target_sparsity,drop_fraction,pruned,grown,itop,"
                      "validation_loss,validation_accuracy\n";
    for (const auto& p : history) {
        out += std::to_string(p.step) + ',' + std::to_string(p.epoch);
        for (double v : {p.lr, p.trainLoss, p.trainAccuracy, p.testLoss, p.testAccuracy, p.sparsity,
                         p.targetSparsity, p.dropFraction})
            appendNumber(out, v);
        out += ',' + std::to_string(p.pruned) + ',' + std::to_string(p.grown);
        appendNumber(out, p.itop);
        appendNumber(out, p.validationLoss);
        appendNumber(out, p.validationAccuracy);
        out += '\n';
    }
    return out;
}

std::string maskEventsCsv(const std::vector<MaskUpdateEvent>& events,
                          const std::vector<std::string>& layerNames) {
    std::string out = "step,layer,pruned,grown\n";
    for (const auto& e : events)
        out += std::to_string(e.step) + ',' +
               (e.layer >= 0 && static_cast<std::size_t>(e.layer) < layerNames.size()
                    ? layerNames[static_cast<std::size_t>(e.layer)]
                    : std::to_string(e.layer + 1)) +
               ',' + std::to_string(e.pruned()) + ',' + std::to_string(e.grown()) + '\n';
    return out;
}

void writeMaskEventsCsv(const std::string& path, const std::vector<MaskUpdateEvent>& events,
                        const std::vector<std::string>& layerNames) {
    writeFileAtomically(path, maskEventsCsv(events, layerNames));
}

void writeMetricsCsv(const std::string& path, const MetricHistory& history) {
    writeFileAtomically(path, metricsCsv(history));
}

}  // namespace sl
