#include "train/run_summary.h"

#include "distributed/exchange_record.h"
#include "nn/sparse_dense.h"
#include "sparsity/storage_size.h"
#include "train/model_builder.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

namespace sl {
namespace {

nlohmann::json numberOrNull(double v) { return std::isfinite(v) ? nlohmann::json(v) : nullptr; }

}  // namespace

std::vector<LayerSparsity> layerSparsity(Model& model) {
    std::vector<LayerSparsity> out;
    std::size_t index = 0;
    for (PrunableLayer* dense : model.prunableLayers()) {
        LayerSparsity s;
        s.name = layerName(*dense, index++);
        s.rows = dense->units();
        s.cols = dense->fanIn();
        s.parameters = dense->weightCount();
        s.active = activeWeights(*dense);
        out.push_back(s);
    }
    return out;
}

std::vector<std::string> prunableLayerNames(const std::vector<PrunableLayer*>& layers) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < layers.size(); ++i) names.push_back(layerName(*layers[i], i));
    return names;
}

double overallSparsity(const std::vector<LayerSparsity>& layers) {
    long long parameters = 0, active = 0;
    for (const auto& l : layers) {
        parameters += l.parameters;
        active += l.active;
    }
    return parameters ? 1.0 - double(active) / double(parameters) : 0.0;
}

nlohmann::json runSummary(Trainer& trainer, double wallSeconds) {
    double testAccuracy = kNoValue, testLoss = kNoValue, trainLoss = kNoValue,
           trainAccuracy = kNoValue, bestTest = kNoValue;
    double validationAccuracy = kNoValue, validationLoss = kNoValue, bestValidation = kNoValue;
    for (const auto& p : trainer.history()) {
        if (p.hasTest()) {
            testAccuracy = p.testAccuracy;
            testLoss = p.testLoss;
            if (!(p.testAccuracy <= bestTest)) bestTest = p.testAccuracy;  // NaN-safe max
        }
        if (p.hasValidation()) {
            validationAccuracy = p.validationAccuracy;
            validationLoss = p.validationLoss;
            if (!(p.validationAccuracy <= bestValidation)) bestValidation = p.validationAccuracy;
        }
        if (!std::isnan(p.trainLoss)) {
            trainLoss = p.trainLoss;
            trainAccuracy = p.trainAccuracy;
        }
    }
    const auto layers = layerSparsity(trainer.model());
    const auto& tracked = trainer.sparsityTracker().layers();
    // The storage backend each layer trained on, in the same order (prunable layers).
    const std::vector<std::string> backends = layerBackends(trainer.prunableLayers());
    nlohmann::json layerJson = nlohmann::json::array();
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const auto& l = layers[i];
        layerJson.push_back({{"name", l.name},
                             {"backend", i < backends.size() ? backends[i] : "dense"},
                             {"shape", {l.rows, l.cols}},
                             {"parameters", l.parameters},
                             {"active", l.active},
                             {"sparsity", l.sparsity()},
                             {"itop", tracked[i].itop()},
                             {"total_grown", tracked[i].totalGrown},
                             {"last_pruned", tracked[i].lastPruned},
                             {"last_grown", tracked[i].lastGrown}});
    }
    std::set<long long> updateSteps;
    for (const auto& e : trainer.maskEvents()) updateSteps.insert(e.step);
    nlohmann::json spikes = nlohmann::json::array();
    for (const auto& s : trainer.lossSpikes())
        spikes.push_back({{"step", s.step},
                          {"loss", s.loss},
                          {"recent_level", s.recentLevel},
                          {"entered", s.entered},
                          {"entered_mean_abs", s.enteredMeanAbs},
                          {"active_mean_abs", s.activeMeanAbs}});
    const double seconds = trainer.trainingSeconds();
    const StorageBytes bytes = storageBytes(trainer.prunableLayers(), trainer.quantizer());
    const GradientFilter::Stats& gradients = trainer.gradientFilter().lastStats();
    return {{"final_test_accuracy", numberOrNull(testAccuracy)},
            {"final_test_loss", numberOrNull(testLoss)},
            {"best_test_accuracy", numberOrNull(bestTest)},
            // null without data.validation: sweeps choose on these, never on the test set.
            {"final_validation_accuracy", numberOrNull(validationAccuracy)},
            {"final_validation_loss", numberOrNull(validationLoss)},
            {"best_validation_accuracy", numberOrNull(bestValidation)},
            {"train_examples", trainer.data().train.count()},
            {"validation_examples", trainer.data().validation.count()},
            {"final_train_loss", numberOrNull(trainLoss)},
            {"final_train_accuracy", numberOrNull(trainAccuracy)},
            {"steps", trainer.step()},
            {"epochs_completed", trainer.step() / std::max(1, trainer.stepsPerEpoch())},
            {"steps_per_second", seconds > 0 ? double(trainer.step()) / seconds : 0.0},
            {"training_seconds", seconds},
            // The step timer's phases (wall, this process): RigL's blocked dense-gradient pass
            // of an update step runs in the method's gradient hook, so it is in backward.
            {"step_seconds",
             {{"batch", trainer.stepTimes().batch},
              {"forward", trainer.stepTimes().forward},
              {"backward", trainer.stepTimes().backward},
              {"optimizer", trainer.stepTimes().optimizer},
              {"mask_update", trainer.stepTimes().maskUpdate}}},
            {"wall_seconds", wallSeconds},
            {"overall_sparsity", overallSparsity(layers)},
            {"sparsity_method", trainer.config().sparsity.method},
            // Regularizers have no target (NaN): null, since JSON has no NaN.
            {"target_sparsity",
             numberOrNull(trainer.sparsityMethod().targetSparsityAt(trainer.step()))},
            {"emergent_sparsity", trainer.sparsityMethod().emergent()},
            {"itop", trainer.sparsityTracker().overallItop()},
            {"total_grown", trainer.sparsityTracker().totalGrown()},
            {"total_pruned", trainer.sparsityTracker().totalPruned()},
            {"mask_updates", updateSteps.size()},
            {"storage_bytes",
             {{"dense_fp32", bytes.denseFp32},
              {"csr_fp32", bytes.csrFp32},
              {"csr_int8", bytes.csrInt8},
              {"quantization", trainer.config().quant.mode}}},
            {"gradient",
             {{"compression", trainer.config().gradient.compression},
              {"last_density", gradients.density()},
              {"last_bytes_dense", gradients.bytesDense},
              {"last_bytes_sparse", gradients.bytesSparse}}},
            // Measured on this rank (rank 0 writes the summary): the payload it handed to the
            // communicator per step, and the step time split into communication and the rest.
            {"exchange", exchangeJson(trainer.gradientExchange().totals(),
                                      trainer.gradientExchange().ranks(), seconds)},
            {"loss_spikes", spikes},
            {"layers", layerJson},
            // Why no layer could use the sparse backend (a latent weight, a weight transform),
            // or null when nothing kept it from it.
            {"backend_note",
             [&]() -> nlohmann::json {
                 const std::string why = sparseBackendRefusal(trainer.config());
                 return why.empty() ? nlohmann::json(nullptr) : nlohmann::json(why);
             }()},
            {"config", toJson(trainer.config())}};
}

}  // namespace sl
