#include "prune/prune_masks.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace sl {

namespace {

// Sorts candidate flat indices by (score, index): the first `prune` are the ones to drop.
void pruneLowest(const double* scores, std::vector<std::int64_t>& candidates, long long prune,
                 float* mask) {
    if (prune <= 0) return;
    prune = std::min<long long>(prune, static_cast<long long>(candidates.size()));
    const auto lower = [scores](std::int64_t a, std::int64_t b) {
        return scores[a] < scores[b] || (scores[a] == scores[b] && a < b);
    };
    std::nth_element(candidates.begin(), candidates.begin() + (prune - 1), candidates.end(), lower);
    for (long long i = 0; i < prune; ++i) mask[candidates[i]] = 0.0f;
}

}  // namespace

long long prunedCount(double sparsity, long long count) {
    return std::llround(sparsity * static_cast<double>(count));
}

void pruneLowestInRow(const Scores& scores, int row, int begin, int count, long long prune,
                      Tensor& mask) {
    std::vector<std::int64_t> candidates(count);
    const std::int64_t first = static_cast<std::int64_t>(row) * scores.cols() + begin;
    std::iota(candidates.begin(), candidates.end(), first);
    pruneLowest(scores.data(), candidates, prune, mask.data());
}

Tensor maskLowestInLayer(const Scores& scores, double sparsity) {
    Tensor mask = Tensor::Ones(scores.rows(), scores.cols());
    std::vector<std::int64_t> candidates(scores.size());
    std::iota(candidates.begin(), candidates.end(), 0);
    pruneLowest(scores.data(), candidates, prunedCount(sparsity, scores.size()), mask.data());
    return mask;
}

Tensor maskLowestPerRow(const Scores& scores, double sparsity) {
    Tensor mask = Tensor::Ones(scores.rows(), scores.cols());
    const long long prune = prunedCount(sparsity, scores.cols());
    for (int r = 0; r < scores.rows(); ++r)
        pruneLowestInRow(scores, r, 0, static_cast<int>(scores.cols()), prune, mask);
    return mask;
}

Tensor maskNm(const Scores& scores, int n, int m) {
    Tensor mask = Tensor::Ones(scores.rows(), scores.cols());
    for (int r = 0; r < scores.rows(); ++r)
        for (int c = 0; c + m <= scores.cols(); c += m)
            pruneLowestInRow(scores, r, c, m, m - n, mask);
    return mask;
}

Scores magnitudeScores(const Tensor& weight) { return weight.cast<double>().cwiseAbs(); }

Scores wandaScores(const Tensor& weight, const Eigen::VectorXd& inputNorms) {
    Scores s = weight.cast<double>().cwiseAbs();
    for (int r = 0; r < s.rows(); ++r) s.row(r).array() *= inputNorms.transpose().array();
    return s;
}

}  // namespace sl
