#include "controller/text_probe.h"

#include "data/text_dataset.h"
#include "data/utf8.h"
#include "nn/gpt.h"
#include "train/text_metrics.h"
#include "train/trainer.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sl::ui {
namespace {

// The step of the run's last test evaluation, -1 before the first.
long long lastEvaluation(const Trainer& trainer) {
    const MetricHistory& h = trainer.history();
    for (auto p = h.rbegin(); p != h.rend(); ++p)
        if (p->hasTest()) return p->step;
    return -1;
}

QString character(const std::vector<std::string>& vocabulary, int id) {
    if (id < 0 || id >= int(vocabulary.size())) return QStringLiteral("?");
    return QString::fromStdString(vocabulary[std::size_t(id)]);
}

// The prompt's characters the vocabulary knows, the last `context` of them.
std::vector<int> promptIds(const std::vector<std::string>& vocabulary, const QString& prompt,
                           int context) {
    std::vector<int> ids;
    for (char32_t c : decodeUtf8(prompt.toStdString(), "the prompt")) {
        const int id = characterId(vocabulary, c);
        if (id >= 0) ids.push_back(id);
    }
    if (int(ids.size()) > context) ids.erase(ids.begin(), ids.end() - context);
    return ids;
}

void fillAttention(Model& model, Gpt& gpt, const std::vector<std::string>& vocabulary,
                   const TextRequest& request, const Dataset& held, TextSnapshot& out) {
    const GptOptions& o = gpt.options();
    std::vector<int> ids = promptIds(vocabulary, request.prompt, o.context);
    // No prompt (the default): the attention over the held-out passage's first window, so the
    // map shows something the model reads before anyone types.
    if (request.prompt.isEmpty() && held.count() > 0)
        for (int t = 0; t < std::min(o.context, held.features()); ++t)
            ids.push_back(int(held.x(t, 0)));
    if (ids.empty()) return;
    const int n = int(ids.size());
    // A short prompt sits at the start of the window: causal attention makes the rest of
    // the window irrelevant to its rows.
    Activations x = Activations::Zero(o.context, 1);
    for (int t = 0; t < n; ++t) x(t, 0) = float(ids[std::size_t(t)]);
    model.forward(x);
    const int layer = std::clamp(request.layer, 0, o.layers - 1);
    const int head = std::clamp(request.head, 0, o.heads - 1);
    const Eigen::MatrixXf& p = gpt.attention(layer, 0, head);
    out.attention.resize(std::size_t(n) * std::size_t(n));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) out.attention[std::size_t(i * n + j)] = p(i, j);
    for (int id : ids) out.promptCharacters.append(character(vocabulary, id));
}

void fillPassage(Model& model, Gpt& gpt, const Dataset& held, TextSnapshot& out) {
    if (held.count() == 0) return;
    const int T = held.features();
    const Activations x = held.x.leftCols(1);
    model.forward(x);
    const Eigen::RowVectorXf nats = gpt.positionLosses({held.labels[0]});
    out.passage.append(character(held.classNames, int(x(0, 0))));
    out.passageBits.push_back(std::numeric_limits<double>::quiet_NaN());
    for (int t = 0; t < T; ++t) {
        const int target = t + 1 < T ? int(x(t + 1, 0)) : held.labels[0];
        out.passage.append(character(held.classNames, target));
        out.passageBits.push_back(bitsPerCharacter(nats(t)));
    }
}

}  // namespace

void TextProbe::reset() {
    m_evaluatedAt = -2;
    m_last = TextSnapshot{};
    m_requestChanged = true;
}

void TextProbe::setRequest(const TextRequest& request) {
    m_request = request;
    m_requestChanged = true;
}

TextSnapshot TextProbe::compute(Trainer& trainer, const TextRequest& request) {
    Gpt* gpt = gptOf(trainer.model());
    if (!gpt) return {};
    TextSnapshot out;
    out.request = request;
    out.step = trainer.step();
    out.blocks = gpt->options().layers;
    out.heads = gpt->options().heads;
    const auto& vocabulary = trainer.data().train.classNames;
    // Sampling has its own generator (the run's seed), so the run's random stream is untouched
    // and the same model and request always give the same text.
    Rng rng(trainer.config().seed);
    const int length = std::clamp(request.length, 1, 2000);
    const double temperature = std::clamp(request.temperature, 0.0, 100.0);
    out.continuation = QString::fromStdString(generateText(
        trainer.model(), vocabulary, request.prompt.toStdString(), length, temperature, rng));
    fillAttention(trainer.model(), *gpt, vocabulary, request, trainer.data().test, out);
    fillPassage(trainer.model(), *gpt, trainer.data().test, out);
    out.valid = true;
    return out;
}

void TextProbe::fill(Trainer& trainer, RunSnapshot& snapshot) {
    if (!gptOf(trainer.model())) return;
    const long long evaluated = lastEvaluation(trainer);
    if (m_requestChanged || evaluated != m_evaluatedAt) {
        m_last = compute(trainer, m_request);
        m_requestChanged = false;
        m_evaluatedAt = evaluated;
    }
    snapshot.text = m_last;
}

}  // namespace sl::ui
