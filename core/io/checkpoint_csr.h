#pragma once

#include "io/checkpoint.h"
#include "io/hdf5_file.h"

namespace sl {

// Layers on the sparse backend are also stored the way scipy.sparse.csr_matrix reads them
// (format version 2): /model/dense<k>/csr/{data, indices, indptr, shape}, so that
//   scipy.sparse.csr_matrix((g['data'], g['indices'], g['indptr']), shape=tuple(g['shape']))
// is the weight with no SparseLab code. Built from the state's weight and mask.
void writeCsrLayers(h5::FileWriter& w, const Checkpoint& c);

} // namespace sl
