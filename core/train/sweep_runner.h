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

// A row's figures as text and back, for the ranks of a distributed sweep: only the measured
// figures travel, every rank knows the run itself (point, round, seed, overrides, folder) from
// the plan. Doubles round-trip exactly; NaN travels as null. readSweepRowFigures throws
// DataError on text that is not such a record.
std::string sweepRowFigures(const SweepRunRow& row);
void readSweepRowFigures(const std::string& text, SweepRunRow& row);

}  // namespace sl
