#include "sparsity/methods/static_mask.h"

#include "sparsity/method_helpers.h"

namespace sl {

std::vector<MaskUpdateEvent> StaticMask::begin(SparsityContext& context) {
    return randomMaskAtTarget(m_settings, context);
}

}  // namespace sl
