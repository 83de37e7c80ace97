#pragma once

#include "nn/layer.h"
#include "util/rng.h"

namespace sl {

enum class Init { He, Glorot };

// Fully connected layer y = (W ⊙ M) x + b. Methods that keep no latent weight hold pruned
// entries of W at exactly zero, so the forward pass multiplies by W alone.
class Dense : public Layer {
public:
    Dense(int in, int out);

    std::string kind() const override { return "dense"; }
    int outputSize(int) const override { return static_cast<int>(weight.rows()); }
    void forward(const Activations& x, Activations& y) override;
    void backward(const Activations& x, const Activations& y, const Activations& dy,
                  Activations* dx) override;
    std::vector<Param> params() override;

    // He: N(0, 2/in), for ReLU. Glorot: U(±sqrt(6/(in+out))), for tanh and sigmoid. Bias 0.
    void initialize(Init init, Rng& rng);

    int inputs() const { return static_cast<int>(weight.cols()); }
    int outputs() const { return static_cast<int>(weight.rows()); }

    Tensor weight;      // (out, in)
    Tensor bias;        // (out, 1)
    Tensor mask;        // (out, in): 1 active, 0 pruned; all ones until a method prunes
    Tensor weightGrad;  // (out, in)
    Tensor biasGrad;    // (out, 1)
    // Set by sparsity methods: only then do optimizers see the mask (it costs a pass per step).
    bool masked = false;
    // Set by methods that keep a dense latent weight (movement pruning): forward then uses
    // W ⊙ M, so masked entries of W keep their value, and weightGrad is dL/d(W ⊙ M), which
    // such a method applies to all of W (straight-through).
    bool latent = false;

private:
    Tensor m_effective;  // (out, in): W ⊙ M of the last forward, when latent
};

} // namespace sl
