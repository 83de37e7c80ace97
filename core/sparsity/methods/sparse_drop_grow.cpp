#include "sparsity/methods/sparse_drop_grow.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <string>
#include <unordered_map>

namespace sl {
namespace {

// a ranks before b: larger score, then lower index (topK's order).
bool better(const ScoredPosition& a, const ScoredPosition& b) {
    return a.score > b.score || (a.score == b.score && a.index < b.index);
}

// The flat index of the j-th inactive column of CSR row r (j from 0). The active columns
// a_0 < a_1 < ... leave a_t - t inactive columns before a_t, a non-decreasing count, so
// the place is found by binary search.
long long inactiveColumnOfRow(const CsrMatrix& w, int r, long long j) {
    const std::int32_t* begin = w.colIdx.data() + w.rowPtr[static_cast<std::size_t>(r)];
    const std::int32_t* end = w.colIdx.data() + w.rowPtr[static_cast<std::size_t>(r) + 1];
    long long lo = 0, hi = end - begin;  // first t with a_t - t > j
    while (lo < hi) {
        const long long mid = (lo + hi) / 2;
        if (begin[mid] - mid > j) hi = mid;
        else lo = mid + 1;
    }
    return static_cast<long long>(r) * w.cols + j + lo;
}

}  // namespace

std::vector<ScoredPosition> topInactiveGradient(const SparseWeights& layer, long long k,
                                                int blockRows) {
    const CsrMatrix& w = layer.matrix();
    if (k <= 0 || w.rows == 0 || w.cols == 0) return {};
    if (blockRows <= 0) blockRows = std::max(1, (1 << 20) / std::max(1, w.cols));
    // A min-heap by rank: its top is the worst of the best k seen so far.
    auto worse = [](const ScoredPosition& a, const ScoredPosition& b) { return better(a, b); };
    std::priority_queue<ScoredPosition, std::vector<ScoredPosition>, decltype(worse)> heap(worse);
    Tensor block;
    for (int r0 = 0; r0 < w.rows; r0 += blockRows) {
        const int r1 = std::min(w.rows, r0 + blockRows);
        layer.denseGradientRows(r0, r1, block);  // (r1 - r0, cols)
        for (int r = r0; r < r1; ++r) {
            std::int32_t next = w.rowPtr[static_cast<std::size_t>(r)];
            const std::int32_t end = w.rowPtr[static_cast<std::size_t>(r) + 1];
            for (int c = 0; c < w.cols; ++c) {
                if (next < end && w.colIdx[static_cast<std::size_t>(next)] == c) {
                    ++next;  // active: not a candidate
                    continue;
                }
                const ScoredPosition p{static_cast<long long>(r) * w.cols + c,
                                       std::abs(block(r - r0, c))};
                if (static_cast<long long>(heap.size()) < k) heap.push(p);
                else if (better(p, heap.top())) {
                    heap.pop();
                    heap.push(p);
                }
            }
        }
    }
    std::vector<ScoredPosition> out;
    out.reserve(heap.size());
    while (!heap.empty()) {
        out.push_back(heap.top());
        heap.pop();
    }
    std::sort(out.begin(), out.end(),
              [](const ScoredPosition& a, const ScoredPosition& b) { return a.index < b.index; });
    return out;
}

std::vector<long long> sampleInactive(const CsrMatrix& w, long long k, Rng& rng) {
    // Inactive positions before each row, to find the row of the i-th inactive position.
    std::vector<long long> before(static_cast<std::size_t>(w.rows) + 1, 0);
    for (int r = 0; r < w.rows; ++r)
        before[static_cast<std::size_t>(r) + 1] =
            before[static_cast<std::size_t>(r)] + w.cols -
            (w.rowPtr[static_cast<std::size_t>(r) + 1] - w.rowPtr[static_cast<std::size_t>(r)]);
    const long long n = before.back();
    if (k > n)
        throw ShapeError("SET growth: " + std::to_string(k) +
                         " weights to grow — expected at "
                         "most the " +
                         std::to_string(n) + " inactive ones");
    auto at = [&](long long i) {
        const auto it = std::upper_bound(before.begin(), before.end(), i);
        const int r = static_cast<int>(it - before.begin()) - 1;
        return inactiveColumnOfRow(w, r, i - before[static_cast<std::size_t>(r)]);
    };
    std::unordered_map<long long, long long> swapped;  // place -> position, where it moved
    auto get = [&](long long i) {
        const auto it = swapped.find(i);
        return it != swapped.end() ? it->second : at(i);
    };
    std::vector<long long> out;
    out.reserve(static_cast<std::size_t>(std::max(0LL, k)));
    for (long long i = 0; i < k; ++i) {
        const long long j =
            i + static_cast<long long>(rng.below(static_cast<std::uint64_t>(n - i)));
        const long long vi = get(i), vj = get(j);
        swapped[j] = vi;
        out.push_back(vj);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::int32_t> smallestActive(const CsrMatrix& w, long long k) {
    const auto n = static_cast<std::int32_t>(w.nnz());
    k = std::clamp<long long>(k, 0, n);
    std::vector<std::int32_t> order(static_cast<std::size_t>(n));
    for (std::int32_t i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
    const float* v = w.values.data();
    // CSR order is flat-index order, so "lower position" is "lower index".
    auto worst = [v](std::int32_t a, std::int32_t b) {
        const float ma = std::abs(v[a]), mb = std::abs(v[b]);
        return ma < mb || (ma == mb && a > b);
    };
    if (k < n) std::nth_element(order.begin(), order.begin() + k, order.end(), worst);
    order.resize(static_cast<std::size_t>(k));
    std::sort(order.begin(), order.end());
    return order;
}

MaskUpdateEvent dropAndGrowSparse(PrunableLayer& layer, SparseWeights& sparse,
                                  const std::vector<std::int32_t>& dropped,
                                  const std::vector<long long>& grown, long long step,
                                  int layerIndex) {
    const CsrMatrix& w = sparse.matrix();
    MaskUpdateEvent event;
    event.step = step;
    event.layer = layerIndex;
    // A layer without a dense view counts its changes and keeps a bounded list (mask_event.h).
    const bool listed = layer.hasDenseView();
    const std::size_t bound = MaskUpdateEvent::kEventPositionBound;
    // The merge below visits drops and growths in ascending order, so the d-th drop and the
    // g-th growth are the d-th and g-th of their lists: keptInBoundedList picks by that rank.
    auto prune = [&](long long at, std::size_t rank) {
        if (listed) {
            event.prunedIndices.push_back(static_cast<std::int32_t>(at));
            return;
        }
        ++event.prunedUnlisted;
        if (keptInBoundedList(rank, dropped.size(), bound)) event.prunedPositions.push_back(at);
    };
    auto grow = [&](long long at, std::size_t rank) {
        if (listed) {
            event.grownIndices.push_back(static_cast<std::int32_t>(at));
            return;
        }
        ++event.grownUnlisted;
        if (keptInBoundedList(rank, grown.size(), bound)) event.grownPositions.push_back(at);
    };
    std::vector<std::int32_t> rowPtr(static_cast<std::size_t>(w.rows) + 1, 0);
    std::vector<std::int32_t> colIdx;
    std::vector<std::int32_t> oldOfNew;
    const std::size_t size = w.colIdx.size() - dropped.size() + grown.size();
    colIdx.reserve(size);
    oldOfNew.reserve(size);
    std::size_t d = 0, g = 0;
    for (int r = 0; r < w.rows; ++r) {
        const long long rowStart = static_cast<long long>(r) * w.cols;
        std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)];
        const std::int32_t end = w.rowPtr[static_cast<std::size_t>(r) + 1];
        // Merge the row's kept entries and its grown columns, both ascending.
        while (k < end || (g < grown.size() && grown[g] < rowStart + w.cols)) {
            const long long keptAt = k < end ? rowStart + w.colIdx[static_cast<std::size_t>(k)]
                                             : std::numeric_limits<long long>::max();
            const long long grownAt = g < grown.size() && grown[g] < rowStart + w.cols
                                          ? grown[g]
                                          : std::numeric_limits<long long>::max();
            if (keptAt < grownAt) {
                if (d < dropped.size() && dropped[d] == k) {
                    prune(keptAt, d);
                    ++d;
                } else {
                    colIdx.push_back(static_cast<std::int32_t>(keptAt - rowStart));
                    oldOfNew.push_back(k);
                }
                ++k;
            } else {
                if (grownAt == keptAt)
                    throw ShapeError("sparse drop and grow: position " + std::to_string(grownAt) +
                                     " is active — expected growth "
                                     "at inactive positions only");
                grow(grownAt, g);
                colIdx.push_back(static_cast<std::int32_t>(grownAt - rowStart));
                oldOfNew.push_back(-1);
                ++g;
            }
        }
        rowPtr[static_cast<std::size_t>(r) + 1] = static_cast<std::int32_t>(colIdx.size());
    }
    if (d != dropped.size() || g != grown.size())
        throw ShapeError("sparse drop and grow: positions out of range or not ascending");
    event.dropCutoff = 0.0f;
    for (std::size_t i = 0; i < dropped.size(); ++i) {
        const float m = std::abs(w.values(dropped[i], 0));
        if (listed || keptInBoundedList(i, dropped.size(), bound)) event.prunedScores.push_back(m);
        event.dropCutoff = std::max(event.dropCutoff, m);
    }
    // The dense mask, where there is one, stays a faithful view at O(k) per update.
    for (std::int32_t i : event.prunedIndices) layer.mask.data()[i] = 0.0f;
    for (std::int32_t i : event.grownIndices) layer.mask.data()[i] = 1.0f;
    sparse.restructure(std::move(rowPtr), std::move(colIdx), oldOfNew);
    return event;
}

void requireDenseStart(const char* method, const PrunableLayer& layer) {
    if (layer.hasDenseView()) return;
    throw ConfigError(std::string("sparsity.method ") + method + ": a " +
                      std::to_string(layer.units()) + " x " + std::to_string(layer.fanIn()) +
                      " layer is too large for a dense weight, and " + method +
                      " pruning starts from one — expected static, rigl or set for it");
}

}  // namespace sl
