#include "sparsity/methods/l0.h"

#include "util/error.h"

namespace sl {

std::vector<MaskUpdateEvent> L0HardConcrete::begin(SparsityContext&) {
    throw ConfigError("sparsity.method: l0 is not built yet");
}

} // namespace sl
