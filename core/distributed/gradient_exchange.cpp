#include "distributed/gradient_exchange.h"

#include "util/error.h"

#include <algorithm>
#include <limits>

namespace sl {

std::pair<int, int> GradientExchange::shard(int batch, int rank, int ranks) {
    // 64-bit products: batch * rank overflows int for a large batch on many ranks.
    const auto edge = [&](int r) {
        return static_cast<int>(static_cast<long long>(batch) * r / ranks);
    };
    return {edge(rank), edge(rank + 1)};
}

void GradientExchange::setCommunicator(Communicator* communicator) {
    m_comm = communicator;
    if (distributed()) m_totals.ranks = ranks();
}

template <typename Fn> void GradientExchange::timed(Fn&& fn) {
    const long long sent = m_comm->bytesSent();
    const long long received = m_comm->bytesReceived();
    const double seconds = m_comm->seconds();
    fn();
    m_step.bytesSent += m_comm->bytesSent() - sent;
    m_step.bytesReceived += m_comm->bytesReceived() - received;
    m_step.seconds += m_comm->seconds() - seconds;
}

void GradientExchange::beginStep() { m_step = Step{}; }

void GradientExchange::endStep() {
    ++m_totals.steps;
    m_totals.bytesSent += m_step.bytesSent;
    m_totals.bytesReceived += m_step.bytesReceived;
    m_totals.seconds += m_step.seconds;
}

void GradientExchange::sumValues(std::vector<double>& values) {
    timed([&] { m_comm->allreduceSum(values.data(), values.size()); });
}

void GradientExchange::sumMetrics(double& lossSum, double& correct) {
    double both[2] = {lossSum, correct};
    timed([&] { m_comm->allreduceSum(both, 2); });
    lossSum = both[0];
    correct = both[1];
}

void GradientExchange::sumBlock(Tensor& block) {
    timed([&] { m_comm->allreduceSum(block.data(), static_cast<std::size_t>(block.size())); });
}

void GradientExchange::sumDense(std::vector<Param>& params) {
    std::size_t entries = 0;
    for (const Param& p : params) entries += static_cast<std::size_t>(p.grad->size());
    m_dense.resize(entries);
    float* at = m_dense.data();
    for (const Param& p : params) at = std::copy_n(p.grad->data(), p.grad->size(), at);
    timed([&] { m_comm->allreduceSum(m_dense.data(), m_dense.size()); });
    const float* from = m_dense.data();
    for (Param& p : params) {
        std::copy_n(from, p.grad->size(), p.grad->data());
        from += p.grad->size();
    }
    ++m_totals.denseSteps;
}

void GradientExchange::sumSelected(std::vector<Param>& params) {
    long long entries = 0;
    for (const Param& p : params) entries += p.grad->size();
    if (entries > std::numeric_limits<std::int32_t>::max())
        throw ShapeError("gradient exchange: " + std::to_string(entries) +
                         " gradient entries do not fit the int32 indices of the sparse exchange");
    m_mine.clear();
    std::int32_t offset = 0;
    for (const Param& p : params) {
        const float* g = p.grad->data();
        for (Eigen::Index i = 0; i < p.grad->size(); ++i)
            if (g[i] != 0.0f) m_mine.push_back({offset + static_cast<std::int32_t>(i), g[i]});
        offset += static_cast<std::int32_t>(p.grad->size());
    }
    m_step.pairsSent = static_cast<long long>(m_mine.size());

    // Every rank learns the gathered count first, so all take the same branch.
    double gathered = static_cast<double>(m_mine.size());
    timed([&] { m_comm->allreduceSum(&gathered, 1); });
    m_step.pairsReceived = static_cast<long long>(gathered);
    if (8.0 * gathered > 4.0 * static_cast<double>(entries)) {
        sumDense(params);
        return;
    }
    timed([&] { m_comm->allgatherPairs(m_mine, m_all, m_counts); });
    m_step.sparse = true;
    ++m_totals.sparseSteps;
    for (Param& p : params) p.grad->setZero();
    // Pairs are added in rank order on every rank: the same sums everywhere.
    std::vector<float*> base;
    std::vector<std::int32_t> starts;
    std::int32_t start = 0;
    for (Param& p : params) {
        base.push_back(p.grad->data());
        starts.push_back(start);
        start += static_cast<std::int32_t>(p.grad->size());
    }
    for (const IndexValue& pair : m_all) {
        if (pair.index < 0 || pair.index >= start)
            throw ShapeError("gradient exchange: a rank sent index " + std::to_string(pair.index) +
                             " — expected below " + std::to_string(start));
        const auto it = std::upper_bound(starts.begin(), starts.end(), pair.index) - 1;
        const std::size_t param = static_cast<std::size_t>(it - starts.begin());
        base[param][pair.index - *it] += pair.value;
    }
}

}  // namespace sl
