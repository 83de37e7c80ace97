#include "controller/snapshot_size.h"

namespace sl::ui {
namespace {

template <class T> std::size_t bytes(const std::vector<T>& v) { return v.size() * sizeof(T); }
template <class T> std::size_t bytes(const SharedArray<T>& v) { return v.size() * sizeof(T); }
template <class T, std::size_t N> std::size_t bytes(const ChunkedSeries<T, N>& series) {
    return series.chunks().size() * (N * sizeof(T) + sizeof(void*)) + bytes(series.tail());
}
// What `series` holds that `previous` does not: chunks not among previous's (by identity,
// and chunks are only ever appended) and the tail.
template <class T, std::size_t N>
std::size_t newBytes(const ChunkedSeries<T, N>& series, const ChunkedSeries<T, N>* previous) {
    std::size_t shared = 0;
    if (previous)
        while (shared < series.chunks().size() && shared < previous->chunks().size() &&
               series.chunks()[shared] == previous->chunks()[shared])
            ++shared;
    return bytes(series) - shared * N * sizeof(T);
}
std::size_t bytes(const QString& s) { return static_cast<std::size_t>(s.size()) * sizeof(QChar); }

}  // namespace

std::size_t explanationBytes(const UpdateExplanation& e) {
    return bytes(e.growCriterion) + bytes(e.keptMagnitudes) + bytes(e.droppedMagnitudes) +
           bytes(e.candidateScores) + bytes(e.grownScores);
}

std::size_t layerBytes(const LayerSnapshot& l) {
    return sizeof(LayerSnapshot) + bytes(l.name) + bytes(l.kind) + bytes(l.dims) + bytes(l.weight) +
           bytes(l.mask) + bytes(l.grownFade) + bytes(l.prunedFade) +
           static_cast<std::size_t>(l.heatmap.sizeInBytes()) + bytes(l.activeHistogram) +
           bytes(l.prunedHistogram) + explanationBytes(*l.explanation);
}

std::size_t snapshotBytes(const RunSnapshot& s) {
    std::size_t total = sizeof(RunSnapshot) + bytes(s.notice) + bytes(s.method) + bytes(s.history) +
                        bytes(s.maskUpdates) + bytes(s.scheduleSteps) + bytes(s.scheduleTarget) +
                        bytes(s.scheduleDropFraction) + bytes(s.expertFraction);
    for (const auto& change : s.parameterChanges) total += sizeof(change) + change.key.size();
    for (const auto& row : s.classRouting) total += bytes(row);
    for (const auto& layer : s.layers) total += layerBytes(layer);
    return total;
}

std::size_t copiedBytes(const RunSnapshot& s, const RunSnapshot* previous) {
    // The series, the explanations, a shown layer's per-weight arrays and its heatmap pixels
    // are shared by pointer when unchanged; the rest is new.
    std::size_t total = snapshotBytes(s) - bytes(s.history) - bytes(s.maskUpdates) +
                        newBytes(s.history, previous ? &previous->history : nullptr) +
                        newBytes(s.maskUpdates, previous ? &previous->maskUpdates : nullptr);
    if (previous && previous->layers.size() == s.layers.size())
        for (std::size_t l = 0; l < s.layers.size(); ++l) {
            const LayerSnapshot& a = s.layers[l];
            const LayerSnapshot& b = previous->layers[l];
            if (a.explanation.sameAs(b.explanation)) total -= explanationBytes(*a.explanation);
            // Empty arrays share nothing: they hold no bytes either.
            if (a.weight.sameAs(b.weight)) total -= bytes(a.weight);
            if (a.mask.sameAs(b.mask)) total -= bytes(a.mask);
            if (a.grownFade.sameAs(b.grownFade)) total -= bytes(a.grownFade);
            if (a.prunedFade.sameAs(b.prunedFade)) total -= bytes(a.prunedFade);
            // One pixel buffer behind both images (QImage's implicit sharing).
            if (!a.heatmap.isNull() && a.heatmap.constBits() == b.heatmap.constBits())
                total -= static_cast<std::size_t>(a.heatmap.sizeInBytes());
        }
    return total;
}

}  // namespace sl::ui
