#include "train/text_metrics.h"

#include "data/utf8.h"
#include "nn/gpt.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sl {

double TextEvaluation::bitsPerCharacter() const { return sl::bitsPerCharacter(nats); }
double TextEvaluation::perplexity() const { return std::exp(nats); }
double TextEvaluation::lastBitsPerCharacter() const { return sl::bitsPerCharacter(lastNats); }
double TextEvaluation::accuracy() const {
    return characters > 0 ? static_cast<double>(correct) / static_cast<double>(characters) : 0.0;
}

Gpt* gptOf(Model& model) {
    for (const auto& layer : model.layers())
        if (auto* gpt = dynamic_cast<Gpt*>(layer.get())) return gpt;
    return nullptr;
}

TextEvaluation evaluateText(Model& model, const Dataset& data, int batchSize) {
    Gpt* gpt = gptOf(model);
    if (!gpt) throw ShapeError("bits per character: the model is not a gpt (model.kind gpt)");
    if (batchSize <= 0) throw ConfigError("evaluateText: batch size must be > 0");
    TextEvaluation result;
    double sum = 0.0, lastSum = 0.0;
    const int T = data.features();
    Activations batch;
    std::vector<std::int32_t> labels;
    for (int start = 0; start < data.count(); start += batchSize) {
        const int n = std::min(batchSize, data.count() - start);
        batch = data.x.middleCols(start, n);
        labels.assign(data.labels.begin() + start, data.labels.begin() + start + n);
        model.forward(batch);
        long long hits = 0;
        const Eigen::RowVectorXf losses = gpt->positionLosses(labels, &hits);
        result.correct += hits;
        sum += losses.cast<double>().sum();
        for (int b = 0; b < n; ++b) lastSum += losses(b * T + T - 1);
        result.characters += losses.size();
    }
    if (result.characters > 0) {
        result.nats = sum / static_cast<double>(result.characters);
        result.lastNats = lastSum * T / static_cast<double>(result.characters);
    }
    return result;
}

std::string generateText(Model& model, const std::vector<std::string>& vocabulary,
                         const std::string& prompt, int length, double temperature, Rng& rng) {
    Gpt* gpt = gptOf(model);
    if (!gpt) throw ShapeError("generate: the model is not a gpt (model.kind gpt)");
    if (!(temperature >= 0.0)) throw ConfigError("--temperature: expected >= 0");
    const int T = gpt->options().context;
    std::vector<int> ids;
    for (char32_t c : decodeUtf8(prompt, "the prompt")) {
        const std::string s = encodeUtf8(c);
        const auto it = std::find(vocabulary.begin(), vocabulary.end(), s);
        if (it != vocabulary.end()) ids.push_back(static_cast<int>(it - vocabulary.begin()));
    }
    // An empty prompt starts from a newline when the text has one, else the first character.
    if (ids.empty()) {
        const auto nl = std::find(vocabulary.begin(), vocabulary.end(), "\n");
        ids.push_back(nl != vocabulary.end() ? static_cast<int>(nl - vocabulary.begin()) : 0);
    }
    std::string out;
    Activations x(T, 1), y;
    for (int i = 0; i < length; ++i) {
        // The last T characters. A shorter history sits at the start of the window and is
        // read at its own last position: causal attention makes what follows irrelevant.
        const int have = static_cast<int>(ids.size());
        const int used = std::min(have, T);
        x.setZero();
        for (int t = 0; t < used; ++t)
            x(t, 0) = static_cast<float>(ids[static_cast<std::size_t>(have - used + t)]);
        model.forward(x);
        const Eigen::VectorXf z = gpt->allLogits().col(used - 1);
        int next = 0;
        if (temperature == 0.0) {
            z.maxCoeff(&next);
        } else {
            const Eigen::VectorXd p =
                ((z.cast<double>().array() - z.maxCoeff()) / temperature).exp().matrix();
            double u = rng.uniform() * p.sum();
            for (next = 0; next + 1 < p.size(); ++next) {
                u -= p(next);
                if (u < 0.0) break;
            }
        }
        ids.push_back(next);
        out += vocabulary[static_cast<std::size_t>(next)];
    }
    return out;
}

}  // namespace sl

#include "io/csv_export.h"
#include "train/trainer.h"

namespace sl {

nlohmann::json languageModelSummary(Trainer& trainer) {
    nlohmann::json out;
    // Sets up the weights evaluation uses (the method's, the quantizer's) as it measures.
    trainer.evaluateTest();
    const TextEvaluation held = evaluateText(trainer.model(), trainer.data().test);
    out["held_out_bits_per_character"] = held.bitsPerCharacter();
    out["held_out_perplexity"] = held.perplexity();
    out["held_out_last_character_bits"] = held.lastBitsPerCharacter();
    out["held_out_characters"] = held.characters;
    double trainLoss = std::nan("");
    for (const auto& p : trainer.history())
        if (!std::isnan(p.trainLoss)) trainLoss = p.trainLoss;
    out["final_train_bits_per_character"] =
        std::isfinite(trainLoss) ? nlohmann::json(bitsPerCharacter(trainLoss)) : nlohmann::json();
    const double characters = static_cast<double>(trainer.step()) *
                              trainer.config().train.batchSize * trainer.config().model.context;
    out["training_characters_per_second"] =
        trainer.trainingSeconds() > 0 ? characters / trainer.trainingSeconds() : 0.0;
    out["vocabulary"] = trainer.data().train.numClasses;
    return out;
}

std::string languageModelCsv(const MetricHistory& history) {
    const std::string base = metricsCsv(history);
    std::string out;
    std::size_t row = 0, start = 0;
    auto number = [](double v) {
        if (std::isnan(v)) return std::string();
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.9g", v);
        return std::string(buffer);
    };
    while (start < base.size()) {
        const std::size_t end = base.find('\n', start);
        out += base.substr(start, end - start);
        if (row == 0) {
            out += ",train_bpc,test_bpc,validation_bpc,test_perplexity";
        } else {
            const MetricPoint& p = history[row - 1];
            out += ',' + number(p.trainLoss / kLn2) + ',' + number(p.testLoss / kLn2) + ',' +
                   number(p.validationLoss / kLn2) + ',' + number(std::exp(p.testLoss));
        }
        out += '\n';
        ++row;
        start = end == std::string::npos ? base.size() : end + 1;
    }
    return out;
}

}  // namespace sl
