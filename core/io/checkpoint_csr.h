#pragma once

#include "io/checkpoint.h"
#include "io/hdf5_file.h"
#include "nn/csr_matrix.h"

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

// The csr group of a layer stored as CSR only (a born-sparse layer: no /weight, /mask or
// /ever_active beside it), checked before anything of its size is allocated: shape equal to
// rows x cols of the config's layer, indptr (rows + 1) from 0, never decreasing, ending at the
// length of data and indices (which the file must really store), indices in [0, cols) and
// strictly ascending within each row, data finite. Throws CheckpointError naming the
// dataset ("<file>: /model/dense2/csr/indices: ...").
CsrMatrix readCsrOnlyLayer(const h5::FileReader& file, std::size_t layer, int rows, int cols);

}  // namespace sl
