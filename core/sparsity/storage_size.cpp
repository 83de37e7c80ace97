#include "sparsity/storage_size.h"

namespace sl {

// TODO(issue 6): CSR sizes.
StorageBytes storageBytes(const std::vector<PrunableLayer*>&, const FakeQuantizer&) { return {}; }

} // namespace sl
