#include "train/sweep_table.h"

#include "util/error.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace sl {
namespace {

using nlohmann::json;

json numberOrNull(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

double numberOr(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : NAN;
}

std::string cell(double v) {
    if (!std::isfinite(v)) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

// A CSV cell quoted when it holds a comma or quote (list values such as [300,100]).
std::string csvCell(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string valueOf(const Overrides& o, const std::string& key) {
    for (const auto& [k, v] : o)
        if (k == key) return v;
    return "";
}

json overridesJson(const Overrides& o) {
    json out = json::object();
    for (const auto& [k, v] : o) out[k] = v;
    return out;
}

json meanStdJson(const MeanStd& m) {
    return {{"mean", numberOrNull(m.mean)}, {"std", numberOrNull(m.std)}, {"n", m.n}};
}

}  // namespace

MeanStd meanStd(const std::vector<double>& values) {
    MeanStd m;
    double sum = 0.0;
    for (double v : values)
        if (std::isfinite(v)) {
            sum += v;
            ++m.n;
        }
    if (m.n == 0) return m;
    m.mean = sum / m.n;
    double sq = 0.0;
    for (double v : values)
        if (std::isfinite(v)) sq += (v - m.mean) * (v - m.mean);
    m.std = m.n > 1 ? std::sqrt(sq / (m.n - 1)) : 0.0;
    return m;
}

std::vector<SweepPointRow> aggregatePoints(const std::vector<SweepRunRow>& runs) {
    std::vector<SweepPointRow> points;
    std::map<std::pair<int, int>, std::vector<const SweepRunRow*>> groups;
    for (const auto& r : runs) {
        auto& group = groups[{r.round, r.point}];
        if (group.empty()) {
            SweepPointRow p;
            p.point = r.point;
            p.round = r.round;
            p.overrides = r.overrides;
            points.push_back(p);
        }
        group.push_back(&r);
    }
    for (auto& p : points) {
        const auto& group = groups[{p.round, p.point}];
        auto column = [&](double SweepRunRow::*field) {
            std::vector<double> v;
            for (const SweepRunRow* r : group) v.push_back(r->*field);
            return meanStd(v);
        };
        p.seeds = static_cast<int>(group.size());
        p.finalValidation = column(&SweepRunRow::finalValidation);
        p.bestValidation = column(&SweepRunRow::bestValidation);
        p.finalTest = column(&SweepRunRow::finalTest);
        p.bestTest = column(&SweepRunRow::bestTest);
        p.wallSeconds = column(&SweepRunRow::wallSeconds);
        p.sparsity = column(&SweepRunRow::sparsity);
        p.churn = column(&SweepRunRow::churn);
        p.itop = column(&SweepRunRow::itop);
        p.stepsPerSecond = column(&SweepRunRow::stepsPerSecond);
    }
    return points;
}

SweepVerdict judgeSweep(const std::vector<SweepPointRow>& points) {
    SweepVerdict v;
    int lastRound = 0;
    for (const auto& p : points) lastRound = std::max(lastRound, p.round);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        if (p.round != lastRound || !std::isfinite(p.finalValidation.mean)) continue;
        const int index = static_cast<int>(i);
        if (v.best < 0 ||
            p.finalValidation.mean > points[std::size_t(v.best)].finalValidation.mean) {
            v.runnerUp = v.best;
            v.best = index;
        } else if (v.runnerUp < 0 ||
                   p.finalValidation.mean > points[std::size_t(v.runnerUp)].finalValidation.mean) {
            v.runnerUp = index;
        }
    }
    if (v.best >= 0 && v.runnerUp >= 0) {
        const auto& b = points[std::size_t(v.best)].finalValidation;
        const auto& r = points[std::size_t(v.runnerUp)].finalValidation;
        v.gap = b.mean - r.mean;
        v.spread = std::max(b.std, r.std);
        // One seed per point has no spread to compare with: never call that clear.
        v.clear = b.n > 1 && r.n > 1 && v.gap > v.spread;
    }
    return v;
}

std::string verdictText(const std::vector<SweepPointRow>& points, const SweepVerdict& v) {
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(2);
    if (v.best < 0)
        return "no point has a validation accuracy (data.validation is 0): none is chosen — "
               "the test set is not used to choose";
    const auto& b = points[std::size_t(v.best)];
    os << "best point by validation mean: " << describeOverrides(b.overrides) << "  "
       << 100.0 * b.finalValidation.mean << " ± " << 100.0 * b.finalValidation.std << " % ("
       << b.seeds << (b.seeds == 1 ? " seed)" : " seeds)");
    if (v.runnerUp < 0) return os.str() + "; it is the only point";
    const auto& r = points[std::size_t(v.runnerUp)];
    os << "\nrunner-up: " << describeOverrides(r.overrides) << "  "
       << 100.0 * r.finalValidation.mean << " ± " << 100.0 * r.finalValidation.std << " %\n";
    if (b.seeds < 2 || r.seeds < 2)
        os << "one seed per point: no spread to judge the gap of " << 100.0 * v.gap
           << " points by — repeat with --seeds 3";
    else if (v.clear)
        os << "the best leads by " << 100.0 * v.gap << " points, more than the seeds' spread ("
           << 100.0 * v.spread << "): a real lead";
    else
        os << "the best leads by only " << 100.0 * v.gap << " points, within the seeds' spread ("
           << 100.0 * v.spread << "): the two are not told apart by this sweep";
    return os.str();
}

void summarize(SweepTable& table) {
    table.points = aggregatePoints(table.runs);
    table.verdict = judgeSweep(table.points);
}

std::string sweepCsv(const SweepTable& t) {
    // Cells are appended one by one, never as `"," + std::string` temporaries: GCC 12 at -O3
    // reports a false 2^63-byte memcpy (-Wstringop-overflow, -Warray-bounds) in those.
    std::string out = "row,round,point,seed";
    auto add = [&out](const std::string& value) {
        out += ',';
        out += value;
    };
    for (const auto& k : t.keys) add(csvCell(k));
    out += ",fixed,final_validation_accuracy,final_validation_accuracy_std,"
           "best_validation_accuracy,best_validation_accuracy_std,final_test_accuracy,"
           "final_test_accuracy_std,best_test_accuracy,best_test_accuracy_std,wall_seconds,"
           "steps,final_sparsity,total_churn,itop,steps_per_second,folder,best\n";
    std::string fixed;
    for (const auto& f : t.fixed) {
        if (!fixed.empty()) fixed += ';';
        fixed += f;
    }
    for (const auto& r : t.runs) {
        out += "run";
        add(std::to_string(r.round + 1));
        add(std::to_string(r.point + 1));
        add(std::to_string(r.seed));
        for (const auto& k : t.keys) add(csvCell(valueOf(r.overrides, k)));
        add(csvCell(fixed));
        for (double v : {r.finalValidation, r.bestValidation, r.finalTest, r.bestTest}) {
            add(cell(v));
            add(std::string());  // a single run has no spread
        }
        add(cell(r.wallSeconds));
        add(std::to_string(r.steps));
        for (double v : {r.sparsity, r.churn, r.itop, r.stepsPerSecond}) add(cell(v));
        add(csvCell(r.folder));
        add(std::string());
        out += '\n';
    }
    for (std::size_t i = 0; i < t.points.size(); ++i) {
        const auto& p = t.points[i];
        out += "point";
        add(std::to_string(p.round + 1));
        add(std::to_string(p.point + 1));
        add(std::to_string(p.seeds));
        for (const auto& k : t.keys) add(csvCell(valueOf(p.overrides, k)));
        add(csvCell(fixed));
        for (const MeanStd* m :
             {&p.finalValidation, &p.bestValidation, &p.finalTest, &p.bestTest}) {
            add(cell(m->mean));
            add(cell(m->std));
        }
        add(cell(p.wallSeconds.mean));
        add(std::string());  // steps differ between a point's seeds
        for (const MeanStd* m : {&p.sparsity, &p.churn, &p.itop, &p.stepsPerSecond})
            add(cell(m->mean));
        add(std::string());
        add(static_cast<int>(i) == t.verdict.best ? "1" : "");
        out += '\n';
    }
    return out;
}

json toJson(const SweepTable& t) {
    json runs = json::array(), points = json::array();
    for (const auto& r : t.runs)
        runs.push_back({{"point", r.point},
                        {"round", r.round},
                        {"seed", r.seed},
                        {"overrides", overridesJson(r.overrides)},
                        {"final_validation_accuracy", numberOrNull(r.finalValidation)},
                        {"best_validation_accuracy", numberOrNull(r.bestValidation)},
                        {"final_test_accuracy", numberOrNull(r.finalTest)},
                        {"best_test_accuracy", numberOrNull(r.bestTest)},
                        {"wall_seconds", numberOrNull(r.wallSeconds)},
                        {"steps", r.steps},
                        {"final_sparsity", numberOrNull(r.sparsity)},
                        {"total_churn", numberOrNull(r.churn)},
                        {"itop", numberOrNull(r.itop)},
                        {"steps_per_second", numberOrNull(r.stepsPerSecond)},
                        {"folder", r.folder}});
    for (const auto& p : t.points)
        points.push_back({{"point", p.point},
                          {"round", p.round},
                          {"seeds", p.seeds},
                          {"overrides", overridesJson(p.overrides)},
                          {"final_validation_accuracy", meanStdJson(p.finalValidation)},
                          {"best_validation_accuracy", meanStdJson(p.bestValidation)},
                          {"final_test_accuracy", meanStdJson(p.finalTest)},
                          {"best_test_accuracy", meanStdJson(p.bestTest)},
                          {"wall_seconds", meanStdJson(p.wallSeconds)}});
    return {{"format", "sparselab-sweep"},
            {"version", 1},
            {"search", t.search},
            {"keys", t.keys},
            {"fixed", t.fixed},
            {"runs", runs},
            {"points", points},
            {"best_point", t.verdict.best},
            {"runner_up", t.verdict.runnerUp},
            {"gap", numberOrNull(t.verdict.gap)},
            {"spread", numberOrNull(t.verdict.spread)},
            {"clear_lead", t.verdict.clear}};
}

SweepTable sweepTableFromJson(const json& j, const std::string& source) {
    auto fail = [&](const std::string& what) { throw DataError(source + ": " + what); };
    if (!j.is_object() || j.value("format", "") != "sparselab-sweep")
        fail("not a SparseLab sweep table (expected \"format\": \"sparselab-sweep\")");
    SweepTable t;
    t.search = j.value("search", "grid");
    try {
        t.keys = j.at("keys").get<std::vector<std::string>>();
        t.fixed = j.value("fixed", std::vector<std::string>{});
        const auto& runs = j.at("runs");
        if (!runs.is_array()) fail("runs: expected an array");
        for (std::size_t i = 0; i < runs.size(); ++i) {
            const auto& r = runs[i];
            SweepRunRow row;
            row.point = r.at("point").get<int>();
            row.round = r.value("round", 0);
            row.seed = r.at("seed").get<std::uint64_t>();
            for (const auto& [k, v] : r.at("overrides").items())
                row.overrides.emplace_back(k, v.get<std::string>());
            // JSON objects come back sorted: put the values in the keys' order.
            Overrides ordered;
            for (const auto& k : t.keys) ordered.emplace_back(k, valueOf(row.overrides, k));
            if (!t.keys.empty()) row.overrides = ordered;
            row.finalValidation = numberOr(r, "final_validation_accuracy");
            row.bestValidation = numberOr(r, "best_validation_accuracy");
            row.finalTest = numberOr(r, "final_test_accuracy");
            row.bestTest = numberOr(r, "best_test_accuracy");
            row.wallSeconds = numberOr(r, "wall_seconds");
            row.steps = r.value("steps", 0LL);
            row.sparsity = numberOr(r, "final_sparsity");
            row.churn = numberOr(r, "total_churn");
            row.itop = numberOr(r, "itop");
            row.stepsPerSecond = numberOr(r, "steps_per_second");
            row.folder = r.value("folder", "");
            if (row.point < 0) fail("runs[" + std::to_string(i) + "].point: negative");
            t.runs.push_back(std::move(row));
        }
    } catch (const json::exception& e) {
        fail(std::string("malformed entry (") + e.what() + ")");
    }
    summarize(t);
    // The stored point rows are derived data; a table edited by hand is recomputed rather
    // than trusted, but a stored mean that disagrees with the runs means a damaged file.
    if (j.contains("points") && j["points"].is_array() && j["points"].size() != t.points.size())
        fail("points: " + std::to_string(j["points"].size()) + " rows, but the runs make " +
             std::to_string(t.points.size()));
    return t;
}

SweepTable readSweepTable(const std::string& path) {
    std::filesystem::path file(path);
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) file /= "sweep.json";
    std::ifstream in(file);
    if (!in)
        throw DataError(file.string() + ": cannot open — expected a sweep folder with sweep.json "
                                        "(written by `sparselab-cli sweep --out-dir`)");
    std::stringstream text;
    text << in.rdbuf();
    const json j = json::parse(text.str(), nullptr, false);
    if (j.is_discarded()) throw DataError(file.string() + ": not valid JSON");
    return sweepTableFromJson(j, file.string());
}

}  // namespace sl
