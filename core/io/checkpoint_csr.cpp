#include "io/checkpoint_csr.h"

#include "io/checkpoint_layout.h"
#include "nn/csr_matrix.h"
#include "util/error.h"

#include <cstdint>
#include <vector>

namespace sl {

void writeCsrLayers(h5::FileWriter& w, const Checkpoint& c) {
    for (std::size_t l = 0; l < c.state.layers.size() && l < c.backends.size(); ++l) {
        w.attribute(checkpoint_layout::layerGroup(l), "backend", c.backends[l]);
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

std::vector<std::string> readLayerBackends(const h5::FileReader& file, std::size_t layers) {
    std::vector<std::string> out;
    for (std::size_t l = 0; l < layers; ++l) {
        const std::string g = checkpoint_layout::layerGroup(l);
        std::string backend = file.exists(g + "/csr") ? "sparse" : "dense";
        if (file.hasAttribute(g, "backend")) {
            backend = file.textAttribute(g, "backend");
            if (backend != "dense" && backend != "sparse")
                file.fail(g, "attribute 'backend' is '" + backend.substr(0, 40) +
                                 "' — expected dense or sparse");
        }
        out.push_back(backend);
    }
    return out;
}

} // namespace sl
