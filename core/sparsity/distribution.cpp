#include "sparsity/distribution.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sl {
namespace {

long long keepCount(long long size, double density) {
    return std::clamp<long long>(std::llround(double(size) * density), 0, size);
}

double erkRaw(const LayerShape& s) {
    const std::vector<int> dims = s.dims.empty() ? std::vector<int>{s.rows, s.cols} : s.dims;
    double sum = 0.0, product = 1.0;
    for (int d : dims) {
        sum += d;
        product *= d;
    }
    return sum / product;
}

std::vector<long long> globalCounts(double sparsity, const std::vector<LayerShape>& shapes,
                                    const std::vector<const Tensor*>& scores) {
    if (scores.size() != shapes.size())
        throw ShapeError("sparsity.distribution global: needs the scores of every layer");
    std::vector<float> all;
    for (const Tensor* s : scores) all.insert(all.end(), s->data(), s->data() + s->size());
    const long long keep = keepCount(static_cast<long long>(all.size()), 1.0 - sparsity);
    std::vector<long long> counts(shapes.size(), 0);
    if (keep == 0) return counts;
    // The keep-th largest score is the threshold; ties at it are shared out in layer order
    // so that the total is exact.
    std::nth_element(all.begin(), all.begin() + (keep - 1), all.end(), std::greater<float>());
    const float threshold = all[static_cast<std::size_t>(keep - 1)];
    long long above = 0;
    std::vector<long long> ties(shapes.size(), 0);
    for (std::size_t l = 0; l < scores.size(); ++l) {
        const auto a = scores[l]->array();
        counts[l] = (a > threshold).count();
        ties[l] = (a == threshold).count();
        above += counts[l];
    }
    long long tiesLeft = keep - above;
    for (std::size_t l = 0; l < shapes.size() && tiesLeft > 0; ++l) {
        const long long take = std::min(ties[l], tiesLeft);
        counts[l] += take;
        tiesLeft -= take;
    }
    return counts;
}

}  // namespace

std::vector<double> erkDensities(double sparsity, const std::vector<LayerShape>& shapes) {
    long long total = 0;
    for (const auto& s : shapes) total += s.size();
    const double budget = (1.0 - sparsity) * double(total);
    std::vector<bool> dense(shapes.size(), false);
    std::vector<double> density(shapes.size(), 1.0);
    // Each pass makes dense the layers whose density would exceed 1, until none does.
    for (std::size_t pass = 0; pass <= shapes.size(); ++pass) {
        double denseParams = 0.0, weighted = 0.0;
        for (std::size_t l = 0; l < shapes.size(); ++l) {
            if (dense[l]) denseParams += double(shapes[l].size());
            else weighted += erkRaw(shapes[l]) * double(shapes[l].size());
        }
        const double eps = weighted > 0 ? (budget - denseParams) / weighted : 0.0;
        bool changed = false;
        for (std::size_t l = 0; l < shapes.size(); ++l) {
            if (dense[l]) continue;
            density[l] = eps * erkRaw(shapes[l]);
            if (density[l] > 1.0) {
                dense[l] = true;
                changed = true;
            }
        }
        if (!changed) break;
    }
    for (std::size_t l = 0; l < shapes.size(); ++l)
        density[l] = dense[l] ? 1.0 : std::clamp(density[l], 0.0, 1.0);
    return density;
}

std::vector<long long> activeCounts(const std::string& distribution, double sparsity,
                                    const std::vector<LayerShape>& shapes, bool denseFirstLayer,
                                    const std::vector<const Tensor*>& scores) {
    std::vector<long long> counts(shapes.size());
    if (distribution == "global") return globalCounts(sparsity, shapes, scores);
    if (distribution == "erk") {
        const auto density = erkDensities(sparsity, shapes);
        for (std::size_t l = 0; l < shapes.size(); ++l)
            counts[l] = keepCount(shapes[l].size(), density[l]);
        return counts;
    }
    for (std::size_t l = 0; l < shapes.size(); ++l) {
        const bool dense = denseFirstLayer && l == 0;
        counts[l] = keepCount(shapes[l].size(), dense ? 1.0 : 1.0 - sparsity);
    }
    return counts;
}

std::vector<std::string> distributionNames() { return {"uniform", "erk", "global"}; }

}  // namespace sl
