#pragma once

#include "nn/tensor.h"

#include <memory>
#include <string>
#include <vector>

namespace sl {

// Updates parameters from their gradients. State (momentum, Adam moments) is kept per
// parameter, in the order params() gives them, and created on the first step.
//
// Mask-aware: for a Param with a mask, the update of a masked entry is skipped and its value
// and state are kept at exactly zero (the value is left as it is with keepMaskedValues), so a
// weight that is regrown later starts from zero state.
class Optimizer {
public:
    virtual ~Optimizer() = default;
    virtual std::string name() const = 0;
    virtual void step(const std::vector<Param>& params, float lr) = 0;

    // Optimizer state as named tensors, for checkpoints and for tests (one entry per param
    // and per kind of state: e.g. "momentum" or "m", "v").
    struct StateTensor {
        std::string kind;
        std::size_t param = 0;
        Tensor* value = nullptr;
    };
    virtual std::vector<StateTensor> state() = 0;
    virtual long long stepCount() const = 0;
    virtual void setStepCount(long long steps) = 0;
};

struct SgdOptions {
    float momentum = 0.9f;
    bool nesterov = false;
    float weightDecay = 0.0f;  // L2, added to the gradient as PyTorch does
};

// SGD with heavy-ball or Nesterov momentum, as PyTorch defines them:
//   g = grad + wd * w;  v = mu * v + g;  w -= lr * (nesterov ? g + mu * v : v)
std::unique_ptr<Optimizer> makeSgd(const SgdOptions& options);

struct AdamOptions {
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float eps = 1e-8f;
    float weightDecay = 0.0f;
    bool decoupled = false;  // AdamW (Loshchilov & Hutter 2019): w -= lr * wd * w, apart from m, v
};

// Adam (Kingma & Ba 2015) with bias correction; AdamW when decoupled.
std::unique_ptr<Optimizer> makeAdam(const AdamOptions& options);

}  // namespace sl
