#include "controller/snapshot_size.h"

namespace sl::ui {
namespace {

template <class T>
std::size_t bytes(const std::vector<T>& v) {
    return v.size() * sizeof(T);
}
std::size_t bytes(const QString& s) { return static_cast<std::size_t>(s.size()) * sizeof(QChar); }

} // namespace

std::size_t layerBytes(const LayerSnapshot& l) {
    const UpdateExplanation& e = l.explanation;
    return sizeof(LayerSnapshot) + bytes(l.name) + bytes(l.kind) + bytes(l.dims) + bytes(l.weight) +
           bytes(l.mask) + bytes(l.grownFade) + bytes(l.prunedFade) +
           static_cast<std::size_t>(l.heatmap.sizeInBytes()) + bytes(l.activeHistogram) +
           bytes(l.prunedHistogram) + bytes(e.growCriterion) + bytes(e.keptMagnitudes) +
           bytes(e.droppedMagnitudes) + bytes(e.candidateScores) + bytes(e.grownScores);
}

std::size_t snapshotBytes(const RunSnapshot& s) {
    std::size_t total = sizeof(RunSnapshot) + bytes(s.notice) + bytes(s.method) +
                        bytes(s.history) + bytes(s.maskUpdates) + bytes(s.scheduleSteps) +
                        bytes(s.scheduleTarget) + bytes(s.scheduleDropFraction) +
                        bytes(s.expertFraction);
    for (const auto& change : s.parameterChanges) total += sizeof(change) + change.key.size();
    for (const auto& row : s.classRouting) total += bytes(row);
    for (const auto& layer : s.layers) total += layerBytes(layer);
    return total;
}

std::size_t copiedBytes(const RunSnapshot& s, const RunSnapshot*) {
    return snapshotBytes(s);  // every member is held by value
}

} // namespace sl::ui
