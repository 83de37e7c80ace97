#include "io/checkpoint.h"
#include "train/model_builder.h"

#include "train/run_setup.h"
#include "util/error.h"
#include "util/input_limits.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <zlib.h>

namespace sl {
namespace {

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

} // namespace

CheckpointData describeData(const TrainTestSplit& data) {
    // CRC-32 in chunks: zlib's length argument is 32 bits wide.
    uLong crc = crc32(0L, Z_NULL, 0);
    const auto* bytes = reinterpret_cast<const Bytef*>(data.train.labels.data());
    std::size_t left = data.train.labels.size() * sizeof(std::int32_t);
    while (left > 0) {
        const auto chunk = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
        crc = crc32(crc, bytes, chunk);
        bytes += chunk;
        left -= chunk;
    }
    return {data.train.name,         data.train.count(),      data.test.count(),
            data.train.features(),   data.train.numClasses,   static_cast<std::uint32_t>(crc),
            data.train.imageRows,    data.train.imageCols};
}

Checkpoint captureCheckpoint(Trainer& trainer) {
    // The layout stores prunable layers only; a mixture of experts keeps its gate and experts
    // outside them, so its file could never be restored. Refuse before anything is written.
    if (trainer.config().model.kind == "moe")
        throw CheckpointError("model.kind moe: checkpoints of a mixture-of-experts run are not "
                              "supported yet (the gate and expert weights have no place in "
                              "the file layout) — nothing was written");
    Checkpoint c;
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
    if (now.trainExamples != checkpoint.data.trainExamples ||
        now.testExamples != checkpoint.data.testExamples ||
        now.features != checkpoint.data.features || now.classes != checkpoint.data.classes ||
        now.trainLabelsCrc32 != checkpoint.data.trainLabelsCrc32)
        throw CheckpointError(file + ": /data: the run trained on " + dataText(checkpoint.data) +
                              "; its config's data.name '" + config.data.name + "' now gives " +
                              dataText(now) + " — the data changed since the save");

    auto trainer = std::make_unique<Trainer>(config, std::move(data));
    try {
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

} // namespace sl
