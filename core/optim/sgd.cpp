#include "optim/optimizer.h"

#include "optim/param_state.h"
#include "util/error.h"

#include <string>

namespace sl {
namespace {

class Sgd : public Optimizer {
public:
    explicit Sgd(const SgdOptions& options) : m_options(options) {
        if (options.momentum < 0.0f || options.momentum >= 1.0f) {
            throw ConfigError("optimizer.momentum: got " + std::to_string(options.momentum) +
                              " — expected in [0, 1)");
        }
        if (options.nesterov && options.momentum == 0.0f) {
            throw ConfigError("optimizer.nesterov: Nesterov momentum expects momentum > 0");
        }
        if (options.weightDecay < 0.0f) {
            throw ConfigError("optimizer.weight_decay: got " + std::to_string(options.weightDecay) +
                              " — expected >= 0");
        }
    }

    std::string name() const override { return "sgd"; }

    void step(const std::vector<Param>& params, float lr) override {
        matchState("sgd", params, m_momentum);
        const float mu = m_options.momentum;
        const float wd = m_options.weightDecay;
        for (std::size_t i = 0; i < params.size(); ++i) {
            auto w = params[i].value->array();
            auto v = m_momentum[i].array();
            // Lazy: evaluated inside each of the two fused loops below, never stored.
            const auto g = params[i].grad->array() + wd * w;
            if (params[i].mask) {
                // Multiplying by the 0/1 mask zeroes a pruned entry's value and momentum
                // exactly, so a weight regrown later starts from zero state.
                const auto m = params[i].mask->array();
                v = m * (mu * v + g);
                if (params[i].keepMaskedValues) {
                    // Frozen latent entries: no update, value kept (v is already masked).
                    if (m_options.nesterov) w -= lr * m * (g + mu * v);
                    else w -= lr * v;
                } else if (m_options.nesterov) {
                    w = m * (w - lr * (g + mu * v));
                } else {
                    w = m * (w - lr * v);
                }
            } else {
                v = mu * v + g;
                if (m_options.nesterov) w -= lr * (g + mu * v);
                else w -= lr * v;
            }
        }
        ++m_steps;
    }

    std::vector<StateTensor> state() override {
        std::vector<StateTensor> all;
        for (std::size_t i = 0; i < m_momentum.size(); ++i)
            all.push_back({"momentum", i, &m_momentum[i]});
        return all;
    }
    long long stepCount() const override { return m_steps; }
    void setStepCount(long long steps) override { m_steps = steps; }

private:
    SgdOptions m_options;
    std::vector<Tensor> m_momentum;  // one per param, its shape
    long long m_steps = 0;
};

}  // namespace

std::unique_ptr<Optimizer> makeSgd(const SgdOptions& options) {
    return std::make_unique<Sgd>(options);
}

}  // namespace sl
