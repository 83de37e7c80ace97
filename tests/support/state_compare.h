#pragma once

#include "train/trainer_state.h"

#include <cstring>
#include <string>
#include <vector>

namespace sl::test {

// Bit-for-bit comparisons: NaN equals NaN of the same bits, and 0.0 differs from -0.0, as a
// resumed run must reproduce them.
inline bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
inline bool sameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

inline bool sameBits(const Tensor& a, const Tensor& b) {
    // An empty tensor's data() is null, which memcmp may not be given even for 0 bytes (UBSan).
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           (a.size() == 0 || std::memcmp(a.data(), b.data(),
                                         sizeof(float) * static_cast<std::size_t>(a.size())) == 0);
}

template <class T> bool sameBits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), sizeof(T) * a.size()) == 0);
}

inline std::string metricDifference(const MetricPoint& a, const MetricPoint& b) {
    const double da[] = {a.lr,       a.trainLoss,      a.trainAccuracy, a.testLoss, a.testAccuracy,
                         a.sparsity, a.targetSparsity, a.dropFraction,  a.itop};
    const double db[] = {b.lr,       b.trainLoss,      b.trainAccuracy, b.testLoss, b.testAccuracy,
                         b.sparsity, b.targetSparsity, b.dropFraction,  b.itop};
    const char* names[] = {
        "lr",       "train_loss",      "train_accuracy", "test_loss", "test_accuracy",
        "sparsity", "target_sparsity", "drop_fraction",  "itop"};
    if (a.step != b.step) return "step";
    if (a.epoch != b.epoch) return "epoch";
    if (a.grown != b.grown) return "grown";
    if (a.pruned != b.pruned) return "pruned";
    for (int i = 0; i < 9; ++i)
        if (!sameBits(da[i], db[i]))
            return names[i] + std::string(": ") + std::to_string(da[i]) + " vs " +
                   std::to_string(db[i]);
    return {};
}

inline std::string eventDifference(const MaskUpdateEvent& a, const MaskUpdateEvent& b) {
    if (a.step != b.step || a.layer != b.layer) return "step or layer";
    if (a.prunedIndices != b.prunedIndices) return "pruned indices";
    if (a.grownIndices != b.grownIndices) return "grown indices";
    if (!sameBits(a.dropCutoff, b.dropCutoff) || !sameBits(a.growCutoff, b.growCutoff))
        return "cut-offs";
    if (!sameBits(a.dropFraction, b.dropFraction)) return "drop fraction";
    if (!sameBits(a.prunedScores, b.prunedScores) || !sameBits(a.grownScores, b.grownScores))
        return "scores";
    if (a.prunedUnlisted != b.prunedUnlisted || a.grownUnlisted != b.grownUnlisted)
        return "unlisted counts";
    if (a.prunedPositions != b.prunedPositions || a.grownPositions != b.grownPositions)
        return "positions";
    return {};
}

// The first difference between two trainer states, or "" when every piece is identical.
inline std::string stateDifference(const TrainerState& a, const TrainerState& b) {
    if (a.layers.size() != b.layers.size()) return "layer count";
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        const auto& x = a.layers[l];
        const auto& y = b.layers[l];
        const std::string at = "layer " + std::to_string(l + 1) + " ";
        if (!sameBits(x.weight, y.weight)) return at + "weight";
        if (!sameBits(x.bias, y.bias)) return at + "bias";
        if (!sameBits(x.mask, y.mask)) return at + "mask";
        if (x.everActive != y.everActive) return at + "ever-active";
        if (x.latent != y.latent) return at + "latent flag";
        if (x.sparseOnly != y.sparseOnly) return at + "CSR-only flag";
        if (x.csr.rows != y.csr.rows || x.csr.cols != y.csr.cols || x.csr.rowPtr != y.csr.rowPtr ||
            x.csr.colIdx != y.csr.colIdx)
            return at + "CSR structure";
        if (!sameBits(x.csr.values, y.csr.values)) return at + "CSR values";
        const auto& s = x.stats;
        const auto& t = y.stats;
        if (s.parameters != t.parameters || s.active != t.active || s.everActive != t.everActive ||
            s.totalPruned != t.totalPruned || s.totalGrown != t.totalGrown ||
            s.lastPruned != t.lastPruned || s.lastGrown != t.lastGrown ||
            s.lastUpdateStep != t.lastUpdateStep)
            return at + "tracker figures";
    }
    if (a.methodState.size() != b.methodState.size()) return "method state count";
    for (std::size_t i = 0; i < a.methodState.size(); ++i)
        if (a.methodState[i].name != b.methodState[i].name ||
            !sameBits(a.methodState[i].value, b.methodState[i].value))
            return "method state " + a.methodState[i].name;
    if (a.optimizerName != b.optimizerName || a.optimizerSteps != b.optimizerSteps)
        return "optimizer name or step count";
    if (a.optimizer.size() != b.optimizer.size()) return "optimizer tensor count";
    for (std::size_t i = 0; i < a.optimizer.size(); ++i)
        if (a.optimizer[i].param != b.optimizer[i].param ||
            a.optimizer[i].kind != b.optimizer[i].kind ||
            !sameBits(a.optimizer[i].value, b.optimizer[i].value))
            return "optimizer " + a.optimizer[i].param + " " + a.optimizer[i].kind;
    if (a.rng != b.rng) return "generator state";
    if (a.batchEpoch != b.batchEpoch || a.batchPosition != b.batchPosition) return "batch position";
    if (a.batchOrder != b.batchOrder) return "batch order";
    if (a.step != b.step) return "step " + std::to_string(a.step) + " vs " + std::to_string(b.step);
    if (a.history.size() != b.history.size())
        return "history length " + std::to_string(a.history.size()) + " vs " +
               std::to_string(b.history.size());
    for (std::size_t i = 0; i < a.history.size(); ++i)
        if (auto d = metricDifference(a.history[i], b.history[i]); !d.empty())
            return "history point " + std::to_string(i) + " " + d;
    if (a.events.size() != b.events.size()) return "event count";
    for (std::size_t i = 0; i < a.events.size(); ++i)
        if (auto d = eventDifference(a.events[i], b.events[i]); !d.empty())
            return "event " + std::to_string(i) + " " + d;
    if (a.changes.size() != b.changes.size()) return "parameter change count";
    for (std::size_t i = 0; i < a.changes.size(); ++i)
        if (a.changes[i].step != b.changes[i].step || a.changes[i].key != b.changes[i].key ||
            !sameBits(a.changes[i].from, b.changes[i].from) ||
            !sameBits(a.changes[i].to, b.changes[i].to))
            return "parameter change " + std::to_string(i);
    const auto& r = a.running;
    const auto& q = b.running;
    if (!sameBits(r.lossSum, q.lossSum) || r.correctSum != q.correctSum ||
        r.exampleSum != q.exampleSum || r.stepsSincePoint != q.stepsSincePoint ||
        r.grownSincePoint != q.grownSincePoint || r.prunedSincePoint != q.prunedSincePoint ||
        !sameBits(r.lastLoss, q.lastLoss))
        return "running sums";
    return {};
}

}  // namespace sl::test
