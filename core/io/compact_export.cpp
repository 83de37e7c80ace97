#include "io/compact_export.h"

#include "nn/activation.h"
#include "nn/conv2d.h"
#include "nn/sparse_dense.h"
#include "train/memory_estimate.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>

namespace sl {
namespace {

long long parameters(const UnitLayer& l) {
    if (l.sparseOnly) return static_cast<long long>(l.csr.rows) * l.csr.cols + l.bias.size();
    return l.weight.size() + l.bias.size();
}

std::vector<int> keptRows(const UnitLayer& l) {
    std::vector<int> kept;
    if (l.sparseOnly) {
        for (int r = 0; r < l.csr.rows; ++r)
            if (l.csr.rowPtr[static_cast<std::size_t>(r) + 1] >
                l.csr.rowPtr[static_cast<std::size_t>(r)])
                kept.push_back(r);
        return kept;
    }
    for (Eigen::Index r = 0; r < l.mask.rows(); ++r)
        if ((l.mask.row(r).array() != 0.0f).any()) kept.push_back(static_cast<int>(r));
    return kept;
}

Tensor selectRows(const Tensor& t, const std::vector<int>& rows) {
    Tensor out(static_cast<Eigen::Index>(rows.size()), t.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.row(static_cast<Eigen::Index>(i)) = t.row(rows[i]);
    return out;
}

// Column blocks of `width` columns, block b = columns [b * width, (b + 1) * width).
Tensor selectColumnBlocks(const Tensor& t, const std::vector<int>& blocks, Eigen::Index width) {
    Tensor out(t.rows(), static_cast<Eigen::Index>(blocks.size()) * width);
    for (std::size_t i = 0; i < blocks.size(); ++i)
        out.middleCols(static_cast<Eigen::Index>(i) * width, width) =
            t.middleCols(blocks[i] * width, width);
    return out;
}

// The rows of a CSR in `rows` (ascending), in that order: O(nnz), no rows × cols array.
CsrMatrix selectCsrRows(const CsrMatrix& m, const std::vector<int>& rows) {
    CsrMatrix out;
    out.rows = static_cast<int>(rows.size());
    out.cols = m.cols;
    out.rowPtr.assign(1, 0);
    long long nnz = 0;
    for (int r : rows)
        nnz += m.rowPtr[static_cast<std::size_t>(r) + 1] - m.rowPtr[static_cast<std::size_t>(r)];
    out.colIdx.reserve(static_cast<std::size_t>(nnz));
    out.values.resize(static_cast<Eigen::Index>(nnz), 1);
    for (int r : rows) {
        for (std::int32_t k = m.rowPtr[static_cast<std::size_t>(r)];
             k < m.rowPtr[static_cast<std::size_t>(r) + 1]; ++k) {
            out.values(static_cast<Eigen::Index>(out.colIdx.size()), 0) = m.values(k, 0);
            out.colIdx.push_back(m.colIdx[static_cast<std::size_t>(k)]);
        }
        out.rowPtr.push_back(static_cast<std::int32_t>(out.colIdx.size()));
    }
    return out;
}

// The CSR without the columns whose newColumn is -1, the others renumbered to newColumn
// (increasing, so each row stays ascending).
CsrMatrix selectCsrColumns(const CsrMatrix& m, const std::vector<int>& newColumn, int cols) {
    CsrMatrix out;
    out.rows = m.rows;
    out.cols = cols;
    out.rowPtr.assign(1, 0);
    out.colIdx.reserve(m.colIdx.size());
    std::vector<float> values;
    values.reserve(m.colIdx.size());
    for (int r = 0; r < m.rows; ++r) {
        for (std::int32_t k = m.rowPtr[static_cast<std::size_t>(r)];
             k < m.rowPtr[static_cast<std::size_t>(r) + 1]; ++k) {
            const int to =
                newColumn[static_cast<std::size_t>(m.colIdx[static_cast<std::size_t>(k)])];
            if (to < 0) continue;
            out.colIdx.push_back(to);
            values.push_back(m.values(k, 0));
        }
        out.rowPtr.push_back(static_cast<std::int32_t>(out.colIdx.size()));
    }
    out.values =
        Eigen::Map<const Tensor>(values.data(), static_cast<Eigen::Index>(values.size()), 1);
    return out;
}

// Removes the units of `layer` not in `kept`, folding their constant outputs into `next`.
void removeUnits(UnitLayer& layer, UnitLayer& next, const std::vector<int>& kept) {
    const Eigen::Index units = layer.units();
    const Eigen::Index inputs = next.sparseOnly ? next.csr.cols : next.weight.cols();
    if (inputs % units != 0)
        throw ShapeError(next.name + ": " + std::to_string(inputs) +
                         " inputs are not a whole number per unit of " + layer.name + " (" +
                         std::to_string(units) + " units) — cannot tell which inputs a unit feeds");
    const Eigen::Index width = inputs / units;
    if (next.sparseOnly && width != 1)
        throw ShapeError(next.name + ": stored as CSR only with " + std::to_string(width) +
                         " inputs per unit of " + layer.name + " — expected 1 (an MLP layer)");
    std::vector<char> keep(static_cast<std::size_t>(units), 0);
    for (int r : kept) keep[r] = 1;
    // The constants of removed units, for a CSR next layer: folded in one pass over it below.
    std::vector<float> constants;
    for (Eigen::Index u = 0; u < units; ++u) {
        if (keep[u]) continue;
        // A unit with no weights outputs act(bias) for every example and position.
        const float constant = layer.activation(layer.bias(u, 0));
        if (constant == 0.0f) continue;
        if (next.zeroPadded)
            throw ShapeError(layer.name + ": removed unit " + std::to_string(u) +
                             " outputs the constant " + std::to_string(constant) + ", and " +
                             next.name +
                             " pads its input with zeros, so folding it into a bias is not exact — "
                             "use an activation with act(0) = 0 (relu, tanh) or padding 0");
        if (next.sparseOnly) {
            constants.resize(static_cast<std::size_t>(units), 0.0f);
            constants[static_cast<std::size_t>(u)] = constant;
            continue;
        }
        next.bias.col(0) += constant * next.weight.middleCols(u * width, width).rowwise().sum();
    }
    if (!constants.empty()) {
        const CsrMatrix& w = next.csr;
        for (int r = 0; r < w.rows; ++r)
            for (std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)];
                 k < w.rowPtr[static_cast<std::size_t>(r) + 1]; ++k)
                next.bias(r, 0) +=
                    constants[static_cast<std::size_t>(w.colIdx[static_cast<std::size_t>(k)])] *
                    w.values(k, 0);
    }
    if (layer.sparseOnly) {
        layer.csr = selectCsrRows(layer.csr, kept);
    } else {
        layer.weight = selectRows(layer.weight, kept);
        layer.mask = selectRows(layer.mask, kept);
    }
    layer.bias = selectRows(layer.bias, kept);
    if (next.sparseOnly) {
        std::vector<int> newColumn(static_cast<std::size_t>(units), -1);
        for (std::size_t i = 0; i < kept.size(); ++i)
            newColumn[static_cast<std::size_t>(kept[i])] = static_cast<int>(i);
        next.csr = selectCsrColumns(next.csr, newColumn, static_cast<int>(kept.size()));
    } else {
        next.weight = selectColumnBlocks(next.weight, kept, width);
        next.mask = selectColumnBlocks(next.mask, kept, width);
    }
}

std::function<float(float)> activationFunction(ActivationKind kind) {
    return [kind](float v) {
        Activation a(kind);
        Activations x(1, 1), y;
        x(0, 0) = v;
        a.forward(x, y);
        return y(0, 0);
    };
}

// The model's prunable layers with what follows each, from the layer list.
std::vector<UnitLayer> unitLayers(Model& model) {
    std::vector<UnitLayer> out;
    std::size_t index = 0;
    for (const auto& layer : model.layers()) {
        if (auto* p = dynamic_cast<PrunableLayer*>(layer.get())) {
            UnitLayer u;
            u.name = layerName(*p, index++);
            if (!p->hasDenseView()) {
                u.sparseOnly = true;
                u.csr = sparseWeightsOf(*p)->matrix();
            } else {
                u.weight = p->weight.cwiseProduct(p->mask);
                u.mask = p->mask;
            }
            u.bias = p->bias;
            u.activation = [](float v) { return v; };
            if (auto* conv = dynamic_cast<Conv2d*>(p)) u.zeroPadded = conv->padding() > 0;
            out.push_back(std::move(u));
        } else if (auto* a = dynamic_cast<Activation*>(layer.get())) {
            if (out.empty()) continue;
            auto before = out.back().activation;
            auto act = activationFunction(a->activation());
            out.back().activation = [before, act](float v) { return act(before(v)); };
        } else if (!dynamic_cast<MaxPool2d*>(layer.get())) {
            throw ConfigError("export-compact: a '" + layer->kind() +
                              "' layer sits between prunable layers — only activations and "
                              "max-pooling can be compacted through");
        }
    }
    return out;
}

}  // namespace

std::vector<CompactLayerReport> compactUnits(std::vector<UnitLayer>& layers) {
    std::vector<CompactLayerReport> reports;
    for (const auto& l : layers) reports.push_back({l.name, l.units(), 0, parameters(l), 0});
    for (std::size_t i = 0; i + 1 < layers.size(); ++i) {
        const auto kept = keptRows(layers[i]);
        if (kept.empty())
            throw ShapeError(layers[i].name +
                             ": every unit is pruned — the network computes a "
                             "constant, and a layer of 0 units cannot be exported");
        if (static_cast<int>(kept.size()) < layers[i].units())
            removeUnits(layers[i], layers[i + 1], kept);
    }
    for (std::size_t i = 0; i < layers.size(); ++i) {
        // The remaining pruned weights are exact zeros in the weight; no mask is needed.
        if (!layers[i].sparseOnly) layers[i].mask.setOnes();
        reports[i].unitsAfter = layers[i].units();
        reports[i].parametersAfter = parameters(layers[i]);
    }
    return reports;
}

Model modelFromCheckpoint(const Checkpoint& checkpoint, const ModelInput& input) {
    Rng rng(checkpoint.config.seed);
    bool csrOnly = false;
    for (const auto& s : checkpoint.state.layers) csrOnly = csrOnly || s.sparseOnly;
    // Layers stored as CSR only are built as the training run built them (Dense::sparseOnly,
    // no rows × cols array), then take the stored CSR.
    Model model = csrOnly ? buildModel(checkpoint.config, input, rng)
                          : buildModel(checkpoint.config.model, input, rng);
    auto layers = model.prunableLayers();
    const std::string file = checkpoint.source.empty() ? "checkpoint" : checkpoint.source;
    if (layers.size() != checkpoint.state.layers.size())
        throw CheckpointError(file + ": holds " + std::to_string(checkpoint.state.layers.size()) +
                              " layers — its config's model has " + std::to_string(layers.size()));
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const auto& s = checkpoint.state.layers[l];
        SparseWeights* sparse = sparseWeightsOf(*layers[l]);
        if (s.sparseOnly || !layers[l]->hasDenseView()) {
            if (!s.sparseOnly || layers[l]->hasDenseView() || !sparse ||
                s.csr.rows != layers[l]->units() || s.csr.cols != layers[l]->fanIn())
                throw CheckpointError(
                    file + ": " + layerName(*layers[l], l) + " is stored " +
                    (s.sparseOnly ? "as CSR only" : "dense") + " " +
                    std::to_string(s.sparseOnly ? s.csr.rows : s.weight.rows()) + "x" +
                    std::to_string(s.sparseOnly ? s.csr.cols : s.weight.cols()) +
                    " — its config's model builds it " +
                    (layers[l]->hasDenseView() ? "dense " : "as CSR only ") +
                    std::to_string(layers[l]->units()) + "x" + std::to_string(layers[l]->fanIn()));
            sparse->replace(s.csr);
            layers[l]->bias = s.bias;
            continue;
        }
        if (s.weight.rows() != layers[l]->weight.rows() ||
            s.weight.cols() != layers[l]->weight.cols() ||
            s.bias.rows() != layers[l]->bias.rows() || s.mask.rows() != s.weight.rows() ||
            s.mask.cols() != s.weight.cols())
            throw CheckpointError(
                file + ": " + layerName(*layers[l], l) + " is " + std::to_string(s.weight.rows()) +
                "x" + std::to_string(s.weight.cols()) + " — its config's model expects " +
                std::to_string(layers[l]->weight.rows()) + "x" +
                std::to_string(layers[l]->weight.cols()));
        layers[l]->weight = s.weight.cwiseProduct(s.mask);
        layers[l]->bias = s.bias;
        layers[l]->mask = s.mask;  // tells compaction which rows are gone; forward ignores it
    }
    return model;
}

CompactCheckpoint compactCheckpoint(const Checkpoint& checkpoint, const ModelInput& input) {
    const auto& kind = checkpoint.config.model.kind;
    if (kind != "mlp" && kind != "cnn")
        throw ConfigError("model.kind: export-compact supports mlp and cnn — got '" + kind + "'");
    Model model = modelFromCheckpoint(checkpoint, input);
    auto layers = unitLayers(model);
    CompactCheckpoint out;
    out.layers = compactUnits(layers);
    bool csrOnly = false;
    for (const auto& l : layers) csrOnly = csrOnly || l.sparseOnly;

    Checkpoint& c = out.checkpoint;
    c = checkpoint;
    c.source.clear();
    // Prunable layers run conv first, then the hidden Dense layers, then the output layer.
    auto& m = c.config.model;
    const std::size_t convs = kind == "cnn" ? m.convChannels.size() : 0;
    for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
        const int units = layers[l].units();
        if (l < convs) m.convChannels[l] = units;
        else m.hidden[l - convs] = units;
    }
    c.dropFraction = 0.0;
    if (csrOnly) {
        // A dense method would build the giant layers as rows × cols: the structure stays
        // fixed instead (static), and each layer is stored as the new shapes build it.
        c.config.sparsity.method = "static";
    } else {
        c.config.sparsity.method = "dense";
        c.targetSparsity = 0.0;
    }
    std::vector<bool> denseView(layers.size(), true);
    if (csrOnly) {
        const MemoryEstimate estimate = estimateMemory(c.config, input);
        for (std::size_t i = 0; i < layers.size() && i < estimate.layers.size(); ++i)
            denseView[i] = estimate.layers[i].denseView;
    }

    auto& s = c.state;
    s.layers.clear();
    for (std::size_t i = 0; i < layers.size(); ++i) {
        auto& l = layers[i];
        if (l.sparseOnly && denseView[i]) {
            // Small enough now for the dense view the new shapes give it.
            l.csr.toDense(l.weight);
            l.mask = Tensor::Ones(l.weight.rows(), l.weight.cols());
            l.sparseOnly = false;
        } else if (!l.sparseOnly && !denseView[i]) {
            l.csr =
                CsrMatrix::fromDense(l.weight, (l.weight.array() != 0.0f).cast<float>().matrix());
            l.sparseOnly = true;
        }
        TrainerState::Layer t;
        t.bias = l.bias;
        if (l.sparseOnly) {
            t.sparseOnly = true;
            t.csr = l.csr;
            t.stats.parameters = static_cast<long long>(l.csr.rows) * l.csr.cols;
            t.stats.active = l.csr.nnz();
            t.stats.everActive = l.csr.nnz();
            s.layers.push_back(std::move(t));
            continue;
        }
        t.weight = l.weight;
        t.bias = l.bias;
        t.mask = l.mask;
        t.everActive.assign(static_cast<std::size_t>(l.mask.size()), 1);
        t.stats.parameters = l.mask.size();
        t.stats.active = l.mask.size();
        t.stats.everActive = l.mask.size();
        s.layers.push_back(std::move(t));
    }
    s.methodState.clear();
    s.optimizer.clear();
    s.optimizerSteps = 0;
    s.events.clear();
    return out;
}

float maxOutputDifference(Model& a, Model& b, const Activations& x, int batchSize) {
    float most = 0.0f;
    Activations batch;
    for (Eigen::Index start = 0; start < x.cols(); start += batchSize) {
        batch = x.middleCols(start, std::min<Eigen::Index>(batchSize, x.cols() - start));
        const Activations ya = a.forward(batch);
        const Activations& yb = b.forward(batch);
        if (ya.rows() != yb.rows())
            throw ShapeError("comparing models: " + std::to_string(ya.rows()) +
                             " outputs against " + std::to_string(yb.rows()));
        most = std::max(most, (ya - yb).cwiseAbs().maxCoeff());
    }
    return most;
}

}  // namespace sl
