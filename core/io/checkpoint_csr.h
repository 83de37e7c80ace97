#pragma once

#include "io/checkpoint.h"
#include "io/hdf5_file.h"

#include <string>
#include <vector>

namespace sl {

// Layers on the sparse backend are also stored the way scipy.sparse.csr_matrix reads them
// (format version 2): /model/dense<k>/csr/{data, indices, indptr, shape}, so that
//   scipy.sparse.csr_matrix((g['data'], g['indices'], g['indptr']), shape=tuple(g['shape']))
// is the weight with no SparseLab code. Built from the state's weight and mask.
// Also writes each layer group's 'backend' attribute ("dense" or "sparse").
void writeCsrLayers(h5::FileWriter& w, const Checkpoint& c);
// The backend each layer trained on: the 'backend' attribute, or for files written before it
// existed, "sparse" where a csr group is present and "dense" elsewhere (format 1 files only
// had the dense backend). Throws CheckpointError naming the group for any other value.
std::vector<std::string> readLayerBackends(const h5::FileReader& file, std::size_t layers);

} // namespace sl
