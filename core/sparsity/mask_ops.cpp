#include "sparsity/mask_ops.h"

#include <algorithm>

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

void zeroMasked(PrunableLayer& layer) { layer.weight.array() *= layer.mask.array(); }

} // namespace sl
