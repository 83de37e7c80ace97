#pragma once

#include "data/dataset.h"
#include "util/rng.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace sl {

// Deterministic shuffled mini-batches: at the start of every epoch the order of the examples
// is a fresh permutation drawn from the run's generator. The last batch of an epoch holds the
// remainder (60000 / 128 gives 468 full batches and one of 96: 469 steps an epoch).
class Batcher {
public:
    Batcher(int exampleCount, int batchSize);

    // Copies the next batch's columns and labels into x (features, b) and labels (b).
    // Draws the next epoch's permutation from rng when the previous epoch is used up.
    void next(const Dataset& data, Rng& rng, Eigen::MatrixXf& x, std::vector<std::int32_t>& labels);

    int batchesPerEpoch() const;
    int epoch() const { return m_epoch; }        // epochs begun so far (1 during the first)
    int position() const { return m_position; }  // examples of this epoch already served
    bool atEpochEnd() const { return m_position >= m_exampleCount; }
    const std::vector<std::int32_t>& order() const { return m_order; }

    // For checkpoints: the state is (epoch, position, order).
    void restore(int epoch, int position, std::vector<std::int32_t> order);

private:
    int m_exampleCount;
    int m_batchSize;
    int m_epoch = 0;
    int m_position = 0;
    std::vector<std::int32_t> m_order;
};

}  // namespace sl
