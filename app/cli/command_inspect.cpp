#include "command_inspect.h"

#include "io/checkpoint.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <set>

namespace sl::cli {
namespace {

std::string percent(double v) {
    char text[32] = "-";
    if (!std::isnan(v)) std::snprintf(text, sizeof text, "%.2f%%", 100.0 * v);
    return text;
}

void printRun(const Checkpoint& c) {
    const auto& config = c.config;
    const auto& s = c.state;
    const auto& m = config.model;
    std::string shape = std::to_string(c.data.features);
    for (int h : m.hidden) shape += "-" + std::to_string(h);
    shape += "-" + std::to_string(c.data.classes);
    if (m.kind == "cnn") {
        std::string channels;
        for (int ch : m.convChannels) channels += (channels.empty() ? "" : "-") + std::to_string(ch);
        shape = "conv " + channels + " (k" + std::to_string(m.kernelSize) + " s" +
                std::to_string(m.stride) + " p" + std::to_string(m.padding) + " pool " +
                std::to_string(m.pool) + "), dense";
        for (int h : m.hidden) shape += " " + std::to_string(h);
        shape += " " + std::to_string(c.data.classes);
    }
    std::printf("checkpoint  %s (%s version %d, written by %s)\n", c.source.c_str(),
                kCheckpointFormat, c.formatVersion, c.writer.empty() ? "?" : c.writer.c_str());
    std::printf("run         %s (%d train / %d test examples), %s %s %s, %s, method %s\n",
                config.data.name.c_str(), c.data.trainExamples, c.data.testExamples,
                m.kind == "cnn" ? "CNN" : "MLP", shape.c_str(), config.model.activation.c_str(), config.optimizer.name.c_str(),
                config.sparsity.method.c_str());
    std::printf("progress    step %lld of %lld (epoch %d of %d), %.1f s of training\n", s.step,
                c.totalSteps, s.batchEpoch, config.train.epochs, s.seconds);
    // Regularizers (l1, l0) store a NaN target: their sparsity emerges from the penalty.
    const std::string target = std::isnan(c.targetSparsity) ? std::string("none (emergent sparsity)")
                                                             : percent(c.targetSparsity);
    std::printf("schedules   learning rate %.6g, target sparsity %s, drop fraction %.4g\n",
                c.learningRate, target.c_str(), c.dropFraction);

    double testAccuracy = NAN, trainLoss = NAN;
    long long testStep = -1;
    for (const auto& p : s.history) {
        if (p.hasTest()) {
            testAccuracy = p.testAccuracy;
            testStep = p.step;
        }
        if (!std::isnan(p.trainLoss)) trainLoss = p.trainLoss;
    }
    std::printf("metrics     test accuracy %s", percent(testAccuracy).c_str());
    if (testStep >= 0) std::printf(" (at step %lld)", testStep);
    std::printf(", train loss %.4f, %zu history points\n", trainLoss, s.history.size());

    long long parameters = 0, active = 0, ever = 0, grown = 0;
    for (const auto& layer : s.layers) {
        parameters += layer.mask.size();
        active += static_cast<long long>((layer.mask.array() != 0.0f).count());
        for (std::uint8_t e : layer.everActive) ever += e;
        grown += layer.stats.totalGrown;
    }
    std::set<long long> updates;
    for (const auto& e : s.events) updates.insert(e.step);
    std::printf("sparsity    overall %s, ITOP rate %.4f, %lld weights regrown, %zu mask updates\n",
                percent(parameters ? 1.0 - double(active) / double(parameters) : 0.0).c_str(),
                parameters ? double(ever) / double(parameters) : 0.0, grown, updates.size());
}

// Active counts, sparsity and ITOP come from the stored masks themselves, so the table says
// what the file holds; the churn is the tracker's last update of the layer.
void printLayers(const Checkpoint& c) {
    std::printf("%-8s %10s %11s %10s %9s %7s %11s %8s\n", "layer", "shape", "parameters",
                "active", "sparsity", "ITOP", "last churn", "at step");
    for (std::size_t l = 0; l < c.state.layers.size(); ++l) {
        const auto& layer = c.state.layers[l];
        const long long parameters = layer.mask.size();
        const auto active = static_cast<long long>((layer.mask.array() != 0.0f).count());
        long long ever = 0;
        for (std::uint8_t e : layer.everActive) ever += e;
        // A cnn's first prunable layers are its convolutions (stored as /model/dense<k>).
        const bool conv = c.config.model.kind == "cnn" && l < c.config.model.convChannels.size();
        const std::string name = (conv ? "conv" : "dense") + std::to_string(l + 1);
        const std::string shape = std::to_string(layer.mask.rows()) + "x" + std::to_string(layer.mask.cols());
        const std::string churn = "-" + std::to_string(layer.stats.lastPruned) + "/+" +
                                  std::to_string(layer.stats.lastGrown);
        const std::string at = layer.stats.lastUpdateStep >= 0
                                   ? std::to_string(layer.stats.lastUpdateStep)
                                   : std::string("-");
        std::printf("%-8s %10s %11lld %10lld %9s %7.4f %11s %8s\n", name.c_str(), shape.c_str(),
                    parameters, active,
                    percent(parameters ? 1.0 - double(active) / double(parameters) : 0.0).c_str(),
                    parameters ? double(ever) / double(parameters) : 0.0, churn.c_str(), at.c_str());
    }
}

} // namespace

void addInspectCommand(CLI::App& app, int& exitCode) {
    auto path = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "inspect", "Print a checkpoint's run summary and per-layer sparsity table");
    cmd->add_option("checkpoint", *path, "The checkpoint file (.h5)")->required();
    cmd->callback([path, &exitCode] {
        const Checkpoint checkpoint = readCheckpoint(*path);
        printRun(checkpoint);
        printLayers(checkpoint);
        exitCode = 0;
    });
}

} // namespace sl::cli
