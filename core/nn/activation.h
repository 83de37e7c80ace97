#pragma once

#include "nn/layer.h"

#include <string>
#include <vector>

namespace sl {

enum class ActivationKind { ReLU, Tanh, Sigmoid };

// Element-wise nonlinearity. Its derivative is computed from the output y alone.
class Activation : public Layer {
public:
    explicit Activation(ActivationKind kind) : m_kind(kind) {}

    std::string kind() const override;
    int outputSize(int inputSize) const override { return inputSize; }
    void forward(const Activations& x, Activations& y) override;
    void backward(const Activations& x, const Activations& y, const Activations& dy,
                  Activations* dx) override;

    ActivationKind activation() const { return m_kind; }

private:
    ActivationKind m_kind;
};

// "relu", "tanh", "sigmoid"; throws ConfigError listing them otherwise.
ActivationKind activationFromName(const std::string& name);
std::string activationName(ActivationKind kind);
std::vector<std::string> activationNames();

}  // namespace sl
