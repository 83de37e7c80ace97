#pragma once

#include "distributed/gradient_exchange.h"

#include <nlohmann/json.hpp>
#include <string>

namespace sl {

// The traffic a data-parallel run measured, as its summary's "exchange" section holds it
// (written and read here, side by side, so the names agree): what the window shows of an MPI
// run, since the window itself trains in one process.
struct ExchangeRecord {
    GradientExchange::Totals totals;
    int ranks = 1;                // of the job that wrote the summary
    double computeSeconds = 0.0;  // training time outside the communicator
};

// The "exchange" section of a run summary. `ranks`: the job's rank count; the totals carry
// the rank count they were measured at (they may come from a checkpoint of another job).
nlohmann::json exchangeJson(const GradientExchange::Totals& totals, int ranks,
                            double trainingSeconds);

// Reads the "exchange" section of a parsed run summary. Throws DataError "<where>: exchange.
// <key>: <what was expected>" when it is missing or a figure is not a count or a time.
ExchangeRecord exchangeFromSummary(const nlohmann::json& summary, const std::string& where);

}  // namespace sl
