#include "controller/sparse_explanation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace sl::ui {
namespace {

// The event's flat positions of one kind, ascending: int32 indices for a layer with a dense
// view, the bounded 64-bit list for one without.
std::vector<long long> positions(const std::vector<std::int32_t>& indices,
                                 const std::vector<long long>& listed) {
    std::vector<long long> out(indices.begin(), indices.end());
    out.insert(out.end(), listed.begin(), listed.end());
    std::sort(out.begin(), out.end());
    return out;
}

// Whether an ascending scan's position is in the sorted list: `next` walks the list along with
// the scan, so a whole layer costs one pass over both.
bool listed(const std::vector<long long>& sorted, std::size_t& next, long long position) {
    while (next < sorted.size() && sorted[next] < position) ++next;
    return next < sorted.size() && sorted[next] == position;
}

void explainKept(const CsrMatrix& w, const MaskUpdateEvent& event, UpdateExplanation& x) {
    const std::vector<long long> grown = positions(event.grownIndices, event.grownPositions);
    const long long total = std::max(0LL, w.nnz() - event.grown());
    // Every n-th kept weight, so that a 10-million-weight layer costs one pass and 1.2 MB.
    const long long stride =
        std::max(1LL, (total + static_cast<long long>(kMaxExplanationScores) - 1) /
                          static_cast<long long>(kMaxExplanationScores));
    x.keptMagnitudes.clear();
    x.keptMagnitudes.reserve(static_cast<std::size_t>(std::min(total, total / stride + 1)));
    long long seen = 0;
    std::size_t next = 0;
    for (int r = 0; r < w.rows; ++r) {
        for (std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)];
             k < w.rowPtr[static_cast<std::size_t>(r) + 1]; ++k) {
            const float value = w.values.data()[k];
            // Grown weights start at exactly 0; those past the listed bound are known by that.
            if (listed(grown, next, w.flatIndex(r, k)) ||
                (event.grownUnlisted > 0 && value == 0.0f))
                continue;
            if (seen++ % stride == 0) x.keptMagnitudes.push_back(std::abs(value));
        }
    }
    x.keptTotal = total;
}

void explainCandidates(const SparseWeights& layer, const MaskUpdateEvent& event,
                       UpdateExplanation& x) {
    const CsrMatrix& w = layer.matrix();
    const long long weights = static_cast<long long>(w.rows) * w.cols;
    x.candidateTotal = std::max(0LL, weights - w.nnz() - event.pruned());
    x.candidateScores.clear();
    if (!layer.hasBackwardInputs() || w.rows <= 0 || w.cols <= 0) return;
    const std::vector<long long> pruned = positions(event.prunedIndices, event.prunedPositions);
    // Whole rows, evenly spaced, up to kMaxExplanationScores positions in all.
    const int sampledRows = static_cast<int>(
        std::clamp<long long>(static_cast<long long>(kMaxExplanationScores) / w.cols, 1, w.rows));
    Tensor gradient;  // (1, cols)
    std::size_t next = 0;
    for (int i = 0; i < sampledRows; ++i) {
        const int r = static_cast<int>(static_cast<long long>(i) * w.rows / sampledRows);
        layer.denseGradientRows(r, r + 1, gradient);
        std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)];
        const std::int32_t end = w.rowPtr[static_cast<std::size_t>(r) + 1];
        for (int c = 0; c < w.cols; ++c) {
            // The row's column indices ascend: step past the active ones as c reaches them.
            while (k < end && w.colIdx[static_cast<std::size_t>(k)] < c) ++k;
            if (k < end && w.colIdx[static_cast<std::size_t>(k)] == c) continue;
            if (listed(pruned, next, static_cast<long long>(r) * w.cols + c)) continue;
            x.candidateScores.push_back(std::abs(gradient.data()[c]));
        }
    }
}

}  // namespace

void explainSparseUpdate(const SparseWeights& layer, const MaskUpdateEvent& event,
                         bool gradientGrowth, UpdateExplanation& explanation) {
    explainKept(layer.matrix(), event, explanation);
    explanation.candidateScores.clear();
    explanation.candidateTotal = 0;
    if (gradientGrowth) explainCandidates(layer, event, explanation);
}

}  // namespace sl::ui
