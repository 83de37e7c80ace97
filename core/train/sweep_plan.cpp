#include "train/sweep_plan.h"

#include "train/run_config.h"
#include "util/error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace sl {
namespace {

bool parseNumber(const std::string& text, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && std::isfinite(out);
}

// The field's kind from the config table, so that a range over an integer key samples
// integers; throws for a key the table does not know.
const char* fieldKind(const std::string& key) {
    RunConfig probe;
    for (const auto& f : configFields(probe)) {
        if (key != f.key) continue;
        if (f.integer || f.bigInteger || f.unsignedInteger) return "integer";
        if (f.real) return "real";
        return "other";
    }
    throw ConfigError("--set " + key + ": unknown key (see `sparselab-cli config --explain`)");
}

SweepRange parseRange(const std::string& key, const std::string& text, const std::string& option) {
    SweepRange r;
    r.key = key;
    std::string body = text;
    if (const auto colon = body.rfind(':'); colon != std::string::npos) {
        const std::string scale = body.substr(colon + 1);
        if (scale != "log" && scale != "lin")
            throw ConfigError("--set " + option + ": unknown scale '" + scale +
                              "' — expected lo..hi, lo..hi:lin or lo..hi:log");
        r.log = scale == "log";
        body = body.substr(0, colon);
    }
    const auto dots = body.find("..");
    if (!parseNumber(body.substr(0, dots), r.lo) || !parseNumber(body.substr(dots + 2), r.hi))
        throw ConfigError("--set " + option + ": expected a range of two numbers, e.g. " + key +
                          "=1e-3..1e-1:log");
    if (!(r.lo < r.hi))
        throw ConfigError("--set " + option + ": the range's low end must be below its high end");
    if (r.log && r.lo <= 0)
        throw ConfigError("--set " + option + ": a :log range needs a low end above 0");
    const std::string kind = fieldKind(key);
    if (kind == "other")
        throw ConfigError("--set " + option + ": " + key +
                          " is not numeric; list its values "
                          "instead (a,b,c)");
    r.integer = kind == "integer";
    return r;
}

}  // namespace

std::vector<std::string> splitSweepValues(const std::string& text) {
    std::vector<std::string> values{""};
    int depth = 0;
    for (char c : text) {
        depth += (c == '[') - (c == ']');
        if (c == ',' && depth == 0) values.emplace_back();
        else values.back() += c;
    }
    return values;
}

SweepSpec parseSweepSets(const std::vector<std::string>& sets) {
    SweepSpec spec;
    std::set<std::string> seen;
    for (const auto& set : sets) {
        const auto eq = set.find('=');
        if (eq == std::string::npos || eq == 0)
            throw ConfigError("--set " + set + ": expected key=value, key=v1,v2,... or key=lo..hi");
        const std::string key = set.substr(0, eq);
        const std::string text = set.substr(eq + 1);
        fieldKind(key);
        if (!seen.insert(key).second)
            throw ConfigError("--set " + key +
                              ": given twice — list every value in one option "
                              "(" +
                              key + "=a,b,c)");
        if (text.find("..") != std::string::npos && text.front() != '"') {
            spec.ranges.push_back(parseRange(key, text, set));
            continue;
        }
        auto values = splitSweepValues(text);
        for (const auto& v : values)
            if (v.empty()) throw ConfigError("--set " + set + ": an empty value in the list");
        if (values.size() == 1) spec.fixed.push_back(set);
        else spec.axes.push_back({key, std::move(values)});
    }
    return spec;
}

std::vector<SweepPoint> gridPoints(const SweepSpec& spec, std::size_t maxPoints) {
    if (!spec.ranges.empty())
        throw ConfigError("--set " + spec.ranges.front().key +
                          ": a range is sampled, not gridded — use --search random --trials K, "
                          "or list values (a,b,c)");
    std::size_t total = 1;
    for (const auto& axis : spec.axes) {
        if (total > maxPoints / axis.values.size())
            throw ConfigError("sweep: the grid has more than " + std::to_string(maxPoints) +
                              " points — sweep fewer values, or sample them with --search random");
        total *= axis.values.size();
    }
    std::vector<SweepPoint> points;
    points.reserve(total);
    for (std::size_t i = 0; i < total; ++i) {
        SweepPoint p;
        std::size_t rest = i;
        std::vector<std::size_t> digit(spec.axes.size());
        for (std::size_t a = spec.axes.size(); a-- > 0;) {
            digit[a] = rest % spec.axes[a].values.size();
            rest /= spec.axes[a].values.size();
        }
        for (std::size_t a = 0; a < spec.axes.size(); ++a)
            p.overrides.emplace_back(spec.axes[a].key, spec.axes[a].values[digit[a]]);
        points.push_back(std::move(p));
    }
    return points;
}

std::vector<std::uint64_t> sweepSeeds(std::uint64_t base, int n) {
    std::vector<std::uint64_t> seeds;
    for (int i = 0; i < n; ++i) seeds.push_back(base + static_cast<std::uint64_t>(i));
    return seeds;
}

std::string runFolderName(int point, std::uint64_t seed, int round) {
    char name[96];
    if (round > 0)
        std::snprintf(name, sizeof name, "runs/r%d-p%02d-seed%llu", round + 1, point + 1,
                      static_cast<unsigned long long>(seed));
    else
        std::snprintf(name, sizeof name, "runs/p%02d-seed%llu", point + 1,
                      static_cast<unsigned long long>(seed));
    return name;
}

std::vector<SweepRun> gridRuns(std::size_t points, const std::vector<std::uint64_t>& seeds,
                               int round, long long maxSteps) {
    std::vector<SweepRun> runs;
    for (std::size_t p = 0; p < points; ++p)
        for (std::uint64_t seed : seeds) {
            SweepRun r;
            r.point = static_cast<int>(p);
            r.round = round;
            r.seed = seed;
            r.maxSteps = maxSteps;
            r.folder = runFolderName(r.point, seed, round);
            runs.push_back(r);
        }
    return runs;
}

std::vector<std::string> runAssignments(const SweepSpec& spec, const SweepPoint& point,
                                        const SweepRun& run) {
    std::vector<std::string> sets = spec.fixed;
    for (const auto& [key, value] : point.overrides) sets.push_back(key + "=" + value);
    sets.push_back("seed=" + std::to_string(run.seed));
    if (run.maxSteps > 0) sets.push_back("train.max_steps=" + std::to_string(run.maxSteps));
    return sets;
}

std::string describeOverrides(const Overrides& overrides) {
    std::string out;
    for (const auto& [key, value] : overrides) out += (out.empty() ? "" : " ") + key + "=" + value;
    return out;
}

}  // namespace sl
