#pragma once

#include "data/dataset.h"
#include "nn/activation.h"
#include "nn/dense.h"
#include "nn/layer.h"
#include "nn/loss.h"

#include <memory>
#include <vector>

namespace sl {

struct Evaluation {
    double loss = 0.0;
    double accuracy = 0.0;  // in [0, 1]
    int count = 0;
};

// An ordered list of layers. forward() keeps every activation so that backward() can reuse
// them, and the buffers are reused between steps so that a step allocates nothing.
class Model {
public:
    Model() = default;
    Model(Model&&) = default;
    Model& operator=(Model&&) = default;

    // inputs -> hidden... -> classes, with the activation after every hidden Dense layer.
    static Model mlp(int inputs, const std::vector<int>& hidden, int classes,
                     ActivationKind activation, Init init, Rng& rng);

    void add(std::unique_ptr<Layer> layer);

    const Activations& forward(const Activations& x);  // returns the logits (classes, batch)
    void backward(const Activations& dlogits);          // fills every parameter gradient

    std::vector<Param> params();
    std::vector<Dense*> denseLayers();
    const std::vector<std::unique_ptr<Layer>>& layers() const { return m_layers; }
    std::size_t parameterCount() const;

    // Loss and accuracy over a whole set, in batches (no gradients).
    Evaluation evaluate(const Dataset& data, int batchSize = 1000);

private:
    std::vector<std::unique_ptr<Layer>> m_layers;
    std::vector<Activations> m_acts;   // m_acts[i] is the input of layer i; back() the logits
    std::vector<Activations> m_grads;  // gradient buffers, reused
};

} // namespace sl
