#pragma once

#include "data/dataset.h"
#include "nn/model.h"
#include "train/metrics.h"
#include "util/rng.h"

#include <string>

namespace sl {

class Gpt;

// Language-model measures of a gpt model (model.kind gpt) on windows of text.
struct TextEvaluation {
    double nats = 0.0;                // mean cross-entropy over every position of every window
    double lastNats = 0.0;            // over the last position only (what the trainer's loss is)
    long long characters = 0;         // positions scored
    long long correct = 0;            // positions whose most probable character was the true one
    double accuracy() const;          // correct / characters
    double bitsPerCharacter() const;  // nats / ln 2
    double perplexity() const;        // exp(nats)
    double lastBitsPerCharacter() const;
};

constexpr double kLn2 = 0.69314718055994530942;
inline double bitsPerCharacter(double nats) { return nats / kLn2; }

// The model's Gpt layer, or null for another model kind.
Gpt* gptOf(Model& model);

// Every position of every window of `data` (its label is the last target). Overwrites the
// model's activations, like Model::evaluate. Throws ShapeError for a model without a Gpt.
TextEvaluation evaluateText(Model& model, const Dataset& data, int batchSize = 64);

// Continues `prompt` by `length` characters sampled from softmax(logits / temperature)
// (temperature 0: the most probable character). Characters of the prompt missing from the
// vocabulary are dropped; the model reads the last model.context characters.
std::string generateText(Model& model, const std::vector<std::string>& vocabulary,
                         const std::string& prompt, int length, double temperature, Rng& rng);

}  // namespace sl

#include <nlohmann/json.hpp>

namespace sl {

class Trainer;

// The language-model figures of a gpt run for its summary: held-out bits per character and
// perplexity over every position (evaluateText on the test set, the held-out tail), the
// trainer's last training figure, and training characters per second.
nlohmann::json languageModelSummary(Trainer& trainer);

// metricsCsv() with train_bpc, test_bpc, validation_bpc and test_perplexity appended. The
// trainer scores a gpt on every character of its windows, as evaluateText does.
std::string languageModelCsv(const MetricHistory& history);

}  // namespace sl
