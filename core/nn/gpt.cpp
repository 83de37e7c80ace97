#include "nn/gpt.h"

#include "nn/gelu.h"
#include "util/error.h"

#include <cmath>
#include <string>

namespace sl {

// One pre-LayerNorm block with its activations of the last forward (each (rows, batch · T)).
struct Gpt::Block {
    Block(int d, int heads)
        : ln1(d), q(d, d), k(d, d), v(d, d), o(d, d), attention(heads), ln2(d), fcIn(d, 4 * d),
          fcOut(4 * d, d) {}
    LayerNorm ln1;
    Dense q, k, v, o;  // each (d, d)
    CausalSelfAttention attention;
    LayerNorm ln2;
    Dense fcIn;   // (4d, d)
    Dense fcOut;  // (d, 4d)

    Activations in;  // (d, n) block input (the residual stream)
    Activations a1;  // LN1(in)
    Activations qa, ka, va;
    Activations mixed;      // attention output before Wo
    Activations projected;  // Wo · mixed
    Activations mid;        // in + projected
    Activations a2;         // LN2(mid)
    Activations u;          // (4d, n) W1 · a2
    Activations g;          // GELU(u)
    Activations f;          // W2 · g
    // backward scratch
    Activations dg, du, da2, dmid, dmixed, dq, dk, dv, da1, dtmp;

    std::vector<Dense*> linears() { return {&q, &k, &v, &o, &fcIn, &fcOut}; }
};

namespace {

void checkOptions(const GptOptions& o) {
    if (o.vocabulary <= 0)
        throw ConfigError("model.kind gpt: the data has " + std::to_string(o.vocabulary) +
                          " distinct characters — expected text data (data.name tang-poems, "
                          "chinese-fortunes, english-fortunes or text)");
    if (o.context < 1)
        throw ConfigError("model.context: got " + std::to_string(o.context) + " — expected >= 1");
    if (o.layers < 1)
        throw ConfigError("model.layers: got " + std::to_string(o.layers) + " — expected >= 1");
    if (o.heads < 1 || o.dModel < 1 || o.dModel % o.heads != 0)
        throw ConfigError("model.d_model: got " + std::to_string(o.dModel) +
                          " — expected a positive multiple of model.heads (" +
                          std::to_string(o.heads) + ")");
    // 12 d² weights a block plus the embeddings and head, checked before any allocation.
    const double d = o.dModel;
    const double weights = 12.0 * d * d * o.layers + 2.0 * d * o.vocabulary + d * o.context;
    if (weights > 2.0e8)
        throw ConfigError("model: a gpt of " + std::to_string(o.layers) + " blocks of width " +
                          std::to_string(o.dModel) + " and " + std::to_string(o.vocabulary) +
                          " characters has about " +
                          std::to_string(static_cast<long long>(weights)) +
                          " weights — expected at most 200000000 (lower model.d_model or "
                          "model.layers)");
}

void initNormal(Dense& layer, float std, Rng& rng) {
    for (Eigen::Index i = 0; i < layer.weight.size(); ++i)
        layer.weight.data()[i] = std * rng.normal();
    layer.bias.setZero();
}

int validOptions(const GptOptions& o) {
    checkOptions(o);
    return o.dModel;
}

}  // namespace

Gpt::Gpt(const GptOptions& o, Rng& rng)
    : m_options(o), m_tokens(o.vocabulary, validOptions(o)), m_positions(o.context, o.dModel),
      m_final(o.dModel), m_head(o.dModel, o.vocabulary) {
    // GPT-2's initialization: N(0, 0.02²) everywhere, and the two projections that write
    // into the residual stream scaled by 1/sqrt(2 · layers) so that its variance does not
    // grow with depth.
    constexpr float kStd = 0.02f;
    const float residualStd = kStd / std::sqrt(2.0f * static_cast<float>(o.layers));
    m_tokens.initialize(kStd, rng);
    m_positions.initialize(kStd, rng);
    for (int l = 0; l < o.layers; ++l) {
        auto block = std::make_unique<Block>(o.dModel, o.heads);
        for (Dense* d : block->linears())
            initNormal(*d, d == &block->o || d == &block->fcOut ? residualStd : kStd, rng);
        m_blocks.push_back(std::move(block));
    }
    initNormal(m_head, kStd, rng);

    // Param::name is a const char*: the strings live as long as the layer and never move.
    m_names = {"token_embedding", "position_embedding"};
    const char* parts[] = {"q", "k", "v", "o", "fc_in", "fc_out"};
    for (int l = 0; l < o.layers; ++l) {
        const std::string b = "block" + std::to_string(l + 1) + "_";
        m_names.push_back(b + "ln1_gain");
        m_names.push_back(b + "ln1_bias");
        m_names.push_back(b + "ln2_gain");
        m_names.push_back(b + "ln2_bias");
        for (const char* part : parts) {
            m_names.push_back(b + part + "_weight");
            m_names.push_back(b + part + "_bias");
        }
    }
    for (const char* n : {"final_ln_gain", "final_ln_bias", "head_weight", "head_bias"})
        m_names.emplace_back(n);
}

Gpt::~Gpt() = default;

std::vector<Param> Gpt::params() {
    std::vector<Param> all;
    std::size_t name = 0;
    auto plain = [&](Tensor& value, Tensor& grad) {
        all.push_back(Param{m_names[name++].c_str(), &value, &grad, nullptr});
    };
    // A Dense layer's own params() carry its mask, latent flag and sparse backend.
    auto dense = [&](Dense& d) {
        for (Param p : d.params()) {
            p.name = m_names[name++].c_str();
            all.push_back(p);
        }
    };
    plain(m_tokens.table, m_tokens.grad);
    plain(m_positions.table, m_positions.grad);
    for (auto& b : m_blocks) {
        plain(b->ln1.gain, b->ln1.gainGrad);
        plain(b->ln1.bias, b->ln1.biasGrad);
        plain(b->ln2.gain, b->ln2.gainGrad);
        plain(b->ln2.bias, b->ln2.biasGrad);
        for (Dense* d : b->linears()) dense(*d);
    }
    plain(m_final.gain, m_final.gainGrad);
    plain(m_final.bias, m_final.biasGrad);
    dense(m_head);
    return all;
}

std::vector<PrunableLayer*> Gpt::innerPrunableLayers() {
    std::vector<PrunableLayer*> out;
    for (auto& b : m_blocks)
        for (Dense* d : b->linears()) out.push_back(d);
    out.push_back(&m_head);
    return out;
}

std::vector<std::string> Gpt::prunableNames() const {
    std::vector<std::string> out;
    for (std::size_t l = 0; l < m_blocks.size(); ++l)
        for (const char* part : {"q", "k", "v", "o", "fc_in", "fc_out"})
            out.push_back("block" + std::to_string(l + 1) + "." + part);
    out.emplace_back("head");
    return out;
}

const Activations& Gpt::inputOfPrunable(std::size_t index) const {
    const std::size_t perBlock = 6;
    if (index == m_blocks.size() * perBlock) return m_finalOut;
    if (index > m_blocks.size() * perBlock)
        throw ShapeError("Gpt inputOfPrunable: layer " + std::to_string(index) +
                         " — the model has " + std::to_string(m_blocks.size() * perBlock + 1));
    const Block& b = *m_blocks[index / perBlock];
    switch (index % perBlock) {
    case 3: return b.mixed;
    case 4: return b.a2;
    case 5: return b.g;
    default: return b.a1;  // q, k and v all read LN1's output
    }
}

const Eigen::MatrixXf& Gpt::attention(int layer, int b, int h) const {
    if (layer < 0 || layer >= static_cast<int>(m_blocks.size()))
        throw ShapeError("Gpt attention: block " + std::to_string(layer) + " — expected in [0, " +
                         std::to_string(m_blocks.size()) + ")");
    return m_blocks[static_cast<std::size_t>(layer)]->attention.probabilities(b, h);
}

void Gpt::forward(const Activations& x, Activations& y) {
    const int T = m_options.context;
    if (x.rows() != T)
        throw ShapeError("Gpt forward: input has " + std::to_string(x.rows()) +
                         " characters per window — expected model.context = " + std::to_string(T));
    const Eigen::Index batch = x.cols();
    const Eigen::Index n = batch * T;
    m_ids.resize(static_cast<std::size_t>(n));
    m_positionIds.resize(static_cast<std::size_t>(n));
    for (Eigen::Index b = 0; b < batch; ++b)
        for (int t = 0; t < T; ++t) {
            const float v = x(t, b);
            const auto i = static_cast<std::size_t>(b * T + t);
            if (!(v >= 0.0f && v < static_cast<float>(m_options.vocabulary)) || v != std::floor(v))
                throw ShapeError("Gpt forward: input " + std::to_string(v) + " at position " +
                                 std::to_string(t) + " of window " + std::to_string(b) +
                                 " — expected a character id in [0, " +
                                 std::to_string(m_options.vocabulary) + ")");
            m_ids[i] = static_cast<int>(v);
            m_positionIds[i] = t;
        }
    m_tokens.forward(m_ids, m_h, false);  // (d, n)
    m_positions.forward(m_positionIds, m_h, true);
    for (auto& bp : m_blocks) {
        Block& b = *bp;
        b.in = m_h;
        b.ln1.forward(b.in, b.a1);
        b.q.forward(b.a1, b.qa);
        b.k.forward(b.a1, b.ka);
        b.v.forward(b.a1, b.va);
        b.attention.forward(b.qa, b.ka, b.va, T, b.mixed);
        b.o.forward(b.mixed, b.projected);
        b.mid = b.in + b.projected;
        b.ln2.forward(b.mid, b.a2);
        b.fcIn.forward(b.a2, b.u);  // (4d, n)
        geluForward(b.u, b.g);
        b.fcOut.forward(b.g, b.f);  // (d, n)
        m_h = b.mid + b.f;
    }
    m_final.forward(m_h, m_finalOut);
    m_head.forward(m_finalOut, m_logits);  // (V, n)
    y.resize(m_logits.rows(), batch);
    for (Eigen::Index b = 0; b < batch; ++b) y.col(b) = m_logits.col(b * T + T - 1);
}

Eigen::RowVectorXf Gpt::positionLosses(const std::vector<std::int32_t>& labels,
                                       long long* correct) const {
    const int T = m_options.context;
    const Eigen::Index n = m_logits.cols();
    if (static_cast<Eigen::Index>(labels.size()) * T != n)
        throw ShapeError("Gpt positionLosses: " + std::to_string(labels.size()) +
                         " labels — expected one per window of the last forward");
    Eigen::RowVectorXf out(n);
    long long hits = 0;
    for (Eigen::Index c = 0; c < n; ++c) {
        const Eigen::Index t = c % T;
        const int target = t + 1 < T ? m_ids[static_cast<std::size_t>(c + 1)]
                                     : labels[static_cast<std::size_t>(c / T)];
        const auto z = m_logits.col(c);
        const float zmax = z.maxCoeff();
        out(c) = std::log((z.array() - zmax).exp().sum()) - (z(target) - zmax);
        hits += z(target) >= zmax;
    }
    if (correct) *correct = hits;
    return out;
}

void Gpt::backward(const Activations& /*x*/, const Activations& /*y*/, const Activations& dy,
                   Activations* dx) {
    const int T = m_options.context;
    const Eigen::Index n = m_logits.cols();
    const Eigen::Index batch = n / T;
    if (dy.rows() != m_logits.rows() || dy.cols() != batch)
        throw ShapeError("Gpt backward: dy is (" + std::to_string(dy.rows()) + ", " +
                         std::to_string(dy.cols()) + ") — expected (" +
                         std::to_string(m_logits.rows()) + ", " + std::to_string(batch) + ")");
    // Every position weighs 1/(batch · T): softmax minus one-hot of the next character, and
    // the last position's gradient (the trainer's, already over batch) over T.
    const long long windows = m_lossWindows > 0 ? m_lossWindows : static_cast<long long>(batch);
    const float weight = 1.0f / static_cast<float>(windows * T);
    m_dlogits.resize(m_logits.rows(), n);
    m_earlierLoss = 0.0;
    m_earlierCorrect = 0;
    for (Eigen::Index c = 0; c < n; ++c) {
        if (c % T == T - 1) {
            m_dlogits.col(c) = dy.col(c / T) / static_cast<float>(T);
            continue;
        }
        const auto z = m_logits.col(c);
        const float zmax = z.maxCoeff();
        const int target = m_ids[static_cast<std::size_t>(c + 1)];
        auto d = m_dlogits.col(c).array();
        d = (z.array() - zmax).exp();
        const float sum = d.sum();
        m_earlierLoss += std::log(sum) - (z(target) - zmax);  // as positionLosses() has it
        m_earlierCorrect += z(target) >= zmax;
        d *= weight / sum;
        d(target) -= weight;
    }
    m_head.backward(m_finalOut, m_logits, m_dlogits, &m_dtmp);
    m_final.backward(m_dtmp, m_dh);  // dL/d(residual stream) after the last block
    for (std::size_t l = m_blocks.size(); l-- > 0;) {
        Block& b = *m_blocks[l];
        // h_out = mid + W2 GELU(W1 LN2(mid)); mid = in + Wo attn(LN1(in)).
        b.fcOut.backward(b.g, b.f, m_dh, &b.dg);
        geluBackward(b.u, b.dg, b.du);
        b.fcIn.backward(b.a2, b.u, b.du, &b.da2);
        b.ln2.backward(b.da2, b.dmid);
        b.dmid += m_dh;
        b.o.backward(b.mixed, b.projected, b.dmid, &b.dmixed);
        b.attention.backward(b.qa, b.ka, b.va, b.dmixed, b.dq, b.dk, b.dv);
        b.q.backward(b.a1, b.qa, b.dq, &b.da1);
        b.k.backward(b.a1, b.ka, b.dk, &b.dtmp);
        b.da1 += b.dtmp;
        b.v.backward(b.a1, b.va, b.dv, &b.dtmp);
        b.da1 += b.dtmp;
        b.ln1.backward(b.da1, m_dh);
        m_dh += b.dmid;
    }
    m_tokens.backward(m_ids, m_dh);
    m_positions.backward(m_positionIds, m_dh);
    // Character ids have no gradient.
    if (dx) dx->setZero(T, batch);
}

}  // namespace sl
