#include "sparsity/nm_pattern.h"

#include <algorithm>
#include <numeric>

namespace sl {

long long nmKeptCount(Eigen::Index rows, Eigen::Index cols, int keep, int m) {
    const long long full = cols / m, rest = cols % m;
    return rows * (full * nmKeptInGroup(keep, m) + (rest ? nmKeptInGroup(keep, int(rest)) : 0));
}

std::vector<std::int32_t> nmPatternIndices(const Tensor& scores, int keep, int m) {
    std::vector<std::int32_t> kept;
    kept.reserve(static_cast<std::size_t>(nmKeptCount(scores.rows(), scores.cols(), keep, m)));
    const Eigen::Index cols = scores.cols();
    std::vector<std::int32_t> group(static_cast<std::size_t>(m));
    for (Eigen::Index r = 0; r < scores.rows(); ++r) {
        const float* row = scores.data() + r * cols;
        for (Eigen::Index start = 0; start < cols; start += m) {
            const int size = static_cast<int>(std::min<Eigen::Index>(m, cols - start));
            group.resize(static_cast<std::size_t>(size));
            std::iota(group.begin(), group.end(), 0);
            const int k = nmKeptInGroup(keep, size);
            // Groups are tiny (m ≤ 64): a partial sort of positions is all it takes.
            std::partial_sort(group.begin(), group.begin() + k, group.end(),
                              [&](std::int32_t a, std::int32_t b) {
                                  const float sa = row[start + a], sb = row[start + b];
                                  return sa > sb || (sa == sb && a < b);
                              });
            std::sort(group.begin(), group.begin() + k);
            for (int i = 0; i < k; ++i)
                kept.push_back(static_cast<std::int32_t>(r * cols + start + group[i]));
        }
    }
    return kept;
}

int nmMaxPerGroup(const Tensor& mask, int m) {
    int most = 0;
    const Eigen::Index cols = mask.cols();
    for (Eigen::Index r = 0; r < mask.rows(); ++r)
        for (Eigen::Index start = 0; start < cols; start += m) {
            const Eigen::Index size = std::min<Eigen::Index>(m, cols - start);
            const auto count = (mask.row(r).segment(start, size).array() != 0.0f).count();
            most = std::max(most, static_cast<int>(count));
        }
    return most;
}

}  // namespace sl
