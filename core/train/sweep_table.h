#pragma once

#include "train/sweep_plan.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sl {

// The result table of a sweep: one row per run, one per point (mean ± std over its seeds),
// the best point by validation mean, and whether it is ahead of the runner-up by more than
// the seeds' spread. Plain data, written as sweep.csv and sweep.json and read back by the
// window and `sparselab --report`.

struct SweepRunRow {
    int point = 0;
    int round = 0;
    std::uint64_t seed = 0;
    Overrides overrides;  // the swept keys' values
    double finalValidation = NAN;
    double bestValidation = NAN;
    double finalTest = NAN;
    double bestTest = NAN;
    double wallSeconds = NAN;
    long long steps = 0;
    double sparsity = NAN;  // overall, at the end
    double churn = NAN;     // weights pruned + grown over the run
    double itop = NAN;      // fraction of weights ever active
    double stepsPerSecond = NAN;
    std::string folder;  // relative to the sweep folder
};

// Mean and sample standard deviation (n - 1 in the denominator) of the finite values; std is
// 0 for one value, and both are NaN for none.
struct MeanStd {
    double mean = NAN;
    double std = NAN;
    int n = 0;
};
MeanStd meanStd(const std::vector<double>& values);

struct SweepPointRow {
    int point = 0;
    int round = 0;
    Overrides overrides;
    int seeds = 0;
    MeanStd finalValidation, bestValidation, finalTest, bestTest, wallSeconds;
    MeanStd sparsity, churn, itop, stepsPerSecond;
};

// One row per (round, point) in the order first seen in the runs.
std::vector<SweepPointRow> aggregatePoints(const std::vector<SweepRunRow>& runs);

// The best point and how it compares with the runner-up, by final validation accuracy mean,
// among the points of the last round. spread is the larger of the two points' std; the lead
// is clear when gap > spread. best = -1 when no point has a validation figure (the test set
// is never used to choose).
struct SweepVerdict {
    int best = -1;      // index into the point rows
    int runnerUp = -1;  // -1 with a single point
    double gap = NAN;
    double spread = NAN;
    bool clear = false;
};
SweepVerdict judgeSweep(const std::vector<SweepPointRow>& points);

// One sentence for the terminal: which point is best and whether the seeds can tell.
std::string verdictText(const std::vector<SweepPointRow>& points, const SweepVerdict& verdict);

struct SweepTable {
    std::vector<std::string> keys;   // the swept keys, in axis order
    std::vector<std::string> fixed;  // "key=value" applied to every run
    std::string search = "grid";     // grid, random, halving
    std::vector<SweepRunRow> runs;
    std::vector<SweepPointRow> points;
    SweepVerdict verdict;
};

// Fills points and verdict from runs.
void summarize(SweepTable& table);

// Columns: row (run or point), round, point, seed (for a point: how many seeds), one column
// per swept key, fixed (the other overrides, ';'-separated), final/best validation and test
// accuracy (for a point the mean, with a _std column beside each), wall_seconds, steps,
// final_sparsity, total_churn, itop, steps_per_second (a point: their means), folder, best
// (1 on the best point's row).
std::string sweepCsv(const SweepTable& table);

nlohmann::json toJson(const SweepTable& table);
// Reads what toJson wrote; throws DataError naming `source` and the entry that is wrong.
SweepTable sweepTableFromJson(const nlohmann::json& json, const std::string& source);
// DIR/sweep.json, or the file itself when a .json file is named.
SweepTable readSweepTable(const std::string& path);

}  // namespace sl
