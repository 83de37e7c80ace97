#pragma once

#include "nn/tensor.h"
#include "optim/gradient_settings.h"

#include <string>
#include <utility>
#include <vector>

namespace sl {

// What happens to the gradient between backward() and the optimizer: clipping (global norm,
// value), top-k sparsification with error feedback and momentum correction (Lin et al. 2018,
// Deep Gradient Compression), and sparse updates (only the k largest updates are applied).
class GradientFilter {
public:
    // What the last step sent, for the charts and the run summary.
    struct Stats {
        long long entries = 0;   // gradient entries of all tensors
        long long applied = 0;   // non-zero entries that reached the optimizer
        long long bytesDense = 0;   // a data-parallel worker sending every entry (fp32)
        long long bytesSparse = 0;  // sending only the kept ones (fp32 value + int32 index)
        double density() const { return entries ? double(applied) / double(entries) : 1.0; }
    };

    GradientFilter() = default;
    explicit GradientFilter(GradientSettings settings);

    bool enabled() const;
    // Before the optimizer step: clips and sparsifies every param's grad in place.
    void beforeOptimizerStep(std::vector<Param>& params, double lr);
    // After the optimizer step (sparse updates: keeps only the k largest changes).
    void afterOptimizerStep(std::vector<Param>& params);

    const Stats& lastStats() const { return m_stats; }
    // Residuals and local momenta, for checkpoints.
    std::vector<std::pair<std::string, Tensor*>> state() { return {}; }

private:
    GradientSettings m_settings;
    Stats m_stats;
};

} // namespace sl
