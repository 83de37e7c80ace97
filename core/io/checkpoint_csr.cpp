#include "io/checkpoint_csr.h"

#include "io/checkpoint_layout.h"
#include "nn/csr_matrix.h"

#include <cstdint>
#include <vector>

namespace sl {

void writeCsrLayers(h5::FileWriter& w, const Checkpoint& c) {
    for (std::size_t l = 0; l < c.state.layers.size() && l < c.backends.size(); ++l) {
        if (c.backends[l] != "sparse") continue;
        const auto& layer = c.state.layers[l];
        const CsrMatrix m = CsrMatrix::fromDense(layer.weight, layer.mask);
        const std::string g = checkpoint_layout::layerGroup(l) + "/csr";
        w.group(g);
        w.attribute(g, "format", std::string("csr"));
        const auto nnz = static_cast<hsize_t>(m.nnz());
        w.dataset(g + "/data", m.values.data(), {nnz});
        w.dataset(g + "/indices", m.colIdx.data(), {nnz});
        w.dataset(g + "/indptr", m.rowPtr.data(), {static_cast<hsize_t>(m.rowPtr.size())});
        const std::vector<std::int64_t> shape{m.rows, m.cols};
        w.dataset(g + "/shape", shape.data(), {2});
    }
}

} // namespace sl
