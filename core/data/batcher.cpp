#include "data/batcher.h"

#include "util/error.h"

#include <algorithm>

namespace sl {

Batcher::Batcher(int exampleCount, int batchSize)
    : m_exampleCount(exampleCount), m_batchSize(batchSize) {
    if (exampleCount < 1) throw DataError("cannot draw batches: the training set is empty");
    if (batchSize < 1)
        throw ConfigError("train.batchSize: must be at least 1, got " + std::to_string(batchSize));
}

void Batcher::next(const Dataset& data, Rng& rng, Eigen::MatrixXf& x,
                   std::vector<std::int32_t>& labels) {
    if (data.count() != m_exampleCount || static_cast<int>(data.labels.size()) != m_exampleCount)
        throw ShapeError("batcher was made for " + std::to_string(m_exampleCount) +
                         " examples but data set '" + data.name + "' has " +
                         std::to_string(data.count()) + " columns and " +
                         std::to_string(data.labels.size()) + " labels");
    if (m_epoch == 0 || atEpochEnd()) {
        m_order = rng.permutation(m_exampleCount);
        m_position = 0;
        ++m_epoch;
    }
    const int b = std::min(m_batchSize, m_exampleCount - m_position);
    // resize() keeps the buffer when the shape is unchanged, so steady-state batches allocate
    // nothing; only the remainder batch at an epoch's end changes it.
    x.resize(data.features(), b);
    labels.resize(static_cast<std::size_t>(b));
    for (int j = 0; j < b; ++j) {
        const std::int32_t idx = m_order[static_cast<std::size_t>(m_position + j)];
        // A plain copy of the contiguous column: Eigen's column assignment here ran a
        // scalar loop (1.3 instructions per float in callgrind).
        std::copy_n(data.x.data() + static_cast<std::ptrdiff_t>(idx) * data.x.rows(), data.x.rows(),
                    x.data() + static_cast<std::ptrdiff_t>(j) * x.rows());
        labels[static_cast<std::size_t>(j)] = data.labels[static_cast<std::size_t>(idx)];
    }
    m_position += b;
}

int Batcher::batchesPerEpoch() const { return (m_exampleCount + m_batchSize - 1) / m_batchSize; }

void Batcher::restore(int epoch, int position, std::vector<std::int32_t> order) {
    const std::string where = "batcher checkpoint state: ";
    if (epoch < 0) throw Error(where + "epoch is " + std::to_string(epoch) + ", expected >= 0");
    if (epoch == 0) {
        // Saved before the first batch: there is no order yet.
        if (position != 0 || !order.empty())
            throw Error(where +
                        "epoch 0 (no batch drawn yet) must have position 0 and no order, "
                        "got position " +
                        std::to_string(position) + " and " + std::to_string(order.size()) +
                        " order entries");
    } else {
        if (order.size() != static_cast<std::size_t>(m_exampleCount))
            throw Error(where + "order has " + std::to_string(order.size()) +
                        " entries, expected " + std::to_string(m_exampleCount) +
                        " (one per training example)");
        if (position < 0 || position > m_exampleCount)
            throw Error(where + "position is " + std::to_string(position) + ", expected 0 to " +
                        std::to_string(m_exampleCount));
        // A damaged order would silently repeat or skip examples, or index out of range.
        std::vector<bool> seen(static_cast<std::size_t>(m_exampleCount), false);
        for (const std::int32_t i : order) {
            if (i < 0 || i >= m_exampleCount || seen[static_cast<std::size_t>(i)])
                throw Error(where + "order is not a permutation of 0.." +
                            std::to_string(m_exampleCount - 1) + " (entry " + std::to_string(i) +
                            " is out of range or repeated)");
            seen[static_cast<std::size_t>(i)] = true;
        }
    }
    m_epoch = epoch;
    m_position = position;
    m_order = std::move(order);
}

}  // namespace sl
