#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "util/rng.h"

namespace sl::test {

// Inputs for gradient checks: uniform in [-1, 1], away from nothing in particular.
inline Eigen::MatrixXf randomMatrix(Eigen::Index rows, Eigen::Index cols, sl::Rng& rng) {
    Eigen::MatrixXf m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(-1.0f, 1.0f);
    return m;
}

// Largest disagreement between an analytic gradient and central differences of loss() with
// respect to every entry of values, relative to max(|analytic|, |numeric|, floor). The floor
// keeps float rounding of near-zero derivatives from counting as relative error.
template <typename Values, typename Analytic, typename Loss>
double gradientError(Values& values, const Analytic& analytic, Loss&& loss, float eps = 1e-2f,
                     double floor = 1e-1) {
    double worst = 0.0;
    for (Eigen::Index i = 0; i < values.size(); ++i) {
        const float original = values.data()[i];
        values.data()[i] = original + eps;
        const double plus = loss();
        values.data()[i] = original - eps;
        const double minus = loss();
        values.data()[i] = original;
        const double numeric = (plus - minus) / (2.0 * static_cast<double>(eps));
        const double exact = analytic.data()[i];
        const double scale = std::max({std::abs(exact), std::abs(numeric), floor});
        worst = std::max(worst, std::abs(exact - numeric) / scale);
    }
    return worst;
}

}  // namespace sl::test
