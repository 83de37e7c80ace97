#include "train/sweep_runner.h"

#include "io/checkpoint.h"
#include "io/csv_export.h"
#include "io/json_config.h"
#include "train/run_setup.h"
#include "train/run_summary.h"
#include "util/blas.h"
#include "util/error.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace sl {
namespace {

double numberOr(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : NAN;
}

}  // namespace

SweepRunRow sweepRowFromSummary(const nlohmann::json& s) {
    SweepRunRow row;
    row.finalValidation = numberOr(s, "final_validation_accuracy");
    row.bestValidation = numberOr(s, "best_validation_accuracy");
    row.finalTest = numberOr(s, "final_test_accuracy");
    row.bestTest = numberOr(s, "best_test_accuracy");
    row.wallSeconds = numberOr(s, "wall_seconds");
    row.steps = s.value("steps", 0LL);
    row.sparsity = numberOr(s, "overall_sparsity");
    if (s.contains("total_grown") && s.contains("total_pruned"))
        row.churn = s["total_grown"].get<double>() + s["total_pruned"].get<double>();
    row.itop = numberOr(s, "itop");
    row.stepsPerSecond = numberOr(s, "steps_per_second");
    return row;
}

std::string sweepRowFigures(const SweepRunRow& row) {
    auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    const nlohmann::json j = {{"final_validation", number(row.finalValidation)},
                              {"best_validation", number(row.bestValidation)},
                              {"final_test", number(row.finalTest)},
                              {"best_test", number(row.bestTest)},
                              {"wall_seconds", number(row.wallSeconds)},
                              {"steps", row.steps},
                              {"sparsity", number(row.sparsity)},
                              {"churn", number(row.churn)},
                              {"itop", number(row.itop)},
                              {"steps_per_second", number(row.stepsPerSecond)}};
    return j.dump();
}

void readSweepRowFigures(const std::string& text, SweepRunRow& row) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("steps") || !j["steps"].is_number_integer())
        throw DataError("distributed sweep: a rank sent a run record that is not one (" +
                        text.substr(0, 80) + ")");
    auto read = [&](const char* key) {
        const auto it = j.find(key);
        return it != j.end() && it->is_number() ? it->get<double>() : NAN;
    };
    row.finalValidation = read("final_validation");
    row.bestValidation = read("best_validation");
    row.finalTest = read("final_test");
    row.bestTest = read("best_test");
    row.wallSeconds = read("wall_seconds");
    row.steps = j["steps"].get<long long>();
    row.sparsity = read("sparsity");
    row.churn = read("churn");
    row.itop = read("itop");
    row.stepsPerSecond = read("steps_per_second");
}

SweepRunRow runSweepRun(const RunConfig& config, const SweepRun& run, const Overrides& overrides,
                        const std::string& folder, TrainObserver* observer) {
    const auto start = std::chrono::steady_clock::now();
    setBlasThreads(config.threads);
    Trainer trainer(config, loadRunData(config));
    trainer.runToEnd(observer);
    // Wall time includes loading the data: what a run of the sweep costs.
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const nlohmann::json summary = runSummary(trainer, wall);

    SweepRunRow row = sweepRowFromSummary(summary);
    row.point = run.point;
    row.round = run.round;
    row.seed = run.seed;
    row.overrides = overrides;
    row.folder = run.folder;
    if (folder.empty()) return row;

    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw Error(folder + ": cannot create the run folder (" + ec.message() + ")");
    const std::filesystem::path dir(folder);
    writeJsonFile((dir / "summary.json").string(), summary);
    writeMetricsCsv((dir / "metrics.csv").string(), trainer.history());
    writeMaskEventsCsv((dir / "events.csv").string(), trainer.maskEvents(),
                       prunableLayerNames(trainer.prunableLayers()));
    saveCheckpoint(trainer, (dir / "checkpoint.h5").string());
    return row;
}

}  // namespace sl
