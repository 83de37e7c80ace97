#pragma once

#include "nn/tensor.h"
#include "optim/gradient_settings.h"

#include <string>
#include <utility>
#include <vector>

namespace sl {

// What happens to the gradient between backward() and the optimizer, in this order:
//   1. clip by value: every entry to [-clip_value, clip_value];
//   2. clip by global L2 norm: scale all gradients by clip_norm / norm when norm > clip_norm;
//   3. compression, per tensor, k = ceil(density * entries):
//      - topk: only the k largest-magnitude entries of the accumulator reach the optimizer.
//        Error feedback: accumulator = g + residual, residual = accumulator - sent, so
//        sent + new residual == g + old residual exactly. Momentum correction (Lin et al. 2018,
//        Deep Gradient Compression): u = m*u + g, v = v + u, send top-k of v, then zero u and
//        v where sent (momentum factor masking); the optimizer then runs without momentum.
//      - sparse-updates: the optimizer computes its full update, afterOptimizerStep keeps the
//        k largest |delta w| per tensor and puts every other entry back to its old value.
// Masked entries (mask == 0) are never sent and never accumulate: their residual and velocity
// stay at zero, so a regrown weight starts without a backlog.
//
// Residuals and velocities are saved in checkpoints (/gradient_filter, through state()), so a
// resumed run continues bit for bit.
class GradientFilter {
public:
    // What the last step sent, for the charts and the run summary.
    struct Stats {
        long long entries = 0;      // gradient entries of all tensors
        long long applied = 0;      // non-zero entries that reached the optimizer
        long long bytesDense = 0;   // a data-parallel worker sending every entry (fp32)
        long long bytesSparse = 0;  // sending only the kept ones (fp32 value + int32 index)
        double density() const { return entries ? double(applied) / double(entries) : 1.0; }
    };

    GradientFilter() = default;
    // momentum: Deep Gradient Compression's local momentum, used only with compression topk
    // and momentum_correction (the Trainer then builds its SGD without momentum). Throws
    // ConfigError on settings out of range.
    explicit GradientFilter(GradientSettings settings, float momentum = 0.0f);

    bool enabled() const;
    const GradientSettings& settings() const { return m_settings; }
    float momentum() const { return m_momentum; }

    // Before the optimizer step: clips and sparsifies every param's grad in place. lr is not
    // needed by any mode (momentum correction accumulates gradients, the optimizer scales them).
    void beforeOptimizerStep(std::vector<Param>& params, double lr);
    // After the optimizer step (sparse updates: keeps only the k largest changes).
    void afterOptimizerStep(std::vector<Param>& params);

    const Stats& lastStats() const { return m_stats; }
    // Entries kept per tensor of this many entries: ceil(density * entries), at least 1.
    long long keepCount(long long entries) const;

    // Allocates the residuals / velocities for these params (done by the first step anyway);
    // a checkpoint restore would call it before writing into state().
    void prepare(const std::vector<Param>& params);
    // Residuals ("gradient.residual") and local velocities ("gradient.velocity"), one per
    // param in params() order; empty before prepare() or the first step, and for modes that
    // keep no state across steps.
    std::vector<std::pair<std::string, Tensor*>> state();

private:
    void clip(std::vector<Param>& params) const;
    void topk(std::vector<Param>& params);
    // Fills m_order with the indices of the k largest |score| among active entries (mask
    // null or non-zero); returns how many were selected.
    std::size_t selectLargest(const Tensor& score, const Tensor* mask, long long k);

    GradientSettings m_settings;
    float m_momentum = 0.0f;
    Stats m_stats;
    std::vector<Tensor> m_residual;  // topk: per param, its shape (the accumulator v with DGC)
    std::vector<Tensor> m_velocity;  // topk + momentum correction: DGC's local u
    std::vector<Tensor> m_previous;  // sparse-updates: the values before the optimizer step
    std::vector<int> m_order;        // reused index buffer for the selection
};

}  // namespace sl
