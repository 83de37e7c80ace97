#include "io/checkpoint.h"

#include "io/checkpoint_csr.h"
#include "io/checkpoint_layout.h"
#include "io/hdf5_file.h"
#include "util/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace sl {
namespace {

namespace layout = checkpoint_layout;
using Dims = std::vector<hsize_t>;

hsize_t size(std::size_t n) { return static_cast<hsize_t>(n); }

void writeLayers(h5::FileWriter& w, const TrainerState& s) {
    w.group("/model");
    w.attribute("/model", "layers", static_cast<long long>(s.layers.size()));
    for (std::size_t l = 0; l < s.layers.size(); ++l) {
        const auto& layer = s.layers[l];
        const std::string g = layout::layerGroup(l);
        w.dataset(g + "/bias", layer.bias.data(), {size(layer.bias.size())});
        if (layer.sparseOnly) {
            // Born sparse: the csr group (checkpoint_csr.h) is the weight and, by its
            // positions, the mask; nothing of rows × cols is written or built.
            w.attribute(g, "outputs", static_cast<long long>(layer.csr.rows));
            w.attribute(g, "inputs", static_cast<long long>(layer.csr.cols));
            w.attribute(g, "csr_only", 1LL);
        } else {
            const Dims shape{size(layer.weight.rows()), size(layer.weight.cols())};
            w.dataset(g + "/weight", layer.weight.data(), shape);  // row-major, as NumPy
            std::vector<std::uint8_t> mask(static_cast<std::size_t>(layer.mask.size()));
            for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = layer.mask.data()[i] != 0.0f;
            w.dataset(g + "/mask", mask.data(), shape);
            w.dataset(g + "/ever_active", layer.everActive.data(), shape);
            w.attribute(g, "outputs", static_cast<long long>(layer.weight.rows()));
            w.attribute(g, "inputs", static_cast<long long>(layer.weight.cols()));
        }
        w.attribute(g, "latent", static_cast<long long>(layer.latent));
        for (const auto& a : layout::statAttributes())
            w.attribute(g, a.name,
                        a.integer ? layer.stats.*a.integer
                                  : static_cast<long long>(layer.stats.*a.small));
    }
}

void writeOptimizer(h5::FileWriter& w, const TrainerState& s) {
    w.group("/optimizer");
    w.attribute("/optimizer", "name", s.optimizerName);
    w.attribute("/optimizer", "step_count", s.optimizerSteps);
    for (const auto& t : s.optimizer) {
        const Dims shape = layout::isVector(t.param)
                               ? Dims{size(t.value.rows())}
                               : Dims{size(t.value.rows()), size(t.value.cols())};
        w.dataset("/optimizer/" + t.param + "/" + t.kind, t.value.data(), shape);
    }
}

void writeTrainer(h5::FileWriter& w, const Checkpoint& c) {
    const TrainerState& s = c.state;
    const std::string g = "/trainer";
    w.group(g);
    w.attribute(g, "step", s.step);
    w.attribute(g, "total_steps", c.totalSteps);
    w.attribute(g, "epoch", static_cast<long long>(s.batchEpoch));
    w.attribute(g, "batch_position", static_cast<long long>(s.batchPosition));
    w.attribute(g, "training_seconds", s.seconds);
    w.attribute(g, "learning_rate", c.learningRate);
    w.attribute(g, "target_sparsity", c.targetSparsity);
    w.attribute(g, "drop_fraction", c.dropFraction);
    w.attribute(g, "loss_sum", s.running.lossSum);
    w.attribute(g, "correct_sum", s.running.correctSum);
    w.attribute(g, "example_sum", s.running.exampleSum);
    w.attribute(g, "steps_since_point", static_cast<long long>(s.running.stepsSincePoint));
    w.attribute(g, "grown_since_point", s.running.grownSincePoint);
    w.attribute(g, "pruned_since_point", s.running.prunedSincePoint);
    w.attribute(g, "last_loss", s.running.lastLoss);
    w.dataset(g + "/batch_order", s.batchOrder.data(), {size(s.batchOrder.size())});
    w.dataset(g + "/rng_state", s.rng.data(), {size(s.rng.size())});
}

void writeMetrics(h5::FileWriter& w, const MetricHistory& history) {
    w.group("/metrics");
    const Dims n{size(history.size())};
    for (const auto& column : layout::metricColumns()) {
        const std::string object = std::string("/metrics/") + column.name;
        if (column.integer) {
            std::vector<std::int64_t> values;
            for (const auto& p : history) values.push_back(p.*column.integer);
            w.dataset(object, values.data(), n);
        } else if (column.small) {
            std::vector<std::int32_t> values;
            for (const auto& p : history) values.push_back(p.*column.small);
            w.dataset(object, values.data(), n);
        } else {
            std::vector<double> values;
            for (const auto& p : history) values.push_back(p.*column.real);
            w.dataset(object, values.data(), n);
        }
    }
}

// Ragged per-event lists as one flat array and offsets: event i owns [offsets[i], offsets[i+1]).
template <class T, class Get>
void writeRagged(h5::FileWriter& w, const std::string& name,
                 const std::vector<MaskUpdateEvent>& events, Get get) {
    std::vector<std::int64_t> offsets{0};
    std::vector<T> flat;
    for (const auto& e : events) {
        const auto& values = get(e);
        flat.insert(flat.end(), values.begin(), values.end());
        offsets.push_back(static_cast<std::int64_t>(flat.size()));
    }
    w.dataset("/mask_events/" + name, flat.data(), {size(flat.size())});
    w.dataset("/mask_events/" + name + "_offsets", offsets.data(), {size(offsets.size())});
}

void writeEvents(h5::FileWriter& w, const std::vector<MaskUpdateEvent>& events) {
    w.group("/mask_events");
    std::vector<std::int64_t> steps;
    std::vector<std::int32_t> layers;
    std::vector<float> dropCutoff, growCutoff;
    std::vector<double> dropFraction;
    for (const auto& e : events) {
        steps.push_back(e.step);
        layers.push_back(e.layer + 1);
        dropCutoff.push_back(e.dropCutoff);
        growCutoff.push_back(e.growCutoff);
        dropFraction.push_back(e.dropFraction);
    }
    const Dims n{size(events.size())};
    w.dataset("/mask_events/step", steps.data(), n);
    w.dataset("/mask_events/layer", layers.data(), n);
    w.dataset("/mask_events/drop_cutoff", dropCutoff.data(), n);
    w.dataset("/mask_events/grow_cutoff", growCutoff.data(), n);
    w.dataset("/mask_events/drop_fraction", dropFraction.data(), n);
    writeRagged<std::int32_t>(
        w, "pruned_indices", events,
        [](const MaskUpdateEvent& e) -> auto& { return e.prunedIndices; });
    writeRagged<std::int32_t>(
        w, "grown_indices", events,
        [](const MaskUpdateEvent& e) -> auto& { return e.grownIndices; });
    writeRagged<float>(
        w, "pruned_scores", events,
        [](const MaskUpdateEvent& e) -> auto& { return e.prunedScores; });
    writeRagged<float>(
        w, "grown_scores", events, [](const MaskUpdateEvent& e) -> auto& { return e.grownScores; });
    // Events of born-sparse layers: counts, and their bounded 64-bit position lists.
    std::vector<std::int64_t> prunedUnlisted, grownUnlisted;
    for (const auto& e : events) {
        prunedUnlisted.push_back(e.prunedUnlisted);
        grownUnlisted.push_back(e.grownUnlisted);
    }
    w.dataset("/mask_events/pruned_unlisted", prunedUnlisted.data(), n);
    w.dataset("/mask_events/grown_unlisted", grownUnlisted.data(), n);
    writeRagged<std::int64_t>(
        w, "pruned_positions", events,
        [](const MaskUpdateEvent& e) -> auto& { return e.prunedPositions; });
    writeRagged<std::int64_t>(
        w, "grown_positions", events,
        [](const MaskUpdateEvent& e) -> auto& { return e.grownPositions; });
}

void writeChanges(h5::FileWriter& w, const std::vector<ParameterChange>& changes) {
    w.group("/parameter_changes");
    std::vector<std::int64_t> steps;
    std::vector<std::string> keys;
    std::vector<double> from, to;
    for (const auto& c : changes) {
        steps.push_back(c.step);
        keys.push_back(c.key);
        from.push_back(c.from);
        to.push_back(c.to);
    }
    const Dims n{size(changes.size())};
    w.dataset("/parameter_changes/step", steps.data(), n);
    w.texts("/parameter_changes/key", keys);
    w.dataset("/parameter_changes/from", from.data(), n);
    w.dataset("/parameter_changes/to", to.data(), n);
}

// What a resume needs beyond TrainerState (see Checkpoint): /params, /gradient_filter and a
// 'masked' flag on each layer group.
void writeBesideState(h5::FileWriter& w, const Checkpoint& c) {
    for (std::size_t l = 0; l < c.masked.size(); ++l)
        w.attribute(layout::layerGroup(l), "masked", static_cast<long long>(c.masked[l]));
    w.group("/params");
    for (const auto& t : c.otherParams)
        w.dataset("/params/" + t.name, t.value.data(),
                  {size(t.value.rows()), size(t.value.cols())});
    w.group("/gradient_filter");
    for (const auto& t : c.gradientState)
        w.dataset("/gradient_filter/" + t.name, t.value.data(),
                  {size(t.value.rows()), size(t.value.cols())});
}

// Data parallelism's measured traffic so far (rank 0's), for a resumed run to continue.
void writeExchange(h5::FileWriter& w, const GradientExchange::Totals& t) {
    const std::string g = "/exchange";
    w.group(g);
    w.attribute(g, "ranks", static_cast<long long>(t.ranks));
    w.attribute(g, "steps", t.steps);
    w.attribute(g, "bytes_sent", t.bytesSent);
    w.attribute(g, "bytes_received", t.bytesReceived);
    w.attribute(g, "communication_seconds", t.seconds);
    w.attribute(g, "sparse_exchanges", t.sparseSteps);
    w.attribute(g, "dense_exchanges", t.denseSteps);
}

void writeContents(h5::FileWriter& w, const Checkpoint& c) {
    w.attribute("/", "format", std::string(kCheckpointFormat));
    w.attribute("/", "format_version", static_cast<long long>(kCheckpointVersion));
    w.attribute("/", "writer", c.writer);
    w.text("/config", toJson(c.config).dump(2));

    w.group("/data");
    w.attribute("/data", "name", c.data.name);
    w.attribute("/data", "train_examples", static_cast<long long>(c.data.trainExamples));
    w.attribute("/data", "test_examples", static_cast<long long>(c.data.testExamples));
    w.attribute("/data", "features", static_cast<long long>(c.data.features));
    w.attribute("/data", "classes", static_cast<long long>(c.data.classes));
    w.attribute("/data", "train_labels_crc32", static_cast<long long>(c.data.trainLabelsCrc32));
    w.attribute("/data", "image_rows", static_cast<long long>(c.data.imageRows));
    w.attribute("/data", "image_cols", static_cast<long long>(c.data.imageCols));
    w.attribute("/data", "train_images_crc32", static_cast<long long>(c.data.trainImagesCrc32));
    w.attribute("/data", "test_images_crc32", static_cast<long long>(c.data.testImagesCrc32));
    w.attribute("/data", "test_labels_crc32", static_cast<long long>(c.data.testLabelsCrc32));

    writeLayers(w, c.state);
    writeCsrLayers(w, c);
    w.group("/sparsity");
    w.attribute("/sparsity", "method", c.config.sparsity.method);
    for (const auto& t : c.state.methodState)
        w.dataset("/sparsity/" + t.name, t.value.data(),
                  {size(t.value.rows()), size(t.value.cols())});
    writeOptimizer(w, c.state);
    writeTrainer(w, c);
    writeMetrics(w, c.state.history);
    writeEvents(w, c.state.events);
    writeChanges(w, c.state.changes);
    writeBesideState(w, c);
    writeExchange(w, c.exchange);
}

std::string errnoText() { return std::strerror(errno); }

// The data must be on the disk before the rename makes it the checkpoint: otherwise a power
// loss can leave a final name pointing at a file with holes.
void syncPath(const std::string& path, int flags, const std::string& shown) {
    const int fd = ::open(path.c_str(), flags);
    if (fd < 0) throw CheckpointError(shown + ": cannot reopen " + path + " (" + errnoText() + ")");
    const bool ok = ::fsync(fd) == 0;
    const std::string reason = ok ? "" : errnoText();
    ::close(fd);
    if (!ok) throw CheckpointError(shown + ": fsync of " + path + " failed (" + reason + ")");
}

}  // namespace

void writeCheckpoint(const Checkpoint& checkpoint, const std::string& path) {
    const std::string temp = path + ".part-" + std::to_string(::getpid());
    try {
        {
            std::lock_guard lock(h5::libraryMutex());
            h5::FileWriter writer(temp, path);
            writeContents(writer, checkpoint);
            writer.close();
        }
        syncPath(temp, O_RDONLY, path);
        if (std::rename(temp.c_str(), path.c_str()) != 0)
            throw CheckpointError(path + ": cannot rename " + temp + " over it (" + errnoText() +
                                  ")");
    } catch (...) {
        std::remove(temp.c_str());
        throw;
    }
    // The rename itself lives in the folder: sync it so the new name survives a power loss.
    auto folder = std::filesystem::path(path).parent_path();
    syncPath(folder.empty() ? "." : folder.string(), O_RDONLY | O_DIRECTORY, path);
}

}  // namespace sl
