#pragma once

#include "nn/prunable_layer.h"
#include "util/rng.h"

namespace sl {

// Fully connected layer y = (W ⊙ M) x + b. Methods that keep no latent weight hold pruned
// entries of W at exactly zero, so the forward pass multiplies by W alone.
class Dense : public PrunableLayer {
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
};

} // namespace sl
