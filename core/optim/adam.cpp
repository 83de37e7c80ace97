#include "optim/optimizer.h"

#include "optim/param_state.h"
#include "util/error.h"

#include <cmath>
#include <string>

namespace sl {
namespace {

class Adam : public Optimizer {
public:
    explicit Adam(const AdamOptions& options) : m_options(options) {
        if (options.beta1 < 0.0f || options.beta1 >= 1.0f) {
            throw ConfigError("optimizer.beta1: got " + std::to_string(options.beta1) +
                              " — expected in [0, 1)");
        }
        if (options.beta2 < 0.0f || options.beta2 >= 1.0f) {
            throw ConfigError("optimizer.beta2: got " + std::to_string(options.beta2) +
                              " — expected in [0, 1)");
        }
        // eps > 0 also keeps a masked entry's 0 / (sqrt(0) + eps) at 0 instead of NaN.
        if (!(options.eps > 0.0f)) {
            throw ConfigError("optimizer.eps: got " + std::to_string(options.eps) +
                              " — expected > 0");
        }
        if (options.weightDecay < 0.0f) {
            throw ConfigError("optimizer.weight_decay: got " + std::to_string(options.weightDecay) +
                              " — expected >= 0");
        }
    }

    std::string name() const override { return m_options.decoupled ? "adamw" : "adam"; }

    void step(const std::vector<Param>& params, float lr) override {
        matchState(name().c_str(), params, m_m);
        matchState(name().c_str(), params, m_v);
        ++m_steps;
        const float b1 = m_options.beta1;
        const float b2 = m_options.beta2;
        const float eps = m_options.eps;
        // L2 joins the gradient (and so the moments); decoupled decay shrinks w on its own.
        const float l2 = m_options.decoupled ? 0.0f : m_options.weightDecay;
        const float shrink = m_options.decoupled ? 1.0f - lr * m_options.weightDecay : 1.0f;
        // Bias corrections folded into two scalars, as PyTorch does:
        //   w -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps)
        const double t = static_cast<double>(m_steps);
        const auto stepSize = static_cast<float>(lr / (1.0 - std::pow(double(b1), t)));
        const auto invSqrtBc2 = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(double(b2), t)));

        for (std::size_t i = 0; i < params.size(); ++i) {
            auto w = params[i].value->array();
            auto m = m_m[i].array();
            auto v = m_v[i].array();
            // Lazy expressions, evaluated inside the fused loops below and never stored;
            // update reads m and v after the lines that refresh them.
            const auto g = params[i].grad->array() + l2 * w;
            const auto update = stepSize * m / (v.sqrt() * invSqrtBc2 + eps);
            if (params[i].mask) {
                // Multiplying by the 0/1 mask zeroes a pruned entry's value and moments
                // exactly, so a weight regrown later starts from zero state.
                const auto keep = params[i].mask->array();
                m = keep * (b1 * m + (1.0f - b1) * g);
                v = keep * (b2 * v + (1.0f - b2) * g.square());
                // Frozen latent entries (keepMaskedValues) keep their value untouched.
                if (params[i].keepMaskedValues) w += keep * ((shrink - 1.0f) * w - update);
                else w = keep * (shrink * w - update);
            } else {
                m = b1 * m + (1.0f - b1) * g;
                v = b2 * v + (1.0f - b2) * g.square();
                w = shrink * w - update;
            }
        }
    }

    std::vector<StateTensor> state() override {
        std::vector<StateTensor> all;
        for (std::size_t i = 0; i < m_m.size(); ++i) {
            all.push_back({"m", i, &m_m[i]});
            all.push_back({"v", i, &m_v[i]});
        }
        return all;
    }
    long long stepCount() const override { return m_steps; }
    void setStepCount(long long steps) override { m_steps = steps; }

private:
    AdamOptions m_options;
    std::vector<Tensor> m_m;  // first moments, one per param, its shape
    std::vector<Tensor> m_v;  // second moments
    long long m_steps = 0;    // steps taken, for the bias corrections
};

}  // namespace

std::unique_ptr<Optimizer> makeAdam(const AdamOptions& options) {
    return std::make_unique<Adam>(options);
}

}  // namespace sl
