#include "sparsity/mask_ops.h"

#include "util/error.h"

#include <algorithm>
#include <limits>
#include <string>

namespace sl {

std::vector<std::int32_t> topK(const float* scores, std::vector<std::int32_t> candidates,
                               long long k) {
    k = std::clamp<long long>(k, 0, static_cast<long long>(candidates.size()));
    auto better = [scores](std::int32_t a, std::int32_t b) {
        return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
    };
    if (k < static_cast<long long>(candidates.size()))
        std::nth_element(candidates.begin(), candidates.begin() + k, candidates.end(), better);
    candidates.resize(static_cast<std::size_t>(k));
    std::sort(candidates.begin(), candidates.end());
    return candidates;
}

std::vector<std::int32_t> activeIndices(const Tensor& mask) {
    std::vector<std::int32_t> out;
    out.reserve(static_cast<std::size_t>(mask.size()));
    for (Eigen::Index i = 0; i < mask.size(); ++i)
        if (mask.data()[i] != 0.0f) out.push_back(static_cast<std::int32_t>(i));
    return out;
}

std::vector<std::int32_t> inactiveIndices(const Tensor& mask) {
    std::vector<std::int32_t> out;
    for (Eigen::Index i = 0; i < mask.size(); ++i)
        if (mask.data()[i] == 0.0f) out.push_back(static_cast<std::int32_t>(i));
    return out;
}

MaskUpdateEvent setActive(Tensor& mask, const std::vector<std::int32_t>& active, long long step,
                          int layer) {
    Tensor next = Tensor::Zero(mask.rows(), mask.cols());
    for (std::int32_t i : active) next.data()[i] = 1.0f;
    MaskUpdateEvent event;
    event.step = step;
    event.layer = layer;
    for (Eigen::Index i = 0; i < mask.size(); ++i) {
        const bool was = mask.data()[i] != 0.0f, is = next.data()[i] != 0.0f;
        if (was && !is) event.prunedIndices.push_back(static_cast<std::int32_t>(i));
        if (!was && is) event.grownIndices.push_back(static_cast<std::int32_t>(i));
    }
    mask = std::move(next);
    return event;
}

void randomStructure(int rows, int cols, long long k, Rng& rng, std::vector<std::int32_t>& rowPtr,
                     std::vector<std::int32_t>& colIdx) {
    const long long n = static_cast<long long>(rows) * cols;
    if (rows <= 0 || cols <= 0 || k < 0 || k > n || k > std::numeric_limits<std::int32_t>::max())
        throw ShapeError("random structure: " + std::to_string(k) + " active weights in a " +
                         std::to_string(rows) + " x " + std::to_string(cols) +
                         " layer — expected at most the layer's size and 2^31 - 1");
    std::vector<long long> picked;
    picked.reserve(static_cast<std::size_t>(k));
    while (static_cast<long long>(picked.size()) < k) {
        const std::size_t before = picked.size();
        for (long long i = static_cast<long long>(before); i < k; ++i)
            picked.push_back(static_cast<long long>(rng.below(static_cast<std::uint64_t>(n))));
        std::sort(picked.begin(), picked.end());
        picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    }
    rowPtr.assign(static_cast<std::size_t>(rows) + 1, 0);
    colIdx.resize(picked.size());
    for (std::size_t i = 0; i < picked.size(); ++i) {
        const long long r = picked[i] / cols;
        colIdx[i] = static_cast<std::int32_t>(picked[i] - r * cols);
        ++rowPtr[static_cast<std::size_t>(r) + 1];
    }
    for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) rowPtr[r + 1] += rowPtr[r];
}

void zeroMasked(PrunableLayer& layer) { layer.weight.array() *= layer.mask.array(); }

}  // namespace sl
