#pragma once

#include "train/trainer.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sl {

// Sparsity figures of one prunable layer.
struct LayerSparsity {
    std::string name;  // "dense1", "dense2", ...
    int rows = 0;      // outputs
    int cols = 0;      // inputs
    long long parameters = 0;
    long long active = 0;  // weights whose mask is 1
    double sparsity() const { return parameters ? 1.0 - double(active) / double(parameters) : 0.0; }
};

std::vector<LayerSparsity> layerSparsity(Model& model);
// What the window, the summaries and the CSVs call each prunable layer: dense1, conv1, ...
std::vector<std::string> prunableLayerNames(const std::vector<PrunableLayer*>& layers);
// Fraction of all prunable weights that are masked.
double overallSparsity(const std::vector<LayerSparsity>& layers);

// The final figures of a run, for `--summary out.json` and for scripts: final and best test
// and validation accuracy (best: the highest of the evaluations), final losses, steps, steps per
// second, wall seconds, overall and per-layer sparsity, and the config that produced them.
nlohmann::json runSummary(Trainer& trainer, double wallSeconds);

}  // namespace sl
