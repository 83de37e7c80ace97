#include "distributed/exchange_traffic.h"

namespace sl {
namespace {

constexpr long long kMetricBytes = 2 * 8;  // loss sum and correct count, as doubles
constexpr long long kCountBytes = 8;       // the gathered pair count, a double
constexpr long long kByteCountBytes = 4;   // each rank's payload size in the allgather, an int
constexpr long long kPairBytes = 8;        // int32 index + fp32 value

}  // namespace

ExchangeTraffic denseStepTraffic(long long entries, int ranks) {
    ExchangeTraffic t;
    if (ranks <= 1) return t;
    t.bytesSent = kMetricBytes + 4 * entries;
    t.bytesReceived = t.bytesSent;
    return t;
}

ExchangeTraffic topkStepTraffic(long long entries, long long pairsPerRank, int ranks) {
    ExchangeTraffic t;
    if (ranks <= 1) return t;
    t.gatheredPairs = pairsPerRank * ranks;
    // GradientExchange::sumSelected's rule, in the same doubles.
    t.sparse = !(8.0 * static_cast<double>(t.gatheredPairs) > 4.0 * static_cast<double>(entries));
    if (!t.sparse) {
        t.bytesSent = kMetricBytes + kCountBytes + 4 * entries;
        t.bytesReceived = t.bytesSent;
        return t;
    }
    const long long others = ranks - 1;
    t.bytesSent = kMetricBytes + kCountBytes + kByteCountBytes + kPairBytes * pairsPerRank;
    t.bytesReceived =
        kMetricBytes + kCountBytes + others * (kByteCountBytes + kPairBytes * pairsPerRank);
    return t;
}

}  // namespace sl
