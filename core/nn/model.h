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

    // Returns the logits (classes, batch). x is kept by pointer, not copied: it must stay alive
    // and unchanged until the backward() that follows.
    const Activations& forward(const Activations& x);
    void backward(const Activations& dlogits);  // fills every parameter gradient

    std::vector<Param> params();
    // What layer i received in the last forward() (the calibration of one-shot pruning).
    const Activations& inputOf(std::size_t layer) const;
    // Sum of the layers' auxiliary losses of the last forward().
    double auxiliaryLoss() const;
    // Dense and Conv2d layers, input first: what sparsity methods prune.
    std::vector<PrunableLayer*> prunableLayers();
    const std::vector<std::unique_ptr<Layer>>& layers() const { return m_layers; }
    std::size_t parameterCount() const;

    // Loss and accuracy over a whole set, in batches (no gradients). It overwrites the
    // activations, so it belongs between steps, never between forward() and backward().
    Evaluation evaluate(const Dataset& data, int batchSize = 1000);

private:
    std::vector<std::unique_ptr<Layer>> m_layers;
    const Activations* m_input = nullptr;  // the last forward()'s x, owned by the caller
    std::vector<Activations> m_acts;       // m_acts[i] is the output of layer i; back() the logits
    std::vector<Activations> m_grads;      // m_grads[i] is dL/d(output of layer i), i < last
    Activations m_evalBatch;               // evaluate()'s copy of a block of columns, reused
    std::vector<std::int32_t> m_evalLabels;
};

}  // namespace sl
