#include "distributed/exchange_record.h"

#include "io/json_text.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>

namespace sl {
namespace {

const nlohmann::json& member(const nlohmann::json& object, const char* key,
                             const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end())
        throw DataError(where + ": exchange." + key +
                        " is missing — expected the summary of a "
                        "SparseLab run (sparselab-cli train --summary)");
    return *it;
}

long long countOf(const nlohmann::json& object, const char* key, const std::string& where,
                  long long least) {
    const nlohmann::json& v = member(object, key, where);
    if (!v.is_number_integer() || v.get<long long>() < least)
        throw DataError(where + ": exchange." + key + " is " + describeJson(v) +
                        " — expected a whole number, at least " + std::to_string(least));
    return v.get<long long>();
}

double secondsOf(const nlohmann::json& object, const char* key, const std::string& where) {
    const nlohmann::json& v = member(object, key, where);
    if (!v.is_number() || !std::isfinite(v.get<double>()))
        throw DataError(where + ": exchange." + key + " is " + describeJson(v) +
                        " — expected a number of seconds");
    return v.get<double>();
}

}  // namespace

nlohmann::json exchangeJson(const GradientExchange::Totals& t, int ranks, double trainingSeconds) {
    const double steps = static_cast<double>(std::max(1LL, t.steps));
    return {
        {"ranks", ranks},
        {"measured_ranks", t.ranks},
        {"steps", t.steps},
        {"bytes_sent_per_step", t.steps ? static_cast<double>(t.bytesSent) / steps : 0.0},
        {"bytes_sent", t.bytesSent},
        {"bytes_received_per_step", t.steps ? static_cast<double>(t.bytesReceived) / steps : 0.0},
        {"bytes_received", t.bytesReceived},
        {"communication_seconds", t.seconds},
        {"compute_seconds", trainingSeconds - t.seconds},
        {"sparse_exchanges", t.sparseSteps},
        {"dense_exchanges", t.denseSteps}};
}

ExchangeRecord exchangeFromSummary(const nlohmann::json& summary, const std::string& where) {
    if (!summary.is_object())
        throw DataError(where + ": is " + describeJson(summary) +
                        " — expected a run summary (a JSON object)");
    const auto it = summary.find("exchange");
    if (it == summary.end() || !it->is_object())
        throw DataError(where + ": has no 'exchange' section — expected the summary of a "
                                "SparseLab run (sparselab-cli train --summary)");
    const nlohmann::json& x = *it;
    ExchangeRecord r;
    r.ranks = static_cast<int>(std::min<long long>(countOf(x, "ranks", where, 1), 1 << 30));
    // Summaries written before the totals were checkpointed have no measured_ranks.
    r.totals.ranks =
        x.contains("measured_ranks")
            ? static_cast<int>(std::min<long long>(countOf(x, "measured_ranks", where, 1), 1 << 30))
            : r.ranks;
    r.totals.steps = countOf(x, "steps", where, 0);
    r.totals.bytesSent = countOf(x, "bytes_sent", where, 0);
    r.totals.bytesReceived =
        x.contains("bytes_received") ? countOf(x, "bytes_received", where, 0) : 0;
    r.totals.sparseSteps = countOf(x, "sparse_exchanges", where, 0);
    r.totals.denseSteps = countOf(x, "dense_exchanges", where, 0);
    r.totals.seconds = secondsOf(x, "communication_seconds", where);
    r.computeSeconds = secondsOf(x, "compute_seconds", where);
    return r;
}

}  // namespace sl
