#include "sparsity/methods/structured.h"

#include "util/error.h"

namespace sl {

std::vector<MaskUpdateEvent> StructuredPruning::begin(SparsityContext&) {
    throw ConfigError("sparsity.method: structured is not built yet");
}

} // namespace sl
