#include "data/synthetic.h"

#include "util/error.h"
#include "util/rng.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

namespace sl {
namespace {

constexpr float kTwoPi = 2.0f * std::numbers::pi_v<float>;
// One full turn per arm: adjacent arms are 1/K apart in radius, wide enough for the default
// noise of 0.1 with 2 or 3 arms and still a task a linear model cannot do.
constexpr float kSpiralTurns = 1.0f;
// Moons and circles are the scikit-learn shapes, scaled to leave room for noise in [-1.5, 1.5].
constexpr float kMoonRadius = 0.8f;
constexpr float kInnerCircleRadius = 0.5f;
// XOR points keep this distance from the axes, so that without noise the quadrants (and so
// the classes) are cleanly apart, as in TensorFlow Playground's XOR set.
constexpr float kXorMargin = 0.1f;

const std::vector<std::pair<SyntheticKind, const char*>>& kindTable() {
    static const std::vector<std::pair<SyntheticKind, const char*>> table = {
        {SyntheticKind::Spirals, "spirals"},
        {SyntheticKind::Moons, "moons"},
        {SyntheticKind::Circles, "circles"},
        {SyntheticKind::Xor, "xor"},
        {SyntheticKind::Blobs, "blobs"}};
    return table;
}

int classCount(const SyntheticSpec& spec) {
    return spec.kind == SyntheticKind::Spirals || spec.kind == SyntheticKind::Blobs ? spec.classes
                                                                                    : 2;
}

// Blob centres sit on this circle; with the spread below, 5 spreads out still lies in 1.5.
constexpr float kBlobCircleRadius = 0.9f;

// The spread shrinks with many centres so that a point stays nearer its own centre than the
// next one by at least 3.6 spreads: the blobs are separable when noise is 0.
float blobSpread(int classes) {
    const float halfGap =
        kBlobCircleRadius * std::sin(std::numbers::pi_v<float> / static_cast<float>(classes));
    return std::min(0.12f, halfGap / 3.6f);
}

void validate(const SyntheticSpec& spec) {
    std::vector<std::string> problems;
    const std::string name = syntheticKindName(spec.kind);
    const bool hasClassCount =
        spec.kind == SyntheticKind::Spirals || spec.kind == SyntheticKind::Blobs;
    if (hasClassCount && spec.classes < 2)
        problems.push_back("data.classes: " + name + " need at least 2 classes, got " +
                           std::to_string(spec.classes));
    const int classes = std::max(2, classCount(spec));
    // Balanced classes need at least one point of each class in each set.
    if (spec.trainCount < classes)
        problems.push_back("data.samples: the training set needs at least " +
                           std::to_string(classes) + " points (one per class), got " +
                           std::to_string(spec.trainCount));
    if (spec.testCount < classes)
        problems.push_back("data.samples: the test set needs at least " + std::to_string(classes) +
                           " points (one per class), got " + std::to_string(spec.testCount));
    if (!(spec.noise >= 0.0f) || !std::isfinite(spec.noise))
        problems.push_back("data.noise: must be a finite number >= 0, got " +
                           (std::ostringstream() << spec.noise).str());
    if (problems.empty()) return;
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
    throw ConfigError(message);
}

// A noise-free point of the given class.
Eigen::Vector2f cleanPoint(const SyntheticSpec& spec, int label, Rng& rng) {
    const int classes = classCount(spec);
    switch (spec.kind) {
    case SyntheticKind::Spirals: {
        const float r = rng.uniform();
        const float angle = kTwoPi * static_cast<float>(label) / static_cast<float>(classes) +
                            kTwoPi * kSpiralTurns * r;
        return {r * std::cos(angle), r * std::sin(angle)};
    }
    case SyntheticKind::Moons: {
        // Upper half circle about (-0.4, -0.2) and lower half circle about (0.4, 0.2): each
        // moon's tip reaches into the other's hollow.
        const float t = std::numbers::pi_v<float> * rng.uniform();
        const float side = label == 0 ? 1.0f : -1.0f;
        const Eigen::Vector2f centre(-0.5f * kMoonRadius * side, -0.25f * kMoonRadius * side);
        return centre + kMoonRadius * Eigen::Vector2f(std::cos(t), side * std::sin(t));
    }
    case SyntheticKind::Circles: {
        const float t = kTwoPi * rng.uniform();
        const float r = label == 0 ? 1.0f : kInnerCircleRadius;
        return {r * std::cos(t), r * std::sin(t)};
    }
    case SyntheticKind::Xor: {
        // Class 0: x and y of the same sign; class 1: opposite signs.
        const float sx = rng.below(2) == 0 ? 1.0f : -1.0f;
        const float sy = label == 0 ? sx : -sx;
        return {sx * rng.uniform(kXorMargin, 1.0f), sy * rng.uniform(kXorMargin, 1.0f)};
    }
    case SyntheticKind::Blobs: {
        const float angle = kTwoPi * static_cast<float>(label) / static_cast<float>(classes);
        const float spread = blobSpread(classes);
        const float dx = spread * rng.normal();
        const float dy = spread * rng.normal();
        return {kBlobCircleRadius * std::cos(angle) + dx, kBlobCircleRadius * std::sin(angle) + dy};
    }
    }
    return {0.0f, 0.0f};
}

Dataset generate(const SyntheticSpec& spec, int count, Rng rng) {
    Dataset d;
    d.name = syntheticKindName(spec.kind);
    d.numClasses = classCount(spec);
    d.x.resize(2, count);
    d.labels.resize(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        // Round-robin labels keep the classes balanced in any prefix, so firstExamples() of a
        // synthetic set is balanced too.
        const int label = i % d.numClasses;
        const Eigen::Vector2f p = cleanPoint(spec, label, rng);
        // Noise is drawn even when it is 0 so that the clean shapes do not depend on it.
        const float nx = rng.normal();
        const float ny = rng.normal();
        d.x(0, i) = p.x() + spec.noise * nx;
        d.x(1, i) = p.y() + spec.noise * ny;
        d.labels[static_cast<std::size_t>(i)] = label;
    }
    return d;
}

}  // namespace

TrainTestSplit makeSynthetic(const SyntheticSpec& spec) {
    validate(spec);
    // Separate streams: the test points do not move when the training count changes.
    return {generate(spec, spec.trainCount, Rng::derived(spec.seed, 0)),
            generate(spec, spec.testCount, Rng::derived(spec.seed, 1)),
            {}};
}

SyntheticKind syntheticKindFromName(const std::string& name) {
    for (const auto& [kind, kindName] : kindTable())
        if (name == kindName) return kind;
    std::string list;
    for (const auto& n : syntheticKindNames()) list += (list.empty() ? "" : ", ") + n;
    throw ConfigError("data.name: unknown synthetic data set '" + name + "', expected one of " +
                      list);
}

std::string syntheticKindName(SyntheticKind kind) {
    for (const auto& [k, kindName] : kindTable())
        if (k == kind) return kindName;
    throw ConfigError("unknown synthetic data set kind " + std::to_string(static_cast<int>(kind)));
}

std::vector<std::string> syntheticKindNames() {
    std::vector<std::string> names;
    for (const auto& entry : kindTable()) names.emplace_back(entry.second);
    return names;
}

}  // namespace sl
