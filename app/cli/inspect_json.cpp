#include "inspect_json.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace sl::cli {
namespace {

using nlohmann::json;

json numberOrNull(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string modelShape(const Checkpoint& c) {
    const auto& m = c.config.model;
    std::string shape = std::to_string(c.data.features);
    for (int h : m.hidden) shape += "-" + std::to_string(h);
    shape += "-" + std::to_string(c.data.classes);
    if (m.kind == "cnn") {
        std::string channels;
        for (int ch : m.convChannels)
            channels += (channels.empty() ? "" : "-") + std::to_string(ch);
        shape = "conv " + channels + " (k" + std::to_string(m.kernelSize) + " s" +
                std::to_string(m.stride) + " p" + std::to_string(m.padding) + " pool " +
                std::to_string(m.pool) + "), dense";
        for (int h : m.hidden) shape += " " + std::to_string(h);
        shape += " " + std::to_string(c.data.classes);
    }
    return shape;
}

// 0 in the config means "75 % of the run" (see SparsitySettings); readers want the step.
long long resolved(long long configured, long long totalSteps) {
    return configured > 0 ? configured : std::max(1LL, totalSteps * 3 / 4);
}

json tuning(const Checkpoint& c) {
    const auto& s = c.config.sparsity;
    const auto& lr = c.config.lrSchedule;
    const bool gradual = s.schedule == "linear" || s.schedule == "cubic";
    return {
        {"delta_t", s.deltaT},
        {"drop_fraction", s.dropFraction},
        {"drop_schedule", s.dropSchedule},
        {"t_end", s.tEnd},
        {"t_end_step", resolved(s.tEnd, c.totalSteps)},
        {"sparsity_target", s.target},
        {"sparsity_schedule", s.schedule},
        {"sparsity_initial", gradual ? json(s.initial) : json(nullptr)},
        {"sparsity_start_step", s.startStep},
        {"sparsity_end_step", gradual ? json(resolved(s.endStep, c.totalSteps)) : json(nullptr)},
        {"distribution", s.distribution},
        {"learning_rate", c.config.optimizer.lr},
        {"lr_schedule", lr.name},
        {"lr_min", lr.name == "cosine" ? json(lr.minLr) : json(nullptr)},
        {"lr_step_epochs", lr.name == "step" ? json(lr.stepEpochs) : json(nullptr)},
        {"lr_gamma", lr.name == "step" ? json(lr.gamma) : json(nullptr)},
        {"warmup_steps", lr.warmupSteps}};
}

json layers(const Checkpoint& c) {
    json out = json::array();
    for (std::size_t l = 0; l < c.state.layers.size(); ++l) {
        const auto& layer = c.state.layers[l];
        // A born-sparse layer is stored as CSR only: its counts come from it and the tracker.
        const long long parameters = layer.sparseOnly ? layer.stats.parameters : layer.mask.size();
        const auto active = layer.sparseOnly
                                ? layer.csr.nnz()
                                : static_cast<long long>((layer.mask.array() != 0.0f).count());
        long long ever = layer.sparseOnly ? layer.stats.everActive : 0;
        for (std::uint8_t e : layer.everActive) ever += e;
        // A cnn's first prunable layers are its convolutions (stored as /model/dense<k>).
        const bool conv = c.config.model.kind == "cnn" && l < c.config.model.convChannels.size();
        out.push_back(
            {{"name", (conv ? "conv" : "dense") + std::to_string(l + 1)},
             {"shape",
              {layer.sparseOnly ? layer.csr.rows : layer.mask.rows(),
               layer.sparseOnly ? layer.csr.cols : layer.mask.cols()}},
             // Read from the file (a resume rebuilds the layer on it).
             {"backend", l < c.backends.size() ? c.backends[l] : std::string("dense")},
             {"parameters", parameters},
             {"active", active},
             {"sparsity", parameters ? 1.0 - double(active) / double(parameters) : 0.0},
             {"itop", parameters ? double(ever) / double(parameters) : 0.0},
             {"last_pruned", layer.stats.lastPruned},
             {"last_grown", layer.stats.lastGrown},
             {"last_update_step",
              layer.stats.lastUpdateStep >= 0 ? json(layer.stats.lastUpdateStep) : json(nullptr)}});
    }
    return out;
}

}  // namespace

json inspectJson(const Checkpoint& c) {
    const auto& s = c.state;
    double testAccuracy = NAN, validationAccuracy = NAN, trainLoss = NAN;
    long long testStep = -1;
    for (const auto& p : s.history) {
        if (p.hasTest()) {
            testAccuracy = p.testAccuracy;
            testStep = p.step;
        }
        if (p.hasValidation()) validationAccuracy = p.validationAccuracy;
        if (!std::isnan(p.trainLoss)) trainLoss = p.trainLoss;
    }
    long long parameters = 0, active = 0, ever = 0, grown = 0;
    for (const auto& layer : s.layers) {
        parameters += layer.sparseOnly ? layer.stats.parameters : layer.mask.size();
        active += layer.sparseOnly ? layer.csr.nnz()
                                   : static_cast<long long>((layer.mask.array() != 0.0f).count());
        ever += layer.sparseOnly ? layer.stats.everActive : 0;
        for (std::uint8_t e : layer.everActive) ever += e;
        grown += layer.stats.totalGrown;
    }
    std::set<long long> updates;
    for (const auto& e : s.events) updates.insert(e.step);
    return {{"checkpoint",
             {{"path", c.source},
              {"format", kCheckpointFormat},
              {"version", c.formatVersion},
              {"writer", c.writer}}},
            {"run",
             {{"data", c.config.data.name},
              {"train_examples", c.data.trainExamples},
              {"test_examples", c.data.testExamples},
              {"validation_fraction", c.config.data.validation},
              {"model", c.config.model.kind},
              {"shape", modelShape(c)},
              {"activation", c.config.model.activation},
              {"optimizer", c.config.optimizer.name},
              {"method", c.config.sparsity.method}}},
            {"progress",
             {{"step", s.step},
              {"total_steps", c.totalSteps},
              {"epoch", s.batchEpoch},
              {"epochs", c.config.train.epochs},
              {"training_seconds", s.seconds}}},
            {"configured", tuning(c)},
            // Where the schedules stood at the stored step: at the end of a run a cosine learning
            // rate and α are 0, which says nothing about what was tuned.
            {"at_step",
             {{"step", s.step},
              {"learning_rate", c.learningRate},
              {"target_sparsity", numberOrNull(c.targetSparsity)},
              {"drop_fraction", c.dropFraction}}},
            {"metrics",
             {{"test_accuracy", numberOrNull(testAccuracy)},
              {"test_step", testStep >= 0 ? json(testStep) : json(nullptr)},
              {"validation_accuracy", numberOrNull(validationAccuracy)},
              {"train_loss", numberOrNull(trainLoss)},
              {"history_points", s.history.size()}}},
            {"sparsity",
             {{"overall", parameters ? 1.0 - double(active) / double(parameters) : 0.0},
              {"itop", parameters ? double(ever) / double(parameters) : 0.0},
              {"regrown", grown},
              {"mask_updates", updates.size()}}},
            {"layers", layers(c)},
            {"config", toJson(c.config)}};
}

}  // namespace sl::cli
