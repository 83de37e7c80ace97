#pragma once

#include "train/sweep_table.h"
#include "train/trainer.h"

#include <string>

namespace sl {

// Runs one run of a sweep — the only part a distributed sweep hands to each rank — and keeps
// its artefacts in its own folder (created if needed): summary.json (with the config),
// metrics.csv, events.csv (layers named dense1, ...), checkpoint.h5 (the final state; `sparselab`
// and `inspect` open it). An empty folder keeps nothing. Returns the run's row of the table.
// Throws what training and writing throw (ConfigError, DataError, DivergenceError, ...).
SweepRunRow runSweepRun(const RunConfig& config, const SweepRun& run, const Overrides& overrides,
                        const std::string& folder, TrainObserver* observer = nullptr);

// The row's figures from a run summary (what runSummary() returns).
SweepRunRow sweepRowFromSummary(const nlohmann::json& summary);

} // namespace sl
