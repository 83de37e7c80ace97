#include "data/validation_split.h"

#include "util/error.h"
#include "util/rng.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace sl {

int validationCount(int count, double fraction) {
    if (!(fraction >= 0.0 && fraction < 1.0)) {
        std::ostringstream os;
        os << "data.validation: got " << fraction << " — expected a fraction from 0 to below 1";
        throw DataError(os.str());
    }
    if (fraction == 0.0 || count <= 0) return 0;
    const int held = std::max(1, static_cast<int>(std::lround(fraction * count)));
    if (held >= count)
        throw DataError("data.validation: holding out " + std::to_string(held) + " of " +
                        std::to_string(count) +
                        " training examples leaves none to train on — lower the fraction or "
                        "use more training examples");
    return held;
}

std::vector<std::int32_t> validationIndices(int count, double fraction, std::uint64_t seed) {
    const int held = validationCount(count, fraction);
    if (held == 0) return {};
    Rng rng(seed);
    auto order = rng.permutation(count);
    order.resize(static_cast<std::size_t>(held));
    // Ascending, so that the validation set keeps the file's order and reads as a subset.
    std::sort(order.begin(), order.end());
    return order;
}

Dataset selectExamples(const Dataset& d, const std::vector<std::int32_t>& indices) {
    Dataset out;
    out.name = d.name;
    out.numClasses = d.numClasses;
    out.imageRows = d.imageRows;
    out.imageCols = d.imageCols;
    out.classNames = d.classNames;
    out.x.resize(d.x.rows(), static_cast<Eigen::Index>(indices.size()));
    out.labels.reserve(indices.size());
    for (std::size_t j = 0; j < indices.size(); ++j) {
        const std::int32_t i = indices[j];
        if (i < 0 || i >= d.count())
            throw ShapeError("selectExamples: index " + std::to_string(i) + " outside the " +
                             std::to_string(d.count()) + " examples of '" + d.name + "'");
        out.x.col(static_cast<Eigen::Index>(j)) = d.x.col(i);
        out.labels.push_back(d.labels[static_cast<std::size_t>(i)]);
    }
    return out;
}

void holdOutValidation(TrainTestSplit& split, double fraction, std::uint64_t seed) {
    const int count = split.train.count();
    const auto held = validationIndices(count, fraction, seed);
    if (held.empty()) return;
    std::vector<std::int32_t> kept;
    kept.reserve(static_cast<std::size_t>(count) - held.size());
    std::size_t h = 0;
    for (std::int32_t i = 0; i < count; ++i) {
        if (h < held.size() && held[h] == i) ++h;
        else kept.push_back(i);
    }
    split.validation = selectExamples(split.train, held);
    split.train = selectExamples(split.train, kept);
}

}  // namespace sl
