// The data-parallel half of the step loop: a rank's shard of the global batch, and how the
// ranks' gradients become the global batch's gradient. A single process never comes here.
#include "train/trainer.h"

#include "nn/gpt.h"
#include "nn/moe.h"
#include "nn/sparse_dense.h"
#include "train/text_metrics.h"
#include "util/error.h"

namespace sl {

void Trainer::setCommunicator(Communicator* communicator) {
    const int ranks = communicator ? communicator->size() : 1;
    if (ranks > 1 && m_config.train.batchSize < ranks)
        throw ConfigError("train.batch_size: " + std::to_string(m_config.train.batchSize) +
                          " cannot be split over " + std::to_string(ranks) +
                          " ranks — expected at least one example per rank");
    // Gradient growth on a CSR layer computes dense gradient blocks from the last backward's
    // inputs, one rank's shard: the blocks are summed over the ranks like the gradients. A
    // rank whose shard is empty this step still holds the previous step's inputs: it adds 0.
    for (PrunableLayer* layer : m_sparsity.layers)
        if (SparseWeights* s = sparseWeightsOf(*layer)) {
            if (ranks > 1)
                s->setBlockSum([this](Tensor& block) {
                    if (m_shardEmpty) block.setZero();
                    m_exchange.sumBlock(block);
                });
            else s->setBlockSum(nullptr);
        }
    // A checkpoint holds rank 0's top-k residuals: its own unsent remainder. The other ranks
    // start theirs empty, so the sum of the remainders is what rank 0 carried, not N copies.
    if (communicator && communicator->rank() != 0)
        for (auto& [name, tensor] : m_gradients.state()) tensor->setZero();
    m_exchange.setCommunicator(communicator);
}

LossResult Trainer::forwardBackwardShard(double lr) {
    const int batch = static_cast<int>(m_batchLabels.size());
    const auto [first, last] =
        GradientExchange::shard(batch, m_exchange.rank(), m_exchange.ranks());
    const int count = last - first;
    m_shardEmpty = count == 0;
    m_exchange.beginStep();
    LossResult local;
    if (count > 0) {
        m_shardX = m_batchX.middleCols(first, count);
        m_shardLabels.assign(m_batchLabels.begin() + first, m_batchLabels.begin() + last);
        const Activations& logits = m_model.forward(m_shardX);
        local = softmaxCrossEntropy(logits, m_shardLabels, &m_dlogits);
    }
    sumRoutingStatistics(count > 0);
    double lossSum = local.loss * count;
    double correct = local.correct;
    double scored = batch;
    if (count > 0) {
        // The shard's mean gradient times shard / batch is its part of the global mean.
        m_dlogits *= static_cast<float>(count) / static_cast<float>(batch);
        // A gpt's other positions likewise weigh 1 / (global batch · context), not 1 / shard.
        if (Gpt* gpt = gptOf(m_model)) gpt->setLossWindows(batch);
        m_model.backward(m_dlogits);
    } else {
        // A last batch smaller than the rank count leaves this rank without examples.
        for (Param& p : m_params) p.grad->setZero();
    }
    if (const Gpt* gpt = gptOf(m_model)) {
        // Every character of the windows, as one process scores them (after backward, which
        // scores the positions before the last).
        if (count > 0) {
            lossSum += gpt->earlierPositionsLoss();
            correct += static_cast<double>(gpt->earlierPositionsCorrect());
        }
        scored *= gpt->options().context;
    }
    // The loss of the global batch, as one process reports it: every rank sees the same value,
    // so a divergence stops all of them at the same step.
    m_exchange.sumMetrics(lossSum, correct);
    LossResult global;
    global.loss = lossSum / scored;
    global.correct = static_cast<int>(correct);
    checkLoss(global.loss);
    combineGradients(lr);
    m_exchange.endStep();
    return global;
}

void Trainer::sumRoutingStatistics(bool haveShard) {
    // Every rank has the same layers, so all make this collective or none do.
    std::vector<MixtureOfExperts*> mixtures;
    for (const auto& layer : m_model.layers())
        if (auto* moe = dynamic_cast<MixtureOfExperts*>(layer.get())) mixtures.push_back(moe);
    if (mixtures.empty()) return;
    m_routingStats.clear();
    std::vector<std::size_t> starts;
    for (MixtureOfExperts* moe : mixtures) {
        starts.push_back(m_routingStats.size());
        const auto size = static_cast<std::size_t>(2 * moe->experts() + 1);
        if (haveShard) {
            const auto stats = moe->routingStatistics();
            m_routingStats.insert(m_routingStats.end(), stats.begin(), stats.end());
        } else {
            m_routingStats.resize(m_routingStats.size() + size, 0.0);
        }
    }
    m_exchange.sumValues(m_routingStats);
    if (!haveShard) return;  // no backward this step
    for (std::size_t i = 0; i < mixtures.size(); ++i) {
        const auto size = static_cast<std::size_t>(2 * mixtures[i]->experts() + 1);
        const auto from = m_routingStats.begin() + static_cast<std::ptrdiff_t>(starts[i]);
        mixtures[i]->useGlobalStatistics(
            std::vector<double>(from, from + static_cast<std::ptrdiff_t>(size)));
    }
}

void Trainer::combineGradients(double lr) {
    const long long t = m_step + 1;
    if (m_gradients.settings().compression != "topk") {
        // Dense: every rank then holds the global gradient, and the method and the filter
        // (clipping, sparse updates) see what one process would.
        m_exchange.sumDense(m_params);
        m_method->afterBackward(m_sparsity, t);
        if (m_gradients.enabled()) m_gradients.beforeOptimizerStep(m_params, lr);
        return;
    }
    if (m_method->isMaskUpdateStep(t)) {
        // A mask update may rank inactive weights by the dense gradient (RigL), which top-k
        // never sends: this step exchanges it densely, then each rank puts an equal share of
        // it through its own top-k, so the filter's error feedback and momentum go on.
        m_exchange.sumDense(m_params);
        m_method->afterBackward(m_sparsity, t);
        const float share = 1.0f / static_cast<float>(m_exchange.ranks());
        for (Param& p : m_params) *p.grad *= share;
        m_gradients.beforeOptimizerStep(m_params, lr);
        m_exchange.sumSelected(m_params);
        return;
    }
    // Each rank's top-k of its own accumulator (DGC), then the selected pairs of all ranks.
    // The method sees the combined sparse gradient, the same on every rank.
    m_gradients.beforeOptimizerStep(m_params, lr);
    m_exchange.sumSelected(m_params);
    m_method->afterBackward(m_sparsity, t);
}

}  // namespace sl
