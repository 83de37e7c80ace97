#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sl {

// The list of runs a sweep makes, and nothing about running them: a grid over the swept keys
// (or sampled points, see random_search.h), each repeated over seeds. Kept apart from running
// so that a distributed sweep can hand the same list to its ranks.

// One config key and the values it takes ("sparsity.delta_t=25,50,100"); values are kept as
// written, JSON text or a bare string, as --set takes them.
struct SweepAxis {
    std::string key;
    std::vector<std::string> values;
};

// A numeric range to sample from ("optimizer.lr=1e-3..1e-1:log"): uniform, or uniform in the
// logarithm; integer for integer keys (rounded).
struct SweepRange {
    std::string key;
    double lo = 0.0;
    double hi = 0.0;
    bool log = false;
    bool integer = false;
};

// What the --set options of a sweep say: single-valued overrides, swept axes and ranges.
struct SweepSpec {
    std::vector<std::string> fixed;  // "key=value", applied to every run
    std::vector<SweepAxis> axes;
    std::vector<SweepRange> ranges;
};

using Overrides = std::vector<std::pair<std::string, std::string>>;  // key, value as text

// One configuration of the swept keys.
struct SweepPoint {
    Overrides overrides;
};

// One run: a point with one seed, at a budget (0 = the config's own length).
struct SweepRun {
    int point = 0;  // index into the points, from 0
    int round = 0;  // successive-halving round, from 0 (0 for a plain grid)
    std::uint64_t seed = 0;
    long long maxSteps = 0;
    std::string folder;  // relative to the sweep folder: "runs/p01-seed42"
};

// Splits "a,b,[1,2]" on the commas outside brackets: values may be JSON lists themselves.
std::vector<std::string> splitSweepValues(const std::string& text);

// Reads the --set options: "k=v" is fixed, "k=v1,v2" an axis, "k=lo..hi[:log]" a range. Keys
// are checked against the config table, a range's ends must be numbers with lo < hi (and > 0
// for :log), a key may appear once. Throws ConfigError naming the option.
SweepSpec parseSweepSets(const std::vector<std::string>& sets);

// Every combination of the axes' values, the first axis varying slowest. Throws ConfigError
// when the spec has ranges (they are sampled, not gridded) or when the grid would exceed
// maxPoints.
std::vector<SweepPoint> gridPoints(const SweepSpec& spec, std::size_t maxPoints = 100000);

// base, base + 1, ..., base + n - 1.
std::vector<std::uint64_t> sweepSeeds(std::uint64_t base, int n);

// Every point with every seed, point-major, each in its own folder.
std::vector<SweepRun> gridRuns(std::size_t points, const std::vector<std::uint64_t>& seeds,
                               int round = 0, long long maxSteps = 0);

// "runs/p01-seed42" (round 0) or "runs/r2-p01-seed42".
std::string runFolderName(int point, std::uint64_t seed, int round = 0);

// The --set assignments of one run: the fixed ones, the point's, the seed, the budget.
std::vector<std::string> runAssignments(const SweepSpec& spec, const SweepPoint& point,
                                        const SweepRun& run);

// "sparsity.delta_t=25 sparsity.drop_fraction=0.1"
std::string describeOverrides(const Overrides& overrides);

}  // namespace sl
