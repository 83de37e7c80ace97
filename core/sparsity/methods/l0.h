#pragma once

#include "sparsity/method.h"

namespace sl {

// `l0`: hard-concrete gates z on the weights, per weight or per neuron (row), and the expected
// L0 norm lambda * sum P(z > 0) as penalty — Louizos, Welling & Kingma (2018), "Learning Sparse
// Neural Networks through L0 Regularization". Training multiplies W by sampled gates,
// evaluation by the deterministic ones. The gates' log alpha learn with their own Adam at
// sparsity.gate_lr (constant: the weights' schedule does not apply). The mask shows the gates
// whose deterministic value is > 0, refreshed every delta_t steps and at the last step.
class L0HardConcrete : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "l0"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    void beforeForward(SparsityContext& context, long long step) override;
    void beforeEvaluation(SparsityContext& context) override;
    void afterBackward(SparsityContext& context, long long step) override;
    std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext& context,
                                                    long long step) override;
    double targetSparsityAt(long long) const override;
    bool isMaskUpdateStep(long long step) const override;
    bool emergent() const override { return true; }
    std::vector<std::pair<std::string, Tensor*>> state() override;

    bool perNeuron() const { return m_settings.gateGranularity == "neuron"; }
    // Per layer: (units, fan_in) for weight gates, (units, 1) for neuron gates.
    const std::vector<Tensor>& logAlpha() const { return m_logAlpha; }
    std::vector<Tensor>& logAlpha() { return m_logAlpha; }
    // The gates of the last training forward pass and their derivative in log alpha.
    const std::vector<Tensor>& gates() const { return m_z; }
    // lambda * sum over gates of P(z > 0), a neuron gate counting once per weight of its row.
    double penalty() const;
    // d(penalty)/d(log alpha) plus the data term sum G ⊙ W ⊙ dz/dlog alpha, for layer l, from
    // the weight gradient G = dL/d(W ⊙ z) of the last backward pass.
    Tensor logAlphaGradient(const PrunableLayer& layer, std::size_t l) const;
    // Forward weights from given uniform noise (one entry per gate), for tests.
    void applyNoise(PrunableLayer& layer, std::size_t l, const Tensor& noise);

private:
    void setForwardWeight(PrunableLayer& layer, const Tensor& z) const;
    std::vector<MaskUpdateEvent> refreshMasks(SparsityContext& context, long long step);
    void adamStep(std::size_t l, const Tensor& grad);

    // A neuron gate stands for its row's fan_in weights in the expected L0.
    int weightsPerGate(std::size_t l) const { return perNeuron() ? m_fanIn[l] : 1; }

    long long m_totalSteps = 1;
    std::vector<int> m_fanIn;
    std::vector<Tensor> m_logAlpha;
    std::vector<Tensor> m_z, m_dz;            // last training gates, like log alpha
    std::vector<Tensor> m_adamM, m_adamV;     // the gates' Adam moments, like log alpha
    Tensor m_adamSteps = Tensor::Zero(1, 1);  // a tensor so that checkpoints keep it
};

}  // namespace sl
