#include "command_sweep.h"

#include "distributed.h"

#include "io/atomic_file.h"
#include "io/json_config.h"
#include "train/random_search.h"
#include "train/run_setup.h"
#include "train/successive_halving.h"
#include "train/sweep_runner.h"
#include "util/error.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace sl::cli {
namespace {

struct SweepOptions {
    std::string config;
    std::vector<std::string> sets;
    std::string out;
    std::string outDir;
    int seeds = 1;
    std::string search = "grid";
    int trials = 0;
    int eta = 3;
};

// The validation fraction a sweep holds out when neither the config nor --set gives one:
// choosing on the test set is what the split exists to avoid.
constexpr const char* kDefaultValidation = "0.1";

std::string percentText(double v) {
    char text[32] = "-";
    if (std::isfinite(v)) std::snprintf(text, sizeof text, "%.2f%%", 100.0 * v);
    return text;
}

std::string meanStdText(const MeanStd& m) {
    if (!std::isfinite(m.mean)) return "-";
    char text[48];
    std::snprintf(text, sizeof text, "%.2f ± %.2f", 100.0 * m.mean, 100.0 * m.std);
    return text;
}

class SweepDriver {
public:
    SweepDriver(const SweepOptions& options, SweepSpec spec, std::vector<SweepPoint> points,
                std::vector<std::uint64_t> seeds)
        : m_options(options), m_spec(std::move(spec)), m_points(std::move(points)),
          m_seeds(std::move(seeds)) {
        for (const auto& axis : m_spec.axes) m_table.keys.push_back(axis.key);
        for (const auto& range : m_spec.ranges) m_table.keys.push_back(range.key);
        m_table.fixed = m_spec.fixed;
        m_table.search = options.search;
    }

    RunConfig configFor(const SweepRun& run) const {
        return loadRunConfig(m_options.config,
                             runAssignments(m_spec, m_points[std::size_t(run.point)], run));
    }

    // Every run's config is validated before any trains, so a typo in the last value does not
    // surface an hour later.
    void validate(const std::vector<SweepRun>& runs) const {
        for (const auto& run : runs) {
            try {
                configFor(run);
            } catch (const ConfigError& e) {
                throw ConfigError("point " + std::to_string(run.point + 1) + " (" +
                                  describeOverrides(m_points[std::size_t(run.point)].overrides) +
                                  "): " + e.what());
            }
        }
    }

    // Runs the given runs; the table gets their rows in the order given. Under mpirun the runs
    // go out in waves of one per rank (rank r trains run w·N + r of wave w, single-process,
    // and writes that run's folder); after each wave every rank learns every row of it, so
    // rank 0 keeps the same table as one process would.
    std::vector<SweepRunRow> runAll(const std::vector<SweepRun>& runs, std::size_t plannedTotal) {
        std::vector<SweepRunRow> rows;
        Communicator& ranks = world();
        if (ranks.size() == 1) {
            for (const auto& run : runs) rows.push_back(record(runOne(run), plannedTotal));
            return rows;
        }
        const std::size_t n = static_cast<std::size_t>(ranks.size());
        const std::size_t me = static_cast<std::size_t>(ranks.rank());
        for (std::size_t wave = 0; wave < runs.size(); wave += n) {
            std::string mine;
            if (wave + me < runs.size()) mine = sweepRowFigures(runOne(runs[wave + me]));
            for (std::size_t j = wave; j < std::min(runs.size(), wave + n); ++j) {
                std::vector<char> bytes(mine.begin(), mine.end());
                ranks.broadcast(bytes, static_cast<int>(j - wave));
                SweepRunRow row = planned(runs[j]);
                readSweepRowFigures(std::string(bytes.begin(), bytes.end()), row);
                rows.push_back(record(row, plannedTotal));
            }
        }
        return rows;
    }

    // A round of successive halving: every seed of every point, then the mean final
    // validation accuracy of each point.
    std::vector<double> runRound(const std::vector<int>& points, long long budget, int round,
                                 std::size_t plannedTotal) {
        std::vector<SweepRun> runs;
        for (int point : points)
            for (const auto& run : gridRuns(m_points.size(), m_seeds, round, budget))
                if (run.point == point) runs.push_back(run);
        const std::vector<SweepRunRow> rows = runAll(runs, plannedTotal);
        std::vector<double> means;
        for (int point : points) {
            std::vector<double> scores;
            for (const auto& row : rows)
                if (row.point == point) scores.push_back(row.finalValidation);
            means.push_back(meanStd(scores).mean);
        }
        return means;
    }

    SweepTable& table() { return m_table; }
    std::size_t pointCount() const { return m_points.size(); }

private:
    SweepRunRow runOne(const SweepRun& run) {
        const RunConfig config = configFor(run);
        const auto& overrides = m_points[std::size_t(run.point)].overrides;
        const std::string folder =
            m_options.outDir.empty()
                ? ""
                : (std::filesystem::path(m_options.outDir) / run.folder).string();
        return runSweepRun(config, run, overrides, folder);
    }

    // A row as runSweepRun() labels it, before its figures arrive from the rank that ran it.
    SweepRunRow planned(const SweepRun& run) const {
        SweepRunRow row;
        row.point = run.point;
        row.round = run.round;
        row.seed = run.seed;
        row.overrides = m_points[std::size_t(run.point)].overrides;
        row.folder = run.folder;
        return row;
    }

    const SweepRunRow& record(const SweepRunRow& row, std::size_t plannedTotal) {
        m_table.runs.push_back(row);
        summarize(m_table);
        if (isRootRank()) writeTables();
        printProgress(row, plannedTotal);
        return row;
    }

    void printProgress(const SweepRunRow& row, std::size_t plannedTotal) {
        std::size_t pointsDone = 0;
        for (const auto& p : m_table.points)
            pointsDone += p.seeds == static_cast<int>(m_seeds.size());
        const std::size_t pointsPlanned = (plannedTotal + m_seeds.size() - 1) / m_seeds.size();
        std::printf("[run %zu/%zu]%s point %d seed %llu: %s  val %s  test %s  %.1f s\n",
                    m_table.runs.size(), plannedTotal,
                    row.round > 0 ? (" round " + std::to_string(row.round + 1)).c_str() : "",
                    row.point + 1, static_cast<unsigned long long>(row.seed),
                    describeOverrides(row.overrides).c_str(),
                    percentText(row.finalValidation).c_str(), percentText(row.finalTest).c_str(),
                    row.wallSeconds);
        const auto& v = m_table.verdict;
        std::string best = "none yet";
        if (v.best >= 0) {
            const auto& b = m_table.points[std::size_t(v.best)];
            best =
                describeOverrides(b.overrides) + " (val " + meanStdText(b.finalValidation) + " %)";
        }
        std::printf("          points done %zu, left %zu; current best %s\n", pointsDone,
                    pointsPlanned > pointsDone ? pointsPlanned - pointsDone : 0, best.c_str());
        std::fflush(stdout);
    }

    // Rewritten after every run: an interrupted sweep keeps the rows it finished.
    void writeTables() const {
        if (!m_options.out.empty()) writeFileAtomically(m_options.out, sweepCsv(m_table));
        if (m_options.outDir.empty()) return;
        const std::filesystem::path dir(m_options.outDir);
        writeFileAtomically((dir / "sweep.csv").string(), sweepCsv(m_table));
        writeJsonFile((dir / "sweep.json").string(), toJson(m_table));
    }

    const SweepOptions& m_options;
    SweepSpec m_spec;
    std::vector<SweepPoint> m_points;
    std::vector<std::uint64_t> m_seeds;
    SweepTable m_table;
};

void printPointTable(const SweepTable& t) {
    std::printf("\n%-6s %-5s %-44s %6s %18s %18s %9s\n", "round", "point", "overrides", "seeds",
                "val % (mean ± std)", "test % (mean ± std)", "wall s");
    for (std::size_t i = 0; i < t.points.size(); ++i) {
        const auto& p = t.points[i];
        std::printf("%-6d %-5d %-44s %6d %18s %18s %9.1f%s\n", p.round + 1, p.point + 1,
                    describeOverrides(p.overrides).c_str(), p.seeds,
                    meanStdText(p.finalValidation).c_str(), meanStdText(p.finalTest).c_str(),
                    p.wallSeconds.mean, static_cast<int>(i) == t.verdict.best ? "  <- best" : "");
    }
    std::printf("\n%s\n", verdictText(t.points, t.verdict).c_str());
}

int runSweep(SweepOptions options) {
    if (options.search != "grid" && options.search != "halving" && options.search != "random")
        throw ConfigError("--search: got '" + options.search +
                          "' — expected grid, halving or random");
    SweepSpec spec = parseSweepSets(options.sets);
    bool validationGiven = false;
    for (const auto& f : spec.fixed) validationGiven |= f.rfind("data.validation=", 0) == 0;
    for (const auto& a : spec.axes) validationGiven |= a.key == "data.validation";
    const RunConfig base = loadRunConfig(options.config, spec.fixed);
    if (!validationGiven && base.data.validation == 0.0f) {
        spec.fixed.push_back(std::string("data.validation=") + kDefaultValidation);
        std::printf("holding out data.validation=%s of the training set to choose on (set "
                    "data.validation to change it)\n",
                    kDefaultValidation);
    }
    for (const auto& a : spec.axes)
        if (a.key == "seed" && options.seeds > 1)
            throw ConfigError(
                "--seeds: the seed is swept itself (--set seed=...); use one or the other");

    std::vector<SweepPoint> points;
    if (options.search == "random" || (options.search == "halving" && !spec.ranges.empty())) {
        if (options.trials < 1)
            throw ConfigError("--trials: --search " + options.search +
                              (spec.ranges.empty() ? "" : " over ranges") +
                              " needs --trials K (K >= 1)");
        points = randomPoints(spec, options.trials, base.seed);
    } else {
        // No swept key is still a sweep over seeds: one point, its spread (a baseline).
        if (spec.axes.empty() && options.seeds < 2)
            throw ConfigError(
                "--set: no key to sweep — give one with several values, e.g. "
                "--set sparsity.delta_t=25,50,100, or repeat one config with --seeds N");
        points = gridPoints(spec);
    }
    const auto seeds = sweepSeeds(base.seed, options.seeds);
    SweepDriver driver(options, spec, points, seeds);
    const auto allRuns = gridRuns(points.size(), seeds);
    driver.validate(allRuns);
    if (!options.outDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(options.outDir, ec);
        if (ec)
            throw Error(options.outDir + ": cannot create the sweep folder (" + ec.message() + ")");
    }

    if (options.search == "halving") {
        // The full budget is the configured run's length; rounds before the last train the
        // same config cut short with train.max_steps, so every schedule (learning rate, RigL's
        // t_end) completes within each short run.
        RunConfig full = loadRunConfig(options.config, runAssignments(spec, points[0], allRuns[0]));
        const long long fullSteps = totalStepsFor(full, loadRunData(full).train.count());
        const int rounds = halvingRounds(static_cast<int>(points.size()), options.eta);
        std::size_t planned = 0;
        for (int r = 0, n = static_cast<int>(points.size()); r < rounds;
             ++r, n = std::max(1, n / options.eta))
            planned += static_cast<std::size_t>(n) * seeds.size();
        std::printf("successive halving: %zu points, eta %d, %d rounds, full budget %lld steps\n",
                    points.size(), options.eta, rounds, fullSteps);
        const auto result = successiveHalvingByRound(
            static_cast<int>(points.size()), options.eta, fullSteps,
            [&](const std::vector<int>& alive, long long budget, int round) {
                return driver.runRound(alive, budget == fullSteps ? 0 : budget, round, planned);
            });
        for (std::size_t r = 0; r < result.size(); ++r) {
            std::string kept;
            for (int p : result[r].kept) kept += (kept.empty() ? "" : ", ") + std::to_string(p + 1);
            std::printf("round %zu: %zu points on %lld steps, kept point%s %s\n", r + 1,
                        result[r].points.size(), result[r].budget,
                        result[r].kept.size() == 1 ? "" : "s", kept.c_str());
        }
    } else {
        driver.runAll(allRuns, allRuns.size());
    }
    printPointTable(driver.table());
    if (options.out.empty() && options.outDir.empty())
        std::printf("%s", sweepCsv(driver.table()).c_str());
    return 0;
}

}  // namespace

void addSweepCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<SweepOptions>();
    CLI::App* cmd = app.add_subcommand(
        "sweep", "Train a grid (or a search) of configs, each over several seeds; writes a table "
                 "with a row per run and per point, and every run's artefacts");
    cmd->add_option("--config,-c", options->config, "JSON run config (default: the default lesson)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--set,-s", options->sets,
                    "key=v1,v2,... sweeps a key (several make a grid); key=lo..hi[:log] is a range "
                    "for --search random; key=value is a fixed override (repeatable)")
        ->required();
    cmd->add_option("--seeds", options->seeds,
                    "Repeat every point with this many seeds (the config's seed, +1, +2, ...)")
        ->check(CLI::Range(1, 1000));
    cmd->add_option("--out-dir,-d", options->outDir,
                    "Folder for sweep.csv, sweep.json and runs/<run>/ (summary.json, metrics.csv, "
                    "events.csv, checkpoint.h5)");
    cmd->add_option("--out,-o", options->out, "Also write the table as this CSV file");
    cmd->add_option("--search", options->search,
                    "grid (every combination), halving (successive halving over the grid, or "
                    "over --trials sampled points), random (--trials points sampled)");
    cmd->add_option("--trials", options->trials, "Points sampled by --search random")
        ->check(CLI::Range(1, 100000));
    cmd->add_option("--eta", options->eta,
                    "Successive halving: keep 1/eta of the points each round, grow the budget "
                    "eta times (default 3)")
        ->check(CLI::Range(2, 100));
    cmd->callback([options, &exitCode] { exitCode = runSweep(*options); });
}

}  // namespace sl::cli
