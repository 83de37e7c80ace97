#include "nn/moe.h"

#include "util/error.h"

#include <cmath>
#include <string>

namespace sl {
namespace {

Dense initialized(int in, int out, Init init, Rng& rng) {
    Dense d(in, out);
    d.initialize(init, rng);
    return d;
}

void checkOptions(const MoeOptions& o) {
    if (o.width <= 0)
        throw ConfigError("moe: got an input width of " + std::to_string(o.width) +
                          " — expected > 0 (model.hidden's last width)");
    if (o.experts < 2)
        throw ConfigError("model.experts: got " + std::to_string(o.experts) +
                          " — expected at least 2");
    if (o.expertHidden <= 0)
        throw ConfigError("model.expert_hidden: got " + std::to_string(o.expertHidden) +
                          " — expected > 0");
    if (o.topK < 1 || o.topK > 2 || o.topK > o.experts)
        throw ConfigError("model.top_k: got " + std::to_string(o.topK) +
                          " — expected 1 or 2, and at most model.experts (" +
                          std::to_string(o.experts) + ")");
    if (!(o.balanceLoss >= 0.0f))
        throw ConfigError("model.balance_loss: got " + std::to_string(o.balanceLoss) +
                          " — expected >= 0");
}

}  // namespace

MixtureOfExperts::MixtureOfExperts(const MoeOptions& o, Rng& rng)
    : m_width((checkOptions(o), o.width)), m_topK(o.topK), m_balance(o.balanceLoss),
      m_gate(o.width, o.experts) {
    // A small gate, as in the Switch Transformer (normal, variance 0.1 / fan-in): routing
    // starts soft, so the softmax still passes gradient (task and balancing) to every expert's
    // logit. A He or Glorot gate on ReLU features starts near one-hot and collapses at once
    // onto one expert (measured: all of the routings after two epochs).
    const float gateStd = std::sqrt(0.1f / static_cast<float>(o.width));
    for (Eigen::Index i = 0; i < m_gate.weight.size(); ++i)
        m_gate.weight.data()[i] = gateStd * rng.normal();
    m_experts.reserve(static_cast<std::size_t>(o.experts));
    for (int e = 0; e < o.experts; ++e) {
        Dense in = initialized(o.width, o.expertHidden, Init::He, rng);
        Dense out = initialized(o.expertHidden, o.width, Init::He, rng);
        m_experts.push_back(
            Expert{std::move(in), std::move(out), {}, {}, {}, {}, {}, {}, {}, {}, {}});
    }
    m_counts.assign(static_cast<std::size_t>(o.experts), 0);
    // Param::name is a const char*: the strings live as long as the layer and never move.
    m_names.reserve(2 + 4 * static_cast<std::size_t>(o.experts));
    m_names.push_back("gate_weight");
    m_names.push_back("gate_bias");
    for (int e = 0; e < o.experts; ++e)
        for (const char* part : {"in_weight", "in_bias", "out_weight", "out_bias"})
            m_names.push_back("expert" + std::to_string(e + 1) + "_" + part);
}

// Top-k per column of m_probs, and the weights the output uses.
void MixtureOfExperts::route() {
    const int batch = static_cast<int>(m_probs.cols());
    const int experts = this->experts();
    m_routing.assign(static_cast<std::size_t>(batch * m_topK), 0);
    m_weights.assign(m_routing.size(), 0.0f);
    m_counts.assign(static_cast<std::size_t>(experts), 0);
    for (auto& ex : m_experts) {
        ex.columns.clear();
        ex.routes.clear();
    }
    for (int j = 0; j < batch; ++j) {
        int first = 0;
        for (int e = 1; e < experts; ++e)
            if (m_probs(e, j) > m_probs(first, j)) first = e;
        const std::size_t slot = static_cast<std::size_t>(j * m_topK);
        m_routing[slot] = first;
        if (m_topK == 1) {
            m_weights[slot] = m_probs(first, j);
        } else {
            int second = first == 0 ? 1 : 0;
            for (int e = 0; e < experts; ++e)
                if (e != first && m_probs(e, j) > m_probs(second, j)) second = e;
            const float sum = m_probs(first, j) + m_probs(second, j);
            m_routing[slot + 1] = second;
            m_weights[slot] = m_probs(first, j) / sum;
            m_weights[slot + 1] = m_probs(second, j) / sum;
        }
        for (int i = 0; i < m_topK; ++i) {
            const int e = m_routing[slot + static_cast<std::size_t>(i)];
            auto& ex = m_experts[static_cast<std::size_t>(e)];
            ex.columns.push_back(j);
            ex.routes.push_back(static_cast<int>(slot) + i);
            ++m_counts[static_cast<std::size_t>(e)];
        }
    }
}

std::vector<double> MixtureOfExperts::routedFractions() const {
    std::vector<double> f(m_counts.size(), 0.0);
    long long total = 0;
    for (int c : m_counts) total += c;
    if (total == 0) return f;
    for (std::size_t e = 0; e < f.size(); ++e) f[e] = static_cast<double>(m_counts[e]) / total;
    return f;
}

void MixtureOfExperts::computeBalanceLoss() {
    const auto f = routedFractions();
    const auto batch = static_cast<double>(m_probs.cols());
    double sum = 0.0;
    for (int e = 0; e < experts(); ++e)
        sum += f[static_cast<std::size_t>(e)] * m_probs.row(e).sum() / batch;
    m_auxLoss = batch > 0 ? m_balance * experts() * sum : 0.0;
}

std::vector<double> MixtureOfExperts::routingStatistics() const {
    const auto e = static_cast<std::size_t>(experts());
    std::vector<double> stats(2 * e + 1, 0.0);
    for (std::size_t i = 0; i < e && i < m_counts.size(); ++i) stats[i] = m_counts[i];
    if (m_probs.rows() == experts())
        for (std::size_t i = 0; i < e; ++i)
            stats[e + i] = static_cast<double>(m_probs.row(static_cast<Eigen::Index>(i)).sum());
    stats[2 * e] = static_cast<double>(m_probs.cols());
    return stats;
}

void MixtureOfExperts::useGlobalStatistics(const std::vector<double>& sums) {
    const auto e = static_cast<std::size_t>(experts());
    if (sums.size() != 2 * e + 1)
        throw ShapeError("MixtureOfExperts: " + std::to_string(sums.size()) +
                         " routing statistics — expected " + std::to_string(2 * e + 1) +
                         " (counts and probability sums of " + std::to_string(e) +
                         " experts, and the batch size)");
    double routings = 0.0;
    for (std::size_t i = 0; i < e; ++i) routings += sums[i];
    m_globalBatch = sums[2 * e];
    m_globalFractions.assign(e, 0.0);
    double sum = 0.0;
    for (std::size_t i = 0; i < e; ++i) {
        if (routings > 0.0) m_globalFractions[i] = sums[i] / routings;
        if (m_globalBatch > 0.0) sum += m_globalFractions[i] * sums[e + i] / m_globalBatch;
    }
    m_auxLoss = m_globalBatch > 0.0 ? m_balance * experts() * sum : 0.0;
}

void MixtureOfExperts::forward(const Activations& x, Activations& y) {
    m_globalFractions.clear();
    m_globalBatch = 0.0;
    if (x.rows() != m_width)
        throw ShapeError("MixtureOfExperts forward: input has " + std::to_string(x.rows()) +
                         " features — expected " + std::to_string(m_width));
    m_gate.forward(x, m_logits);  // (E, batch)
    // Softmax per column, shifted by the column's max so that exp never overflows.
    m_probs = (m_logits.rowwise() - m_logits.colwise().maxCoeff()).array().exp();
    m_probs.array().rowwise() /= m_probs.colwise().sum().array();
    route();
    computeBalanceLoss();

    y.setZero(m_width, x.cols());  // (d, batch)
    for (auto& ex : m_experts) {
        const auto n = static_cast<Eigen::Index>(ex.columns.size());
        if (n == 0) continue;
        ex.x.resize(m_width, n);  // (d, n)
        for (Eigen::Index c = 0; c < n; ++c)
            ex.x.col(c) = x.col(ex.columns[static_cast<std::size_t>(c)]);
        ex.in.forward(ex.x, ex.hiddenPre);  // (hidden, n)
        ex.hidden = ex.hiddenPre.cwiseMax(0.0f);
        ex.out.forward(ex.hidden, ex.y);  // (d, n)
        for (Eigen::Index c = 0; c < n; ++c) {
            const auto i = static_cast<std::size_t>(c);
            y.col(ex.columns[i]) += m_weights[static_cast<std::size_t>(ex.routes[i])] * ex.y.col(c);
        }
    }
}

void MixtureOfExperts::backward(const Activations& x, const Activations& /*y*/,
                                const Activations& dy, Activations* dx) {
    if (dy.rows() != m_width || dy.cols() != x.cols() || m_probs.cols() != x.cols())
        throw ShapeError("MixtureOfExperts backward: got dy (" + std::to_string(dy.rows()) + ", " +
                         std::to_string(dy.cols()) + ") for a batch of " +
                         std::to_string(x.cols()) + " — expected (" + std::to_string(m_width) +
                         ", batch) after a forward() of that batch");
    const Eigen::Index batch = x.cols();
    std::vector<float> dweights(m_weights.size(), 0.0f);  // dL/d(routing weight)
    if (dx) dx->setZero(m_width, batch);
    for (auto& ex : m_experts) {
        const auto n = static_cast<Eigen::Index>(ex.columns.size());
        if (n == 0) {
            // No example came here: its parameters get no gradient this step.
            ex.in.weightGrad.setZero();
            ex.in.biasGrad.setZero();
            ex.out.weightGrad.setZero();
            ex.out.biasGrad.setZero();
            continue;
        }
        ex.dy.resize(m_width, n);  // (d, n) = weight · dy of each routed column
        for (Eigen::Index c = 0; c < n; ++c) {
            const auto i = static_cast<std::size_t>(c);
            const auto slot = static_cast<std::size_t>(ex.routes[i]);
            const auto col = dy.col(ex.columns[i]);
            dweights[slot] = col.dot(ex.y.col(c));
            ex.dy.col(c) = m_weights[slot] * col;
        }
        ex.out.backward(ex.hidden, ex.y, ex.dy, &ex.dhidden);  // dhidden (hidden, n)
        ex.dhidden = (ex.hiddenPre.array() > 0.0f).select(ex.dhidden, 0.0f);
        ex.in.backward(ex.x, ex.hiddenPre, ex.dhidden, dx ? &ex.dx : nullptr);  // dx (d, n)
        if (dx)
            for (Eigen::Index c = 0; c < n; ++c)
                dx->col(ex.columns[static_cast<std::size_t>(c)]) += ex.dx.col(c);
    }

    // Routing weights -> probabilities. k = 1: w = p_e. k = 2: w_a = p_a / (p_a + p_b), so
    // dp_a = p_b (dw_a - dw_b) / S² and dp_b = p_a (dw_b - dw_a) / S².
    m_dprobs.setZero(experts(), batch);  // (E, batch)
    for (Eigen::Index j = 0; j < batch; ++j) {
        const auto slot = static_cast<std::size_t>(j * m_topK);
        const int a = m_routing[slot];
        if (m_topK == 1) {
            m_dprobs(a, j) += dweights[slot];
        } else {
            const int b = m_routing[slot + 1];
            const float pa = m_probs(a, j), pb = m_probs(b, j);
            const float s2 = (pa + pb) * (pa + pb);
            const float diff = dweights[slot] - dweights[slot + 1];
            m_dprobs(a, j) += pb * diff / s2;
            m_dprobs(b, j) -= pa * diff / s2;
        }
    }
    // The balancing loss α·E·Σ f_e·mean_j p_ej: f counts and has no gradient. Under data
    // parallelism f and the mean are the global batch's (useGlobalStatistics).
    const bool global = !m_globalFractions.empty();
    const double meanOver = global ? m_globalBatch : static_cast<double>(batch);
    if (m_balance > 0.0f && batch > 0 && meanOver > 0.0) {
        const auto f = global ? m_globalFractions : routedFractions();
        for (int e = 0; e < experts(); ++e)
            m_dprobs.row(e).array() += static_cast<float>(
                m_balance * experts() * f[static_cast<std::size_t>(e)] / meanOver);
    }
    // Softmax: dlogit = p ⊙ (dp - <p, dp>) per column.
    const Eigen::RowVectorXf inner = (m_probs.array() * m_dprobs.array()).colwise().sum();
    m_dlogits = m_probs.array() * (m_dprobs.rowwise() - inner).array();  // (E, batch)
    m_gate.backward(x, m_logits, m_dlogits, dx ? &m_gateDx : nullptr);
    if (dx) *dx += m_gateDx;
}

std::vector<Param> MixtureOfExperts::params() {
    std::vector<Param> all;
    std::size_t name = 0;
    auto add = [&](Dense& d) {
        all.push_back(Param{m_names[name++].c_str(), &d.weight, &d.weightGrad, nullptr});
        all.push_back(Param{m_names[name++].c_str(), &d.bias, &d.biasGrad, nullptr});
    };
    add(m_gate);
    for (auto& ex : m_experts) {
        add(ex.in);
        add(ex.out);
    }
    return all;
}

}  // namespace sl
