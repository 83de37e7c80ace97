#include "optim/gradient_filter.h"

#include "optim/param_state.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sl {
namespace {

bool active(const Tensor* mask, Eigen::Index i) { return !mask || mask->data()[i] != 0.0f; }

std::string number(double x) {
    std::string s = std::to_string(x);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

std::string nonFinite(std::size_t index, const char* param) {
    return "training diverged: the gradient filter found a non-finite value in parameter " +
           std::to_string(index) + " (" + param +
           "). Lower optimizer.lr, raise gradient.density, or set gradient.clip_norm.";
}

}  // namespace

GradientFilter::GradientFilter(GradientSettings settings, float momentum)
    : m_settings(std::move(settings)), m_momentum(momentum) {
    const GradientSettings& s = m_settings;
    if (s.compression != "none" && s.compression != "topk" && s.compression != "sparse-updates")
        throw ConfigError("gradient.compression: got \"" + s.compression +
                          "\" — expected none, topk or sparse-updates");
    if (!(s.clipNorm >= 0.0f) || !std::isfinite(s.clipNorm))
        throw ConfigError("gradient.clip_norm: got " + number(s.clipNorm) +
                          " — expected >= 0 (0 = off)");
    if (!(s.clipValue >= 0.0f) || !std::isfinite(s.clipValue))
        throw ConfigError("gradient.clip_value: got " + number(s.clipValue) +
                          " — expected >= 0 (0 = off)");
    if (s.compression != "none" && !(s.density > 0.0f && s.density <= 1.0f))
        throw ConfigError("gradient.density: got " + number(s.density) +
                          " — expected a fraction in (0, 1]");
    if (!(momentum >= 0.0f && momentum < 1.0f))
        throw ConfigError("gradient.momentum_correction: the momentum is " + number(momentum) +
                          " — expected optimizer.momentum in [0, 1)");
}

bool GradientFilter::enabled() const {
    return m_settings.clipNorm > 0.0f || m_settings.clipValue > 0.0f ||
           m_settings.compression != "none";
}

long long GradientFilter::keepCount(long long entries) const {
    if (entries <= 0) return 0;
    // The density is a float: 0.3f * 10 is 3.0000001, which must not round up to 4.
    const double exact = double(m_settings.density) * double(entries);
    const long long k = static_cast<long long>(std::ceil(exact - 1e-6 * exact));
    return std::clamp(k, 1LL, entries);
}

void GradientFilter::prepare(const std::vector<Param>& params) {
    if (m_settings.compression == "none") return;
    matchState("gradient filter", params, m_residual);
    const bool velocity = m_settings.compression == "topk" && m_settings.momentumCorrection;
    if (velocity) matchState("gradient filter", params, m_velocity);
    if (m_settings.compression == "sparse-updates")
        matchState("gradient filter", params, m_previous);
    std::size_t largest = 0;
    for (const Param& p : params) largest = std::max(largest, std::size_t(p.value->size()));
    m_order.reserve(largest);
}

std::vector<std::pair<std::string, Tensor*>> GradientFilter::state() {
    std::vector<std::pair<std::string, Tensor*>> all;
    // Sparse updates and topk without error feedback carry nothing from one step to the next.
    const bool residual = m_settings.compression == "topk" &&
                          (m_settings.errorFeedback || m_settings.momentumCorrection);
    // Unique names (one dataset each in a checkpoint), numbered in params() order.
    if (residual)
        for (std::size_t i = 0; i < m_residual.size(); ++i)
            all.emplace_back("gradient.residual." + std::to_string(i), &m_residual[i]);
    for (std::size_t i = 0; i < m_velocity.size(); ++i)
        all.emplace_back("gradient.velocity." + std::to_string(i), &m_velocity[i]);
    return all;
}

void GradientFilter::clip(std::vector<Param>& params) const {
    if (m_settings.clipValue > 0.0f) {
        const float c = m_settings.clipValue;
        for (Param& p : params) *p.grad = p.grad->cwiseMax(-c).cwiseMin(c);
    }
    if (m_settings.clipNorm > 0.0f) {
        // The norm of what the optimizer will apply: a pruned entry's gradient is never used
        // and must not shrink the step of the active ones.
        double squared = 0.0;
        for (const Param& p : params) {
            if (p.mask)
                squared += (p.grad->array() * p.mask->array()).cast<double>().square().sum();
            else squared += p.grad->cast<double>().squaredNorm();
        }
        const double norm = std::sqrt(squared);
        if (norm > m_settings.clipNorm) {
            const float scale = static_cast<float>(m_settings.clipNorm / norm);
            for (Param& p : params) *p.grad *= scale;
        }
    }
}

std::size_t GradientFilter::selectLargest(const Tensor& score, const Tensor* mask, long long k) {
    m_order.clear();  // keeps its capacity: no allocation after the first step
    for (Eigen::Index i = 0; i < score.size(); ++i)
        if (active(mask, i)) m_order.push_back(static_cast<int>(i));
    const std::size_t keep = std::min<std::size_t>(m_order.size(), std::size_t(k));
    const float* s = score.data();
    // Ties go to the lower index, so the choice is a total order and the run reproducible.
    auto larger = [s](int a, int b) {
        const float fa = std::abs(s[a]), fb = std::abs(s[b]);
        return fa > fb || (fa == fb && a < b);
    };
    if (keep < m_order.size())
        std::nth_element(m_order.begin(), m_order.begin() + keep, m_order.end(), larger);
    return keep;
}

void GradientFilter::topk(std::vector<Param>& params) {
    const bool feedback = m_settings.errorFeedback;
    const bool dgc = m_settings.momentumCorrection;
    for (std::size_t i = 0; i < params.size(); ++i) {
        Tensor& g = *params[i].grad;
        const Tensor* mask = params[i].mask;
        Tensor& v = m_residual[i];  // the accumulator
        if (dgc) {
            Tensor& u = m_velocity[i];
            u = m_momentum * u + g;
            if (feedback) v += u;
            else v = u;
            if (mask) u.array() *= mask->array();
        } else if (feedback) {
            v += g;
        } else {
            v = g;
        }
        if (mask) v.array() *= mask->array();
        // A NaN would break the ordering the selection relies on (and the run is lost anyway).
        if (!v.allFinite()) throw DivergenceError(nonFinite(i, params[i].name));

        const std::size_t keep = selectLargest(v, mask, keepCount(v.size()));
        g.setZero();
        for (std::size_t j = 0; j < keep; ++j) {
            const int idx = m_order[j];
            g.data()[idx] = v.data()[idx];
            v.data()[idx] = 0.0f;  // sent: what stays behind is exactly v - sent
            if (dgc) m_velocity[i].data()[idx] = 0.0f;  // momentum factor masking
            if (g.data()[idx] != 0.0f) ++m_stats.applied;
        }
    }
}

void GradientFilter::beforeOptimizerStep(std::vector<Param>& params, double) {
    m_stats = Stats{};
    for (const Param& p : params) m_stats.entries += p.grad->size();
    m_stats.bytesDense = 4 * m_stats.entries;
    if (!enabled()) return;
    clip(params);
    if (m_settings.compression == "none") {
        // Clipping alone still sends every entry.
        m_stats.applied = m_stats.entries;
        m_stats.bytesSparse = m_stats.bytesDense;
        return;
    }
    prepare(params);
    if (m_settings.compression == "topk") {
        topk(params);
        m_stats.bytesSparse = 8 * m_stats.applied;
    } else {
        for (std::size_t i = 0; i < params.size(); ++i) m_previous[i] = *params[i].value;
    }
}

// The optimizer's state (momentum, Adam moments) is left as the optimizer computed it for
// the full update: an entry put back keeps its momentum and gets its share in a later step
// when it is among the k largest changes — the optimizer state acts as the residual.
void GradientFilter::afterOptimizerStep(std::vector<Param>& params) {
    if (m_settings.compression != "sparse-updates") return;
    if (m_previous.size() != params.size())
        throw ShapeError("gradient filter: afterOptimizerStep without beforeOptimizerStep");
    for (std::size_t i = 0; i < params.size(); ++i) {
        Tensor& w = *params[i].value;
        const Tensor& before = m_previous[i];
        const Tensor* mask = params[i].mask;
        Tensor& delta = m_residual[i];  // scratch: sparse updates keep no residual
        delta = w - before;
        if (!delta.allFinite()) throw DivergenceError(nonFinite(i, params[i].name));
        const std::size_t keep = selectLargest(delta, mask, keepCount(w.size()));
        // Mark the kept entries in the scratch (NaN cannot be a difference of finite values),
        // then put every other active entry back. A masked entry keeps what the optimizer
        // wrote there (zero, or its frozen latent value).
        for (std::size_t j = 0; j < keep; ++j) {
            const int idx = m_order[j];
            if (delta.data()[idx] != 0.0f) ++m_stats.applied;
            delta.data()[idx] = std::numeric_limits<float>::quiet_NaN();
        }
        for (Eigen::Index e = 0; e < w.size(); ++e)
            if (active(mask, e) && !std::isnan(delta.data()[e])) w.data()[e] = before.data()[e];
        delta.setZero();
    }
    m_stats.bytesSparse = 8 * m_stats.applied;
}

}  // namespace sl
