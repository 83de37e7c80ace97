#include "io/checkpoint.h"
#include "train/model_builder.h"

#include "io/checkpoint_layout.h"
#include "sparsity/method.h"
#include "train/run_setup.h"
#include "util/error.h"
#include "util/input_limits.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <zlib.h>

namespace sl {

std::vector<std::pair<std::string, Tensor*>> checkpoint_layout::nonPrunableParams(Model& model) {
    // Named as Trainer::paramNames() names params: layer kind, its count among layers of that
    // kind, the param's own name.
    std::vector<std::pair<std::string, Tensor*>> out;
    std::map<std::string, int> seen;
    for (const auto& layer : model.layers()) {
        auto params = layer->params();
        if (params.empty()) continue;
        const std::string prefix = layer->kind() + std::to_string(++seen[layer->kind()]) + "/";
        if (dynamic_cast<PrunableLayer*>(layer.get())) continue;
        // A composite layer's prunable layers are stored as prunable layers (with masks).
        std::set<const Tensor*> inner;
        for (PrunableLayer* prunable : layer->innerPrunableLayers())
            for (const Param& p : prunable->params()) inner.insert(p.value);
        for (Param& p : params)
            if (!inner.count(p.value)) out.emplace_back(prefix + p.name, p.value);
    }
    return out;
}

namespace {

namespace layout = checkpoint_layout;

using nlohmann::json;

// Dotted keys whose values differ between two config trees; lists count as values.
void differences(const json& a, const json& b, const std::string& prefix,
                 std::vector<std::string>& out) {
    if (!a.is_object() || !b.is_object()) {
        if (a != b) out.push_back(prefix);
        return;
    }
    std::set<std::string> keys;
    for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
    for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
    for (const auto& key : keys)
        differences(a.contains(key) ? a[key] : json(), b.contains(key) ? b[key] : json(),
                    prefix.empty() ? key : prefix + "." + key, out);
}

json valueAt(const json& root, const std::string& dotted) {
    const json* node = &root;
    for (std::size_t start = 0; node;) {
        const auto dot = dotted.find('.', start);
        const auto key = dotted.substr(start, dot - start);
        node = node->is_object() && node->contains(key) ? &(*node)[key] : nullptr;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return node ? *node : json();
}

std::string dataText(const CheckpointData& d) {
    return std::to_string(d.trainExamples) + " training and " + std::to_string(d.testExamples) +
           " test examples, " + std::to_string(d.features) + " features, " +
           std::to_string(d.classes) + " classes, labels CRC-32 " +
           std::to_string(d.trainLabelsCrc32);
}

// What differs between the data a run trained on and the data its config gives now, named
// part by part; a stored CRC of 0 (an older file) is not compared.
std::vector<std::string> dataDifferences(const CheckpointData& saved, const CheckpointData& now) {
    std::vector<std::string> out;
    const auto number = [&](const char* what, long long a, long long b) {
        if (a != b)
            out.push_back(std::string(what) + " " + std::to_string(a) + " then, " +
                          std::to_string(b) + " now");
    };
    const auto crc = [&](const char* what, std::uint32_t a, std::uint32_t b) {
        if (a != 0 && a != b)
            out.push_back(std::string(what) + " CRC-32 " + std::to_string(a) + " then, " +
                          std::to_string(b) + " now");
    };
    number("training examples", saved.trainExamples, now.trainExamples);
    number("test examples", saved.testExamples, now.testExamples);
    number("features", saved.features, now.features);
    number("classes", saved.classes, now.classes);
    if (saved.trainLabelsCrc32 != now.trainLabelsCrc32)
        out.push_back("training labels CRC-32 " + std::to_string(saved.trainLabelsCrc32) +
                      " then, " + std::to_string(now.trainLabelsCrc32) + " now");
    crc("training images", saved.trainImagesCrc32, now.trainImagesCrc32);
    crc("test images", saved.testImagesCrc32, now.testImagesCrc32);
    crc("test labels", saved.testLabelsCrc32, now.testLabelsCrc32);
    return out;
}

// CRC-32 in chunks: zlib's length argument is 32 bits wide. Never 0, so that 0 can mean
// "not stored" in older files.
std::uint32_t crcOf(const void* data, std::size_t size) {
    uLong crc = crc32(0L, Z_NULL, 0);
    const auto* bytes = static_cast<const Bytef*>(data);
    while (size > 0) {
        const auto chunk = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
        crc = crc32(crc, bytes, chunk);
        bytes += chunk;
        size -= chunk;
    }
    return crc == 0 ? 1u : static_cast<std::uint32_t>(crc);
}

void copyNamed(const std::string& what, const std::vector<TrainerState::NamedTensor>& stored,
               const std::vector<std::pair<std::string, Tensor*>>& into) {
    if (stored.size() != into.size())
        throw ShapeError(std::to_string(stored.size()) + " " + what + " tensors — expected " +
                         std::to_string(into.size()));
    for (std::size_t i = 0; i < into.size(); ++i) {
        const auto& [name, tensor] = into[i];
        if (stored[i].name != name || stored[i].value.rows() != tensor->rows() ||
            stored[i].value.cols() != tensor->cols())
            throw ShapeError(what + " tensor " + std::to_string(i + 1) + " is '" + stored[i].name +
                             "' " + std::to_string(stored[i].value.rows()) + "x" +
                             std::to_string(stored[i].value.cols()) + " — expected '" + name +
                             "' " + std::to_string(tensor->rows()) + "x" +
                             std::to_string(tensor->cols()));
    }
    for (std::size_t i = 0; i < into.size(); ++i) *into[i].second = stored[i].value;
}

// What TrainerState does not hold, put back before restoreState(): setMasks() (for layers the
// config's method leaves unmasked) restarts the tracker, which restoreState() then restores.
void restoreBesideState(Trainer& trainer, const Checkpoint& c) {
    const auto layers = trainer.prunableLayers();
    if (!c.masked.empty()) {
        if (c.masked.size() != layers.size())
            throw ShapeError(std::to_string(c.masked.size()) + " masked flags — expected " +
                             std::to_string(layers.size()));
        bool needed = false;
        for (std::size_t l = 0; l < layers.size(); ++l)
            needed |= c.masked[l] && !layers[l]->masked();
        if (needed) {
            std::vector<Tensor> masks;
            for (const auto& layer : c.state.layers) masks.push_back(layer.mask);
            trainer.setMasks(masks);
        }
    }
    copyNamed("mixture-of-experts parameter", c.otherParams,
              layout::nonPrunableParams(trainer.model()));
    if (!c.gradientState.empty()) {
        trainer.gradientFilter().prepare(trainer.model().params());
        copyNamed("gradient filter", c.gradientState, trainer.gradientFilter().state());
    }
    trainer.restoreExchangeTotals(c.exchange);
}

}  // namespace

CheckpointData describeData(const TrainTestSplit& data) {
    CheckpointData d{data.train.name,       data.train.count(),    data.test.count(),
                     data.train.features(), data.train.numClasses, 0,
                     data.train.imageRows,  data.train.imageCols};
    // The labels' CRC keeps its old definition (0 allowed) so older files still match.
    uLong crc = crc32(0L, Z_NULL, 0);
    const auto* bytes = reinterpret_cast<const Bytef*>(data.train.labels.data());
    std::size_t left = data.train.labels.size() * sizeof(std::int32_t);
    while (left > 0) {
        const auto chunk = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
        crc = crc32(crc, bytes, chunk);
        bytes += chunk;
        left -= chunk;
    }
    d.trainLabelsCrc32 = static_cast<std::uint32_t>(crc);
    // ~0.2 s for Fashion-MNIST's 55 million floats: cheap next to loading them.
    d.trainImagesCrc32 =
        crcOf(data.train.x.data(), sizeof(float) * static_cast<std::size_t>(data.train.x.size()));
    d.testImagesCrc32 =
        crcOf(data.test.x.data(), sizeof(float) * static_cast<std::size_t>(data.test.x.size()));
    d.testLabelsCrc32 =
        crcOf(data.test.labels.data(), sizeof(std::int32_t) * data.test.labels.size());
    return d;
}

Checkpoint captureCheckpoint(Trainer& trainer) {
    Checkpoint c;
    for (const auto& [name, value] : checkpoint_layout::nonPrunableParams(trainer.model()))
        c.otherParams.push_back({name, *value});
    for (const auto& [name, value] : trainer.gradientFilter().state())
        c.gradientState.push_back({name, *value});
    for (const PrunableLayer* layer : trainer.prunableLayers()) c.masked.push_back(layer->masked());
    c.exchange = trainer.gradientExchange().totals();
    c.writer = std::string("SparseLab ") + SPARSELAB_VERSION;
    c.config = trainer.config();
    c.data = describeData(trainer.data());
    c.totalSteps = trainer.totalSteps();
    c.learningRate = trainer.learningRate();
    c.targetSparsity = trainer.sparsityMethod().targetSparsityAt(trainer.step());
    c.dropFraction = trainer.sparsityMethod().dropFractionAt(trainer.step());
    c.state = trainer.captureState();
    c.backends = layerBackends(trainer.prunableLayers());
    return c;
}

bool resumeMayChange(const std::string& key) {
    return key == "train.epochs" || key == "train.max_steps";
}

std::unique_ptr<Trainer> resumeTrainer(const Checkpoint& checkpoint, const RunConfig& config,
                                       TrainTestSplit data) {
    const std::string file = checkpoint.source.empty() ? "checkpoint" : checkpoint.source;
    const json stored = toJson(checkpoint.config), given = toJson(config);
    std::vector<std::string> changed;
    differences(stored, given, "", changed);
    for (const auto& key : changed)
        if (!resumeMayChange(key))
            throw ConfigError(file + ": " + key + " is " + clipped(valueAt(stored, key).dump()) +
                              " in the checkpoint, " + clipped(valueAt(given, key).dump()) +
                              " asked — a resumed run keeps its config; only train.epochs and "
                              "train.max_steps may change");

    const CheckpointData now = describeData(data);
    // The name is left out: the same examples may come from a renamed or moved folder.
    const auto dataChanged = dataDifferences(checkpoint.data, now);
    if (!dataChanged.empty()) {
        std::string list;
        for (const auto& c : dataChanged) list += (list.empty() ? "" : "; ") + c;
        throw CheckpointError(file + ": /data: the run trained on " + dataText(checkpoint.data) +
                              "; its config's data.name '" + config.data.name + "' now gives " +
                              dataText(now) + " — the data changed since the save (" + list + ")");
    }

    // A run resumes on the backend it was saved from: a dense run (a format-1 file, or one-shot
    // pruning of a dense model, in memory or from `sparselab-cli prune`) stays dense even where
    // `auto` would now choose sparse for its masks, so its optimizer state (one value per
    // weight of the dense shape) fits the layers it is read into. The reader fills backends
    // from each layer's 'backend' attribute (checkpoint_csr.h).
    RunConfig build = config;
    const bool anySparse = std::find(checkpoint.backends.begin(), checkpoint.backends.end(),
                                     "sparse") != checkpoint.backends.end();
    // Except a run whose method starts dense and moves layers to the sparse backend itself
    // (magnitude, nm under auto): saved before its move, it must still move after the resume,
    // or it would part from the uninterrupted run (test_exact_resume). Its saved layers are all
    // below the break-even, so the start rule keeps them dense and their state fits.
    const bool movesLater = config.model.backend == "auto" &&
                            makeSparsityMethod(config.sparsity)->movesToSparseBackend();
    if (!checkpoint.backends.empty() && !anySparse && !movesLater) build.model.backend = "dense";
    auto trainer = std::make_unique<Trainer>(build, std::move(data));
    try {
        restoreBesideState(*trainer, checkpoint);
        trainer->restoreState(checkpoint.state);
    } catch (const Error& e) {
        throw CheckpointError(file + ": cannot restore the run: " + e.what());
    }
    return trainer;
}

std::unique_ptr<Trainer> loadCheckpoint(const std::string& path) {
    Checkpoint checkpoint = readCheckpoint(path);
    const RunConfig config = checkpoint.config;
    return resumeTrainer(checkpoint, config, loadRunData(config));
}

}  // namespace sl
