#pragma once

#include "nn/dense.h"
#include "nn/layer.h"
#include "util/rng.h"

#include <string>
#include <vector>

namespace sl {

struct MoeOptions {
    int width = 0;          // d: input and output size
    int experts = 4;        // E
    int expertHidden = 64;  // each expert is d -> expertHidden -> d with ReLU
    int topK = 1;           // 1 or 2 experts per example
    float balanceLoss = 0.01f;
};

// A top-k mixture of experts (Shazeer et al. 2017; Switch Transformer, Fedus et al. 2021).
// A linear gate gives softmax probabilities p over E experts per example; each example goes
// to its k most probable experts (ties to the lower index) and the output is the weighted sum
// of their outputs. k = 1 weighs by p_e itself, as Switch does, so the gate gets a gradient
// through the output. k = 2 renormalises the two chosen probabilities to sum to 1, as in
// GShard: the output is then a convex blend whatever the gate's confidence, and the gate
// learns from the relative weight of the two.
// Each expert runs only on the columns routed to it (gather, one GEMM per Dense, scatter).
// Load balancing: balance · E · Σ_e f_e · P_e, f_e the fraction of the B·k routings that went
// to e (no gradient: it counts) and P_e the mean probability of e over the batch; it equals
// `balance` for uniform routing and grows as routing concentrates.
// The gate and experts are Dense layers held inside, not PrunableLayers of the Model: sparsity
// methods and checkpoints (which store prunable layers) do not see them; params() hands all of
// them to the optimizer.
class MixtureOfExperts : public Layer {
public:
    MixtureOfExperts(const MoeOptions& options, Rng& rng);

    std::string kind() const override { return "moe"; }
    int outputSize(int) const override { return m_width; }
    void forward(const Activations& x, Activations& y) override;
    void backward(const Activations& x, const Activations& y, const Activations& dy,
                  Activations* dx) override;
    std::vector<Param> params() override;
    double auxiliaryLoss() const override { return m_auxLoss; }

    int experts() const { return static_cast<int>(m_experts.size()); }
    int topK() const { return m_topK; }
    int width() const { return m_width; }
    // The last forward's routing: example j's i-th expert is routing()[j * topK() + i], most
    // probable first. Statistics read it; backward() needs it unchanged.
    const std::vector<int>& routing() const { return m_routing; }
    // Weight of each routing in the output (p_e for k = 1, renormalised for k = 2), same order.
    const std::vector<float>& routingWeights() const { return m_weights; }
    const Activations& gateProbabilities() const { return m_probs; }  // (E, batch)
    // f_e of the last forward: fraction of the routings that went to each expert.
    std::vector<double> routedFractions() const;

    // Data parallelism: the balancing loss belongs to the global batch, of which a rank sees
    // one shard. routingStatistics() is the last forward's routings per expert, its summed
    // gate probabilities per expert and its batch size (2 E + 1 values); a trainer sums them
    // over the ranks and hands the sums to useGlobalStatistics() before backward(), which
    // then weighs each example's balancing gradient by the global f_e and batch size, so the
    // ranks' gradients add up to the one-process gradient. auxiliaryLoss() becomes the
    // global batch's too. The next forward() returns to the shard's own statistics.
    std::vector<double> routingStatistics() const;
    void useGlobalStatistics(const std::vector<double>& sums);

    // For tests: the layers inside.
    Dense& gate() { return m_gate; }
    Dense& expertInput(int e) { return m_experts[static_cast<std::size_t>(e)].in; }
    Dense& expertOutput(int e) { return m_experts[static_cast<std::size_t>(e)].out; }

private:
    struct Expert {
        Dense in;                     // (hidden, d)
        Dense out;                    // (d, hidden)
        std::vector<int> columns;     // examples routed here in the last forward
        std::vector<int> routes;      // their index into m_routing / m_weights
        Activations x;                // (d, n) gathered inputs
        Activations hiddenPre;        // (hidden, n)
        Activations hidden;           // (hidden, n) after ReLU
        Activations y;                // (d, n) expert output before weighting
        Activations dy, dhidden, dx;  // backward buffers
    };

    void route();
    void computeBalanceLoss();

    int m_width;
    int m_topK;
    float m_balance;
    Dense m_gate;  // (E, d)
    std::vector<Expert> m_experts;
    std::vector<std::string> m_names;  // Param::name points into these

    Activations m_logits;          // (E, batch)
    Activations m_probs;           // (E, batch) softmax of the logits
    std::vector<int> m_routing;    // (batch * k)
    std::vector<float> m_weights;  // (batch * k)
    std::vector<int> m_counts;     // routings per expert
    double m_auxLoss = 0.0;
    std::vector<double> m_globalFractions;  // f_e of the global batch; empty: the shard's own
    double m_globalBatch = 0.0;
    Activations m_dprobs, m_dlogits, m_gateDx;
};

}  // namespace sl
