#pragma once

#include "nn/causal_attention.h"
#include "nn/dense.h"
#include "nn/embedding.h"
#include "nn/layer.h"
#include "nn/layer_norm.h"
#include "util/rng.h"

#include <memory>
#include <string>
#include <vector>

namespace sl {

struct GptOptions {
    int vocabulary = 0;  // V: distinct characters
    int context = 0;     // T: characters per window
    int layers = 2;
    int dModel = 64;  // d, a multiple of heads
    int heads = 4;
};

// A character-level decoder-only transformer (GPT, Radford et al. 2018/2019) as one Layer:
// token + position embeddings, `layers` pre-LayerNorm blocks
//   h += Wo · attention(Wq·LN1(h), Wk·LN1(h), Wv·LN1(h));  h += W2 · GELU(W1 · LN2(h))
// then a final LayerNorm and the output head (V, d). Every linear map is a Dense layer that
// innerPrunableLayers() hands to the model, so sparsity methods, quantizer, gradient filter,
// checkpoints and the sparse backend treat them as any other prunable layer; the embeddings
// and LayerNorms stay dense.
// Input x (T, batch): character ids as floats. forward() computes the logits of every
// position and returns those of the last one (V, batch), whose target is the example's label
// (the trainer's loss). The targets of the other positions are in x itself (the character
// after each), and backward() adds their cross-entropy: the gradient is that of the mean
// loss over all T positions of every window (dy of the last position is weighted 1/T).
class Gpt : public Layer {
public:
    Gpt(const GptOptions& options, Rng& rng);
    ~Gpt() override;

    std::string kind() const override { return "gpt"; }
    int outputSize(int) const override { return m_options.vocabulary; }
    void forward(const Activations& x, Activations& y) override;
    void backward(const Activations& x, const Activations& y, const Activations& dy,
                  Activations* dx) override;
    std::vector<Param> params() override;
    std::vector<PrunableLayer*> innerPrunableLayers() override;

    const GptOptions& options() const { return m_options; }
    // Logits of every position of the last forward (V, batch · T), column b · T + t.
    const Activations& allLogits() const { return m_logits; }
    // Cross-entropy (nats) of every position of the last forward, given each window's label
    // (the character after it): column b · T + t of the result is position t of window b.
    // `correct`, when given, receives how many positions the most probable character hit.
    Eigen::RowVectorXf positionLosses(const std::vector<std::int32_t>& labels,
                                      long long* correct = nullptr) const;
    // The positions before the last of every window, as the last backward() scored them (its
    // softmax gives them almost for free): their summed cross-entropy (nats) and how many the
    // most probable character hit. With the trainer's loss of the last position these make
    // the loss of every character, the figure `eval` reports.
    double earlierPositionsLoss() const { return m_earlierLoss; }
    long long earlierPositionsCorrect() const { return m_earlierCorrect; }
    // Data parallelism: this forward holds one rank's share of a global batch of `windows`
    // windows, and backward() weighs every position by 1/(windows · T), as the trainer's
    // gradient of the last position is already scaled (0: the forward's own batch).
    void setLossWindows(long long windows) { m_lossWindows = windows; }
    // Attention probabilities (T, T) of block `layer`, window b, head h of the last forward.
    const Eigen::MatrixXf& attention(int layer, int b, int h) const;

    // The input of every Dense layer of the last forward, in innerPrunableLayers() order
    // (one-shot pruning's calibration reads these).
    const Activations& inputOfPrunable(std::size_t index) const;
    // Names of the Dense layers in innerPrunableLayers() order: "block1.q", ..., "head".
    std::vector<std::string> prunableNames() const;

private:
    struct Block;
    GptOptions m_options;
    Embedding m_tokens;     // (V, d)
    Embedding m_positions;  // (T, d)
    std::vector<std::unique_ptr<Block>> m_blocks;
    LayerNorm m_final;
    Dense m_head;                      // (V, d)
    std::vector<std::string> m_names;  // Param::name points into these

    std::vector<int> m_ids;  // (batch · T)
    std::vector<int> m_positionIds;
    Activations m_h;         // (d, batch · T) embeddings, then the residual stream
    Activations m_finalOut;  // (d, batch · T) final LayerNorm output
    Activations m_logits;    // (V, batch · T)
    Activations m_dlogits, m_dh, m_dtmp;
    double m_earlierLoss = 0.0;
    long long m_earlierCorrect = 0;
    long long m_lossWindows = 0;
};

}  // namespace sl
