#include "io/checkpoint.h"

#include "io/checkpoint_csr.h"
#include "io/checkpoint_layout.h"
#include "io/hdf5_file.h"
#include "io/json_text.h"
#include "sparsity/method.h"
#include "train/memory_estimate.h"
#include "train/model_builder.h"
#include "util/error.h"
#include "util/input_limits.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace sl {
namespace {

namespace layout = checkpoint_layout;
using Dims = std::vector<hsize_t>;

// Reads one checkpoint file in order, each part checked against what the parts before it
// imply: the config gives the layer shapes, the layers give the index ranges of the events.
class CheckpointReader {
public:
    explicit CheckpointReader(const std::string& path) : m_file(path) { m_c.source = path; }

    Checkpoint read() {
        readHeader();
        readConfig();
        readData();
        readLayers();
        readMethodState();
        readOptimizer();
        readTrainer();
        readMetrics();
        readEvents();
        readChanges();
        readBesideState();
        readExchange();
        m_c.backends = readLayerBackends(m_file, m_layers.size());
        return std::move(m_c);
    }

private:
    [[noreturn]] void fail(const std::string& object, const std::string& what) const {
        m_file.fail(object, what);
    }

    long long count(const std::string& object, const std::string& name, long long lo,
                    long long hi = std::numeric_limits<long long>::max()) const {
        const long long v = m_file.intAttribute(object, name);
        if (v < lo || v > hi)
            fail(object, "attribute '" + name + "' is " + std::to_string(v) + " — expected " +
                             (hi == std::numeric_limits<long long>::max()
                                  ? "at least " + std::to_string(lo)
                                  : std::to_string(lo) + " to " + std::to_string(hi)));
        return v;
    }

    void readHeader() {
        if (!m_file.hasAttribute("/", "format"))
            fail("/", "attribute 'format' is missing — an HDF5 file, but not a SparseLab "
                      "checkpoint");
        const std::string format = m_file.textAttribute("/", "format");
        if (format != kCheckpointFormat)
            fail("/", "attribute 'format' is '" + clipped(format) + "' — expected '" +
                          kCheckpointFormat + "': not a SparseLab checkpoint");
        const long long version = m_file.intAttribute("/", "format_version");
        if (version > kCheckpointVersion)
            fail("/", "written by a newer SparseLab (format version " + std::to_string(version) +
                          ", this build reads up to " + std::to_string(kCheckpointVersion) + ")");
        if (version < 1)
            fail("/", "attribute 'format_version' is " + std::to_string(version) +
                          " — expected 1 to " + std::to_string(kCheckpointVersion));
        m_c.formatVersion = static_cast<int>(version);
        if (m_file.hasAttribute("/", "writer")) m_c.writer = m_file.textAttribute("/", "writer");
    }

    void readConfig() {
        const std::string text = m_file.text("/config");
        nlohmann::json json;
        try {
            json = parseJsonText(text, "stored config");
        } catch (const ConfigError& e) {
            fail("/config", e.what());
        }
        try {
            m_c.config = fromJson(json);
        } catch (const ConfigError& e) {
            fail("/config", std::string("not a valid run config: ") + e.what());
        }
    }

    void readData() {
        auto& d = m_c.data;
        d.name = m_file.textAttribute("/data", "name");
        d.trainExamples = static_cast<int>(count("/data", "train_examples", 1, INT32_MAX));
        d.testExamples = static_cast<int>(count("/data", "test_examples", 0, INT32_MAX));
        d.features = static_cast<int>(count("/data", "features", 1, INT32_MAX));
        d.classes = static_cast<int>(count("/data", "classes", 1, INT32_MAX));
        d.trainLabelsCrc32 =
            static_cast<std::uint32_t>(count("/data", "train_labels_crc32", 0, UINT32_MAX));
        // Absent in files written before convolutions existed: those hold mlp runs, which need
        // no image shape, so 0 (no image) reads them as before.
        if (m_file.hasAttribute("/data", "image_rows"))
            d.imageRows = static_cast<int>(count("/data", "image_rows", 0, INT32_MAX));
        if (m_file.hasAttribute("/data", "image_cols"))
            d.imageCols = static_cast<int>(count("/data", "image_cols", 0, INT32_MAX));
        // Absent (0, not compared) in files written before the data's content was hashed.
        const std::pair<const char*, std::uint32_t*> hashes[] = {
            {"train_images_crc32", &d.trainImagesCrc32},
            {"test_images_crc32", &d.testImagesCrc32},
            {"test_labels_crc32", &d.testLabelsCrc32}};
        for (const auto& [name, value] : hashes)
            if (m_file.hasAttribute("/data", name))
                *value = static_cast<std::uint32_t>(count("/data", name, 0, UINT32_MAX));
        // Checked in 64 bits: rows x cols of two ints can wrap to 0 and the model builder's
        // `features % (rows * cols)` would then divide by zero.
        const std::int64_t pixels = std::int64_t{d.imageRows} * d.imageCols;
        if ((d.imageRows == 0) != (d.imageCols == 0) ||
            (pixels > 0 && (pixels > d.features || d.features % pixels != 0)))
            fail("/data", "attributes image_rows x image_cols are " + std::to_string(d.imageRows) +
                              " x " + std::to_string(d.imageCols) + " = " + std::to_string(pixels) +
                              " pixels — expected both 0 (no image) or a product that divides "
                              "features (" +
                              std::to_string(d.features) + ")");
        checkModelFitsTheFile();
        buildShapes();
    }

    // A lower bound of the stored weights, from the Dense layers every model.kind has: each
    // takes at least 6 bytes in the file (float32 value, mask and ever-active flags). A
    // config claiming more than the file could hold is refused before the model is built
    // (model.hidden [65536, 65536] would allocate 17 GB).
    void checkModelFitsTheFile() const {
        const auto& d = m_c.data;
        const auto& hidden = m_c.config.model.hidden;
        std::vector<std::int64_t> widths;
        if (m_c.config.model.kind == "mlp") widths.push_back(d.features);
        widths.insert(widths.end(), hidden.begin(), hidden.end());
        widths.push_back(d.classes);
        std::optional<std::int64_t> weights = 0;
        for (std::size_t i = 0; weights && i + 1 < widths.size(); ++i)
            if (const auto w = checkedMul(widths[i], widths[i + 1]))
                weights = checkedAdd(*weights, *w);
            else weights.reset();
        auto bytes = weights ? checkedMul(*weights, 6) : std::nullopt;
        if (!bytes || static_cast<std::uint64_t>(*bytes) > m_file.fileSize())
            if (const auto csrOnly = bornSparseBytes(widths)) bytes = csrOnly;
        if (!bytes || static_cast<std::uint64_t>(*bytes) > m_file.fileSize())
            fail("/config", "model.hidden needs at least " +
                                (weights ? std::to_string(*weights) : std::string("2^63")) +
                                " weights (" + (bytes ? std::to_string(*bytes) : "over 2^63") +
                                " bytes stored) on the data's " + std::to_string(d.features) +
                                " features and " + std::to_string(d.classes) +
                                " classes, but the whole file has " +
                                std::to_string(m_file.fileSize()) + " bytes — the file is damaged");
    }

    // The same lower bound when born-sparse layers (stored as CSR only) are counted as what
    // they store: at least 8 bytes (value and column index) per weight active at the start,
    // which the sparse-backend methods keep constant. nullopt when the config has none, or
    // when it cannot be estimated (the builder then says why).
    std::optional<std::int64_t> bornSparseBytes(const std::vector<std::int64_t>& widths) const {
        if (m_c.config.model.kind != "mlp") return std::nullopt;
        MemoryEstimate estimate;
        try {
            estimate = estimateMemory(m_c.config, {m_c.data.features, m_c.data.classes,
                                                   m_c.data.imageRows, m_c.data.imageCols});
        } catch (const Error&) {
            return std::nullopt;
        }
        if (estimate.layers.size() + 1 != widths.size()) return std::nullopt;
        bool any = false;
        std::optional<std::int64_t> bytes = 0;
        for (std::size_t i = 0; bytes && i < estimate.layers.size(); ++i) {
            const auto& layer = estimate.layers[i];
            any = any || !layer.denseView;
            const auto w = layer.denseView ? checkedMul(widths[i], widths[i + 1])
                                           : std::optional<std::int64_t>(layer.active);
            const auto b = w ? checkedMul(*w, layer.denseView ? 6 : 8) : std::nullopt;
            bytes = b ? checkedAdd(*bytes, *b) : std::nullopt;
        }
        return any ? bytes : std::nullopt;
    }

    // Weights or optimizer state that are NaN or infinite: resuming would only report
    // "training diverged" and blame the learning rate; the file is what is wrong.
    void checkFinite(const std::string& object, const std::vector<float>& values) const {
        for (std::size_t i = 0; i < values.size(); ++i)
            if (!std::isfinite(values[i]))
                fail(object, "holds " +
                                 std::string(std::isnan(values[i]) ? "NaN" : "an infinite value") +
                                 " at flat index " + std::to_string(i) +
                                 " — expected finite numbers (saved from a diverged run, or the "
                                 "file is damaged); it cannot be resumed");
    }

    std::vector<float> readFinite(const std::string& object, const Dims& shape,
                                  const std::string& why) const {
        auto values = m_file.read<float>(object, shape, why);
        checkFinite(object, values);
        return values;
    }

    // The layer shapes are those of the model the trainer builds for this config and data,
    // so every model.kind (mlp, cnn, moe) is checked against what a resume would create.
    void buildShapes() {
        const auto& d = m_c.data;
        const auto& model = m_c.config.model;
        Rng rng(0);
        try {
            // The training overload: born-sparse layers are built as a run builds them (no
            // rows × cols array), and their flag tells readLayers() how they are stored.
            m_model =
                buildModel(m_c.config, {d.features, d.classes, d.imageRows, d.imageCols}, rng);
        } catch (const Error& e) {
            fail("/config", "cannot build model.kind " + model.kind + " for the data in /data (" +
                                std::to_string(d.features) + " features, " +
                                std::to_string(d.classes) + " classes, images " +
                                std::to_string(d.imageRows) + "x" + std::to_string(d.imageCols) +
                                "): " + e.what());
        }
        m_layers = m_model.prunableLayers();
        std::string shapes;
        for (std::size_t l = 0; l < m_layers.size(); ++l) {
            if (!shapes.empty()) shapes += ", ";
            shapes +=
                std::to_string(m_layers[l]->units()) + "x" + std::to_string(m_layers[l]->fanIn());
        }
        const auto list = [](const std::vector<int>& v) {
            std::string text;
            for (int x : v) text += (text.empty() ? "" : ",") + std::to_string(x);
            return "[" + text + "]";
        };
        std::string keys = "model.hidden " + list(model.hidden);
        if (model.kind == "cnn")
            keys = "model.conv_channels " + list(model.convChannels) + ", " + keys;
        // The mixture's gate and experts (in /params) take their shapes from these.
        if (model.kind == "moe")
            keys += ", model.experts " + std::to_string(model.experts) + ", model.expert_hidden " +
                    std::to_string(model.expertHidden) + ", model.top_k " +
                    std::to_string(model.topK);
        m_modelText = "(the config's model.kind " + model.kind + " with " + keys +
                      " on the data's " + std::to_string(d.features) + " features and " +
                      std::to_string(d.classes) + " classes: prunable layers " + shapes + ")";
    }

    Dims layerShape(std::size_t l) const {
        return {static_cast<hsize_t>(m_layers[l]->units()),
                static_cast<hsize_t>(m_layers[l]->fanIn())};
    }

    std::vector<std::uint8_t> readFlags(const std::string& object, const Dims& shape) const {
        auto flags = m_file.read<std::uint8_t>(object, shape, m_modelText);
        for (std::size_t i = 0; i < flags.size(); ++i)
            if (flags[i] > 1)
                fail(object, "holds " + std::to_string(flags[i]) + " at flat index " +
                                 std::to_string(i) + " — expected 0 or 1");
        return flags;
    }

    static Tensor toTensor(const std::vector<float>& values, const Dims& shape) {
        const auto cols = shape.size() == 2 ? static_cast<Eigen::Index>(shape[1]) : 1;
        return Eigen::Map<const Tensor>(values.data(), static_cast<Eigen::Index>(shape[0]), cols);
    }

    void readLayers() {
        const std::size_t layers = m_layers.size();
        std::set<std::string> expected;
        for (std::size_t l = 0; l < layers; ++l)
            expected.insert(layout::layerGroup(l).substr(std::string("/model/").size()));
        for (const auto& name : m_file.children("/model"))
            if (!expected.count(name))
                fail("/model/" + name, "not a layer of the model " + m_modelText);
        for (std::size_t l = 0; l < layers; ++l) {
            const std::string g = layout::layerGroup(l);
            const Dims shape = layerShape(l);
            TrainerState::Layer layer;
            if (m_layers[l]->hasDenseView())  // the weight first: its shape says the most
                layer.weight = toTensor(readFinite(g + "/weight", shape, m_modelText), shape);
            layer.bias = toTensor(readFinite(g + "/bias", {shape[0]}, m_modelText), {shape[0]});
            if (!m_layers[l]->hasDenseView()) {
                // Born sparse: the CSR is the weight and the mask; no byte per weight is read.
                for (const char* dense : {"/weight", "/mask", "/ever_active"})
                    if (m_file.exists(g + dense))
                        fail(g + dense, "is present, but the config makes this layer born "
                                        "sparse (stored as CSR only) " +
                                            m_modelText);
                layer.sparseOnly = true;
                layer.csr = readCsrOnlyLayer(m_file, l, m_layers[l]->units(), m_layers[l]->fanIn());
            } else {
                const auto mask = readFlags(g + "/mask", shape);
                layer.mask = Eigen::Map<const Eigen::Matrix<std::uint8_t, Eigen::Dynamic,
                                                            Eigen::Dynamic, Eigen::RowMajor>>(
                                 mask.data(), layer.weight.rows(), layer.weight.cols())
                                 .cast<float>();
                layer.everActive = readFlags(g + "/ever_active", shape);
            }
            if (m_file.hasAttribute(g, "latent"))
                layer.latent = m_file.intAttribute(g, "latent") != 0;
            const long long parameters = static_cast<long long>(shape[0] * shape[1]);
            for (const auto& a : layout::statAttributes()) {
                // Counts of weights are bounded by the layer; totals and steps are not.
                const std::string name = a.name;
                const bool perWeight = !name.starts_with("total_") && name != "last_update_step";
                const long long v =
                    count(g, name, name == "last_update_step" ? -1 : 0,
                          perWeight ? parameters : std::numeric_limits<long long>::max());
                if (a.integer) layer.stats.*a.integer = v;
                else layer.stats.*a.small = static_cast<int>(v);
            }
            if (layer.stats.parameters != parameters)
                fail(g, "attribute 'parameters' is " + std::to_string(layer.stats.parameters) +
                            " — expected " + std::to_string(parameters) + " " + m_modelText);
            if (layer.sparseOnly && layer.stats.active != layer.csr.nnz())
                fail(g, "attribute 'active' is " + std::to_string(layer.stats.active) +
                            " — expected " + std::to_string(layer.csr.nnz()) +
                            ", the entries of its csr group");
            m_c.state.layers.push_back(std::move(layer));
        }
    }

    // Which tensors the configured method keeps, asked of the method itself: it is begun on
    // the freshly built model's layers, which are thrown away afterwards.
    void readMethodState() {
        // Written beside /config for readers of the file; the two must agree.
        if (m_file.hasAttribute("/sparsity", "method")) {
            const std::string stored = m_file.textAttribute("/sparsity", "method");
            if (stored != m_c.config.sparsity.method)
                fail("/sparsity", "attribute 'method' is '" + clipped(stored) +
                                      "' but /config says sparsity.method '" +
                                      m_c.config.sparsity.method +
                                      "' — the file was edited or damaged");
        }
        Rng rng(0);
        SparsityContext context{m_layers, &rng, 1000};
        auto method = makeSparsityMethod(m_c.config.sparsity);
        try {
            method->begin(context);
        } catch (const Error& e) {
            fail("/config", "sparsity method " + method->name() + " cannot start: " + e.what());
        }
        std::set<std::string> expected;
        for (const auto& [name, tensor] : method->state()) {
            const std::string object = "/sparsity/" + name;
            const Dims shape{static_cast<hsize_t>(tensor->rows()),
                             static_cast<hsize_t>(tensor->cols())};
            m_c.state.methodState.push_back(
                {name,
                 toTensor(readFinite(object, shape, "(kept by method " + method->name() + ")"),
                          shape)});
            expected.insert(name);
        }
        for (const auto& name : m_file.children("/sparsity"))
            if (!expected.count(name))
                fail("/sparsity/" + name,
                     "not kept by method " + method->name() + " (the config's sparsity.method)");
    }

    void readOptimizer() {
        auto& s = m_c.state;
        s.optimizerName = m_file.textAttribute("/optimizer", "name");
        if (s.optimizerName != m_c.config.optimizer.name)
            fail("/optimizer", "attribute 'name' is '" + s.optimizerName + "' — expected '" +
                                   m_c.config.optimizer.name + "' (the config's optimizer.name)");
        s.optimizerSteps = count("/optimizer", "step_count", 0);
        if (s.optimizerSteps == 0) return;  // the state is created by the first step
        // Named as Trainer::paramNames() names them: by layer kind and its count among the
        // layers of that kind ("conv2d1/weight", "dense1/bias"), in the model's order.
        std::map<std::string, int> seen;
        for (const auto& layer : m_model.layers()) {
            const auto params = layer->params();
            if (params.empty()) continue;
            const std::string prefix = layer->kind() + std::to_string(++seen[layer->kind()]) + "/";
            // A born-sparse layer's weight state is per active weight of the stored CSR.
            const TrainerState::Layer* csrOnly = nullptr;
            for (std::size_t l = 0; l < m_layers.size(); ++l)
                if (m_layers[l] == layer.get() && s.layers.size() > l && s.layers[l].sparseOnly)
                    csrOnly = &s.layers[l];
            for (const Param& p : params) {
                const std::string param = prefix + p.name;
                Dims shape = layout::isVector(param) ? Dims{static_cast<hsize_t>(p.value->size())}
                                                     : Dims{static_cast<hsize_t>(p.value->rows()),
                                                            static_cast<hsize_t>(p.value->cols())};
                if (csrOnly && std::string(p.name) == "weight")
                    shape = {static_cast<hsize_t>(csrOnly->csr.nnz()), 1};
                for (const auto& kind : layout::optimizerKinds(s.optimizerName)) {
                    const std::string object = "/optimizer/" + param + "/" + kind;
                    s.optimizer.push_back(
                        {param, kind, toTensor(readFinite(object, shape, m_modelText), shape)});
                }
            }
        }
    }

    void readTrainer() {
        auto& s = m_c.state;
        const std::string g = "/trainer";
        s.step = count(g, "step", 0);
        m_c.totalSteps = count(g, "total_steps", 0);
        s.batchEpoch = static_cast<int>(count(g, "epoch", 0, INT32_MAX));
        s.batchPosition = static_cast<int>(count(g, "batch_position", 0, m_c.data.trainExamples));
        s.seconds = m_file.realAttribute(g, "training_seconds");
        m_c.learningRate = m_file.realAttribute(g, "learning_rate");
        m_c.targetSparsity = m_file.realAttribute(g, "target_sparsity");
        m_c.dropFraction = m_file.realAttribute(g, "drop_fraction");
        s.running.lossSum = m_file.realAttribute(g, "loss_sum");
        s.running.correctSum = count(g, "correct_sum", 0);
        s.running.exampleSum = count(g, "example_sum", 0);
        s.running.stepsSincePoint = static_cast<int>(count(g, "steps_since_point", 0, INT32_MAX));
        s.running.grownSincePoint = count(g, "grown_since_point", 0);
        s.running.prunedSincePoint = count(g, "pruned_since_point", 0);
        s.running.lastLoss = m_file.realAttribute(g, "last_loss");

        const hsize_t n = s.batchEpoch > 0 ? static_cast<hsize_t>(m_c.data.trainExamples) : 0;
        s.batchOrder =
            m_file.read<std::int32_t>(g + "/batch_order", {n},
                                      s.batchEpoch > 0 ? "(one entry per training example)"
                                                       : "(epoch 0: no batch drawn yet)");
        std::vector<bool> seen(n, false);
        for (std::int32_t i : s.batchOrder) {
            if (i < 0 || static_cast<hsize_t>(i) >= n || seen[static_cast<std::size_t>(i)])
                fail(g + "/batch_order", "is not a permutation of 0.." + std::to_string(n - 1) +
                                             " (entry " + std::to_string(i) +
                                             " is out of range or repeated)");
            seen[static_cast<std::size_t>(i)] = true;
        }
        const auto rng = m_file.read<std::uint64_t>(g + "/rng_state", {4});
        if (rng == std::vector<std::uint64_t>(4, 0))
            fail(g + "/rng_state", "is all zero — not a state of the xoshiro256** generator");
        std::copy(rng.begin(), rng.end(), s.rng.begin());
    }

    void readMetrics() {
        const hsize_t n = m_file.readVector<std::int64_t>("/metrics/step").size();
        MetricHistory history(n);
        for (const auto& column : layout::metricColumns()) {
            const std::string object = std::string("/metrics/") + column.name;
            const std::string why = "(as long as /metrics/step)";
            if (column.optional && !m_file.exists(object)) continue;
            if (column.integer) {
                const auto v = m_file.read<std::int64_t>(object, {n}, why);
                for (hsize_t i = 0; i < n; ++i) history[i].*column.integer = v[i];
            } else if (column.small) {
                const auto v = m_file.read<std::int32_t>(object, {n}, why);
                for (hsize_t i = 0; i < n; ++i) history[i].*column.small = v[i];
            } else {
                const auto v = m_file.read<double>(object, {n}, why);
                for (hsize_t i = 0; i < n; ++i) history[i].*column.real = v[i];
            }
        }
        m_c.state.history = std::move(history);
    }

    // A flat array and its offsets; event i owns [offsets[i], offsets[i+1]).
    template <class T>
    std::vector<std::vector<T>> readRagged(const std::string& name, hsize_t events) const {
        const std::string object = "/mask_events/" + name;
        const auto flat = m_file.readVector<T>(object);
        const auto offsets = m_file.read<std::int64_t>(object + "_offsets", {events + 1},
                                                       "(one more than the events)");
        std::vector<std::vector<T>> out(events);
        for (hsize_t i = 0; i < events; ++i) {
            const auto begin = offsets[i], end = offsets[i + 1];
            if ((i == 0 && begin != 0) || end < begin ||
                end > static_cast<std::int64_t>(flat.size()))
                fail(object + "_offsets",
                     "entry " + std::to_string(i) + " runs from " + std::to_string(begin) + " to " +
                         std::to_string(end) + " — expected rising offsets from 0 within the " +
                         std::to_string(flat.size()) + " entries of " + object);
            out[i].assign(flat.begin() + begin, flat.begin() + end);
        }
        if (offsets.back() != static_cast<std::int64_t>(flat.size()))
            fail(object + "_offsets", "ends at " + std::to_string(offsets.back()) + " — expected " +
                                          std::to_string(flat.size()) + ", the length of " +
                                          object);
        return out;
    }

    void readEvents() {
        const auto steps = m_file.readVector<std::int64_t>("/mask_events/step");
        const hsize_t n = steps.size();
        const std::string why = "(as long as /mask_events/step)";
        const auto layers = m_file.read<std::int32_t>("/mask_events/layer", {n}, why);
        const auto dropCutoff = m_file.read<float>("/mask_events/drop_cutoff", {n}, why);
        const auto growCutoff = m_file.read<float>("/mask_events/grow_cutoff", {n}, why);
        // Absent in files written before it was kept: NaN, "not known".
        const auto dropFraction =
            m_file.exists("/mask_events/drop_fraction")
                ? m_file.read<double>("/mask_events/drop_fraction", {n}, why)
                : std::vector<double>(n, std::numeric_limits<double>::quiet_NaN());
        auto pruned = readRagged<std::int32_t>("pruned_indices", n);
        auto grown = readRagged<std::int32_t>("grown_indices", n);
        auto prunedScores = readRagged<float>("pruned_scores", n);
        auto grownScores = readRagged<float>("grown_scores", n);
        // Born-sparse layers' counts and bounded 64-bit lists; absent in files written before.
        const bool unlisted = m_file.exists("/mask_events/pruned_unlisted");
        const auto prunedUnlisted =
            unlisted ? m_file.read<std::int64_t>("/mask_events/pruned_unlisted", {n}, why)
                     : std::vector<std::int64_t>(n, 0);
        const auto grownUnlisted =
            unlisted ? m_file.read<std::int64_t>("/mask_events/grown_unlisted", {n}, why)
                     : std::vector<std::int64_t>(n, 0);
        auto prunedPositions = unlisted ? readRagged<std::int64_t>("pruned_positions", n)
                                        : std::vector<std::vector<std::int64_t>>(n);
        auto grownPositions = unlisted ? readRagged<std::int64_t>("grown_positions", n)
                                       : std::vector<std::vector<std::int64_t>>(n);
        const auto layerCount = static_cast<std::int32_t>(m_c.state.layers.size());
        for (hsize_t i = 0; i < n; ++i) {
            if (layers[i] < 1 || layers[i] > layerCount)
                fail("/mask_events/layer", "entry " + std::to_string(i) + " is " +
                                               std::to_string(layers[i]) + " — expected 1 to " +
                                               std::to_string(layerCount));
            const long long size = m_layers[static_cast<std::size_t>(layers[i] - 1)]->weightCount();
            for (const auto* list : {&pruned[i], &grown[i]})
                for (std::int32_t index : *list)
                    if (index < 0 || index >= size)
                        fail(list == &pruned[i] ? "/mask_events/pruned_indices"
                                                : "/mask_events/grown_indices",
                             "event " + std::to_string(i) + " names weight " +
                                 std::to_string(index) + " — layer " + std::to_string(layers[i]) +
                                 " has " + std::to_string(size));
            for (const auto* list : {&prunedPositions[i], &grownPositions[i]})
                for (std::int64_t index : *list)
                    if (index < 0 || index >= size)
                        fail(list == &prunedPositions[i] ? "/mask_events/pruned_positions"
                                                         : "/mask_events/grown_positions",
                             "event " + std::to_string(i) + " names weight " +
                                 std::to_string(index) + " — layer " + std::to_string(layers[i]) +
                                 " has " + std::to_string(size));
            const auto checkCount = [&](const char* object, std::int64_t count,
                                        std::size_t listed) {
                if (count < static_cast<std::int64_t>(listed) || count > size)
                    fail(object, "event " + std::to_string(i) + " counts " + std::to_string(count) +
                                     " changes — expected at least the " + std::to_string(listed) +
                                     " it lists and at most the " + std::to_string(size) +
                                     " weights of layer " + std::to_string(layers[i]));
            };
            checkCount("/mask_events/pruned_unlisted", prunedUnlisted[i],
                       prunedPositions[i].size());
            checkCount("/mask_events/grown_unlisted", grownUnlisted[i], grownPositions[i].size());
            MaskUpdateEvent e;
            e.step = steps[i];
            e.prunedUnlisted = prunedUnlisted[i];
            e.grownUnlisted = grownUnlisted[i];
            e.prunedPositions.assign(prunedPositions[i].begin(), prunedPositions[i].end());
            e.grownPositions.assign(grownPositions[i].begin(), grownPositions[i].end());
            e.layer = layers[i] - 1;
            e.prunedIndices = std::move(pruned[i]);
            e.grownIndices = std::move(grown[i]);
            e.dropCutoff = dropCutoff[i];
            e.growCutoff = growCutoff[i];
            // A drop fraction is NaN or in [0, 1]; anything else would state a wrong α.
            if (!std::isnan(dropFraction[i]) && !(dropFraction[i] >= 0.0 && dropFraction[i] <= 1.0))
                fail("/mask_events/drop_fraction", "entry " + std::to_string(i) + " is " +
                                                       std::to_string(dropFraction[i]) +
                                                       " — expected NaN or 0 to 1");
            e.dropFraction = dropFraction[i];
            e.prunedScores = std::move(prunedScores[i]);
            e.grownScores = std::move(grownScores[i]);
            m_c.state.events.push_back(std::move(e));
        }
    }

    void readChanges() {
        const auto steps = m_file.readVector<std::int64_t>("/parameter_changes/step");
        const hsize_t n = steps.size();
        const std::string why = "(as long as /parameter_changes/step)";
        const auto keys = m_file.texts("/parameter_changes/key", n);
        const auto from = m_file.read<double>("/parameter_changes/from", {n}, why);
        const auto to = m_file.read<double>("/parameter_changes/to", {n}, why);
        for (hsize_t i = 0; i < n; ++i)
            m_c.state.changes.push_back({steps[i], keys[i], from[i], to[i]});
    }

    // Tensors a resume needs beyond TrainerState, each stored 2-D under `group` with exactly
    // the names and shapes `expected` lists; `why` says where the list comes from.
    std::vector<TrainerState::NamedTensor>
    readNamed(const std::string& group,
              const std::vector<std::pair<std::string, Tensor*>>& expected,
              const std::string& why) const {
        std::set<std::string> names, paths;
        std::vector<TrainerState::NamedTensor> out;
        for (const auto& [name, tensor] : expected) {
            const Dims shape{static_cast<hsize_t>(tensor->rows()),
                             static_cast<hsize_t>(tensor->cols())};
            out.push_back({name, toTensor(readFinite(group + "/" + name, shape, why), shape)});
            names.insert(name.substr(0, name.find('/')));
            paths.insert(name);
        }
        // One level further too: an extra tensor beside a layer's expected ones (say a fourth
        // expert's weights in a three-expert mixture) is a damaged file, not something to ignore.
        auto expectedPath = [&](const std::string& p) {
            const auto next = paths.lower_bound(p);
            return next != paths.end() && (*next == p || next->starts_with(p + "/"));
        };
        for (const auto& child : m_file.children(group)) {
            if (!names.count(child)) fail(group + "/" + child, "not expected " + why);
            if (paths.count(child)) continue;  // a tensor itself, not a group of them
            for (const auto& leaf : m_file.children(group + "/" + child))
                if (!expectedPath(child + "/" + leaf))
                    fail(group + "/" + child + "/" + leaf, "not expected " + why);
        }
        return out;
    }

    void readBesideState() {
        // Files written before these objects existed hold neither a mixture of experts (it
        // could not be saved) nor a filter state (it restarted at zero): absent means none.
        std::vector<std::uint8_t> masked;
        for (std::size_t l = 0; l < m_layers.size(); ++l)
            if (m_file.hasAttribute(layout::layerGroup(l), "masked"))
                masked.push_back(
                    static_cast<std::uint8_t>(count(layout::layerGroup(l), "masked", 0, 1)));
        // All or none: a lottery file missing one layer's flag would resume that layer dense.
        if (!masked.empty() && masked.size() != m_layers.size())
            for (std::size_t l = 0; l < m_layers.size(); ++l)
                if (!m_file.hasAttribute(layout::layerGroup(l), "masked"))
                    fail(layout::layerGroup(l), "attribute 'masked' is missing, though " +
                                                    std::to_string(masked.size()) + " of the " +
                                                    std::to_string(m_layers.size()) +
                                                    " layers have it — the file is damaged");
        if (masked.size() == m_layers.size()) m_c.masked = std::move(masked);

        const auto params = layout::nonPrunableParams(m_model);
        if (!params.empty() || m_file.exists("/params"))
            m_c.otherParams = readNamed("/params", params, m_modelText);

        if (!m_file.exists("/gradient_filter") || m_file.children("/gradient_filter").empty())
            return;
        GradientFilter filter(m_c.config.gradient, m_c.config.optimizer.momentum);
        filter.prepare(m_model.params());
        m_c.gradientState = readNamed("/gradient_filter", filter.state(),
                                      "(kept by the config's gradient.compression " +
                                          m_c.config.gradient.compression + ")");
    }

    void readExchange() {
        // Absent in files written before it existed: nothing measured, one rank.
        const std::string g = "/exchange";
        if (!m_file.exists(g)) return;
        auto& t = m_c.exchange;
        t.ranks = static_cast<int>(count(g, "ranks", 1, INT32_MAX));
        t.steps = count(g, "steps", 0);
        t.bytesSent = count(g, "bytes_sent", 0);
        t.bytesReceived = count(g, "bytes_received", 0);
        t.sparseSteps = count(g, "sparse_exchanges", 0);
        t.denseSteps = count(g, "dense_exchanges", 0);
        t.seconds = m_file.realAttribute(g, "communication_seconds");
        if (!(t.seconds >= 0.0) || !std::isfinite(t.seconds))
            fail(g, "attribute 'communication_seconds' is " + std::to_string(t.seconds) +
                        " — expected a finite number of seconds, at least 0");
    }

    h5::FileReader m_file;
    Checkpoint m_c;
    Model m_model;                         // built from the config, for its shapes only
    std::vector<PrunableLayer*> m_layers;  // m_model's prunable layers, input first
    std::string m_modelText;
};

}  // namespace

Checkpoint readCheckpoint(const std::string& path) {
    std::lock_guard lock(h5::libraryMutex());
    return CheckpointReader(path).read();
}

}  // namespace sl
