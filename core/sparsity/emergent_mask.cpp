#include "sparsity/emergent_mask.h"

namespace sl {

MaskUpdateEvent replaceMask(Tensor& mask, const Tensor& next, long long step, int layer) {
    MaskUpdateEvent event;
    event.step = step;
    event.layer = layer;
    for (Eigen::Index i = 0; i < mask.size(); ++i) {
        const bool was = mask.data()[i] != 0.0f, is = next.data()[i] != 0.0f;
        if (was && !is) event.prunedIndices.push_back(static_cast<std::int32_t>(i));
        if (!was && is) event.grownIndices.push_back(static_cast<std::int32_t>(i));
    }
    mask = next;
    return event;
}

}  // namespace sl
