#include "sparsity/methods/static_mask.h"

#include "sparsity/mask_ops.h"
#include "sparsity/method_helpers.h"

namespace sl {

std::vector<MaskUpdateEvent> StaticMask::begin(SparsityContext& context) {
    const auto magnitudes = magnitudesOf(context.layers);
    const auto keep =
        keepCounts(m_settings, m_settings.target, context.layers, pointers(magnitudes));
    auto events = maskAtRandom(context.layers, keep, *context.rng, 0);
    for (Dense* d : context.layers) {
        d->masked = true;
        zeroMasked(*d);
    }
    return events;
}

} // namespace sl
