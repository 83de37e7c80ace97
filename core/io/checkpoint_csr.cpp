#include "io/checkpoint_csr.h"

#include "io/checkpoint_layout.h"
#include "nn/csr_matrix.h"
#include "util/error.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace sl {

void writeCsrLayers(h5::FileWriter& w, const Checkpoint& c) {
    for (std::size_t l = 0; l < c.state.layers.size() && l < c.backends.size(); ++l) {
        w.attribute(checkpoint_layout::layerGroup(l), "backend", c.backends[l]);
        if (c.backends[l] != "sparse") continue;
        const auto& layer = c.state.layers[l];
        // A born-sparse layer has its CSR already (and no dense weight to build one from).
        const CsrMatrix built =
            layer.sparseOnly ? CsrMatrix{} : CsrMatrix::fromDense(layer.weight, layer.mask);
        const CsrMatrix& m = layer.sparseOnly ? layer.csr : built;
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

CsrMatrix readCsrOnlyLayer(const h5::FileReader& file, std::size_t layer, int rows, int cols) {
    const std::string g = checkpoint_layout::layerGroup(layer) + "/csr";
    const std::string shapeText = std::to_string(rows) + " x " + std::to_string(cols);
    if (!file.exists(g))
        file.fail(g, "is missing — the config makes this layer " + shapeText +
                         " on the sparse backend, stored as CSR only");
    const auto shape = file.read<std::int64_t>(g + "/shape", {2});
    if (shape[0] != rows || shape[1] != cols)
        file.fail(g + "/shape", "is " + std::to_string(shape[0]) + " x " +
                                    std::to_string(shape[1]) + " — expected " + shapeText +
                                    " from the config");
    CsrMatrix m;
    m.rows = rows;
    m.cols = cols;
    m.rowPtr = file.read<std::int32_t>(g + "/indptr", {static_cast<hsize_t>(rows) + 1},
                                       "(rows + 1 of the config's " + shapeText + " layer)");
    if (m.rowPtr.front() != 0)
        file.fail(g + "/indptr", "starts at " + std::to_string(m.rowPtr.front()) + " — expected 0");
    for (int r = 0; r < rows; ++r)
        if (m.rowPtr[static_cast<std::size_t>(r) + 1] < m.rowPtr[static_cast<std::size_t>(r)] ||
            m.rowPtr[static_cast<std::size_t>(r) + 1] - m.rowPtr[static_cast<std::size_t>(r)] >
                cols)
            file.fail(g + "/indptr", "row " + std::to_string(r) + " runs from " +
                                         std::to_string(m.rowPtr[static_cast<std::size_t>(r)]) +
                                         " to " +
                                         std::to_string(m.rowPtr[static_cast<std::size_t>(r) + 1]) +
                                         " — expected non-decreasing pointers, at most " +
                                         std::to_string(cols) + " entries a row");
    // Both sizes must agree before either list is allocated: read() then also checks that
    // the file really stores that many entries.
    const auto nnz = static_cast<hsize_t>(m.rowPtr.back());
    const std::string why = "(nnz = the last entry of " + g + "/indptr)";
    m.colIdx = file.read<std::int32_t>(g + "/indices", {nnz}, why);
    for (int r = 0; r < rows; ++r)
        for (std::int32_t k = m.rowPtr[static_cast<std::size_t>(r)];
             k < m.rowPtr[static_cast<std::size_t>(r) + 1]; ++k) {
            const std::int32_t c = m.colIdx[static_cast<std::size_t>(k)];
            if (c < 0 || c >= cols)
                file.fail(g + "/indices", "entry " + std::to_string(k) + " (row " +
                                              std::to_string(r) + ") is column " +
                                              std::to_string(c) + " — expected 0 to " +
                                              std::to_string(cols - 1));
            if (k > m.rowPtr[static_cast<std::size_t>(r)] &&
                m.colIdx[static_cast<std::size_t>(k) - 1] >= c)
                file.fail(g + "/indices", "entry " + std::to_string(k) + " (row " +
                                              std::to_string(r) + ", column " + std::to_string(c) +
                                              ") is not above the one before it — expected "
                                              "strictly ascending columns within a row");
        }
    const auto values = file.read<float>(g + "/data", {nnz}, why);
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            file.fail(g + "/data",
                      "holds " + std::string(std::isnan(values[i]) ? "NaN" : "an infinite value") +
                          " at entry " + std::to_string(i) +
                          " — expected finite weights; it cannot be resumed");
    m.values = Eigen::Map<const Tensor>(values.data(), static_cast<Eigen::Index>(nnz), 1);
    return m;
}

}  // namespace sl
