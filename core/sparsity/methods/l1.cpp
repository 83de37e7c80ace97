#include "sparsity/methods/l1.h"

#include "util/error.h"

namespace sl {

std::vector<MaskUpdateEvent> L1Regularization::begin(SparsityContext&) {
    throw ConfigError("sparsity.method: l1 is not built yet");
}

} // namespace sl
