#include "sparsity/methods/nm.h"

#include "util/error.h"

namespace sl {

std::vector<MaskUpdateEvent> NmPruning::begin(SparsityContext&) {
    throw ConfigError("sparsity.method: nm is not built yet");
}

} // namespace sl
