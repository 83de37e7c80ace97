#pragma once

#include "nn/tensor.h"

#include <string>
#include <vector>

namespace sl {

class PrunableLayer;

// One stage of a Model. Layers keep no copy of their input: the Model keeps every activation
// of the last forward pass and hands x and y back to backward().
class Layer {
public:
    virtual ~Layer() = default;

    virtual std::string kind() const = 0;  // "dense", "relu", ...
    virtual int outputSize(int inputSize) const = 0;

    // y = f(x); x is (in, batch), y is resized to (out, batch).
    virtual void forward(const Activations& x, Activations& y) = 0;
    // Given dL/dy, accumulates nothing: overwrites this layer's parameter gradients with dL/dθ,
    // and writes dL/dx into dx unless dx is null (the first layer needs no input gradient).
    virtual void backward(const Activations& x, const Activations& y, const Activations& dy,
                          Activations* dx) = 0;

    virtual std::vector<Param> params() { return {}; }

    // A loss the layer adds to the objective besides the task loss (the mixture of experts'
    // load-balancing loss), as of the last forward(); its gradient is added in backward().
    virtual double auxiliaryLoss() const { return 0.0; }

    // Prunable layers held inside a composite layer (the transformer's linear maps), which
    // the Model lists among its own so that sparsity methods and checkpoints see them.
    // Their params are part of params(); checkpoints store them as prunable layers.
    virtual std::vector<PrunableLayer*> innerPrunableLayers() { return {}; }
};

}  // namespace sl
