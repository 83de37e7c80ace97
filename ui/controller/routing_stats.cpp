#include "controller/routing_stats.h"

#include "nn/moe.h"
#include "util/error.h"

#include <algorithm>
#include <string>

namespace sl::ui {

RoutingCounts countRouting(const std::vector<int>& routing, int topK,
                           const std::vector<std::int32_t>& labels, int experts, int classes) {
    if (topK <= 0 || routing.size() != labels.size() * static_cast<std::size_t>(topK))
        throw ShapeError("countRouting: got " + std::to_string(routing.size()) + " routings for " +
                         std::to_string(labels.size()) + " labels — expected top_k (" +
                         std::to_string(topK) + ") per label");
    RoutingCounts counts;
    counts.perExpert.assign(static_cast<std::size_t>(std::max(experts, 0)), 0);
    counts.perClass.assign(static_cast<std::size_t>(std::max(classes, 0)), counts.perExpert);
    for (std::size_t j = 0; j < labels.size(); ++j) {
        const int c = labels[j];
        if (c < 0 || c >= classes)
            throw ShapeError("countRouting: label " + std::to_string(c) + " of example " +
                             std::to_string(j) + " — expected 0 to " + std::to_string(classes - 1));
        for (int i = 0; i < topK; ++i) {
            const int e = routing[j * static_cast<std::size_t>(topK) + static_cast<std::size_t>(i)];
            if (e < 0 || e >= experts)
                throw ShapeError("countRouting: expert " + std::to_string(e) + " — expected 0 to " +
                                 std::to_string(experts - 1));
            ++counts.perExpert[static_cast<std::size_t>(e)];
            ++counts.perClass[static_cast<std::size_t>(c)][static_cast<std::size_t>(e)];
        }
    }
    return counts;
}

namespace {

std::vector<double> fractions(const std::vector<long long>& counts) {
    long long total = 0;
    for (long long n : counts) total += n;
    std::vector<double> f(counts.size(), 0.0);
    if (total > 0)
        for (std::size_t e = 0; e < f.size(); ++e) f[e] = static_cast<double>(counts[e]) / total;
    return f;
}

}  // namespace

void fillRouting(Trainer& trainer, RunSnapshot& snapshot, int examples) {
    snapshot.expertFraction.clear();
    snapshot.classRouting.clear();
    const auto& layers = trainer.model().layers();
    std::size_t moeIndex = layers.size();
    MixtureOfExperts* moe = nullptr;
    for (std::size_t i = 0; i < layers.size() && !moe; ++i)
        if ((moe = dynamic_cast<MixtureOfExperts*>(layers[i].get()))) moeIndex = i;
    const Dataset& test = trainer.data().test;
    const int n = std::min(examples, test.count());
    if (!moe || n <= 0) return;

    // Only the layers up to the mixture: the output layer does not change the routing.
    Activations a = test.x.leftCols(n);  // (features, n)
    Activations b;
    for (std::size_t i = 0; i <= moeIndex; ++i) {
        layers[i]->forward(a, b);
        std::swap(a, b);
    }
    const std::vector<std::int32_t> labels(test.labels.begin(), test.labels.begin() + n);
    const int classes =
        std::max(test.numClasses, *std::max_element(labels.begin(), labels.end()) + 1);
    const RoutingCounts counts =
        countRouting(moe->routing(), moe->topK(), labels, moe->experts(), classes);
    snapshot.expertFraction = fractions(counts.perExpert);
    for (const auto& row : counts.perClass) snapshot.classRouting.push_back(fractions(row));
}

}  // namespace sl::ui
