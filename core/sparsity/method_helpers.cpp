#include "sparsity/method_helpers.h"

#include "nn/dense.h"
#include "sparsity/mask_ops.h"
#include "util/error.h"

#include <algorithm>
#include <numeric>

namespace sl {

std::vector<LayerShape> layerShapes(const std::vector<PrunableLayer*>& layers) {
    std::vector<LayerShape> shapes;
    for (const PrunableLayer* d : layers)
        shapes.push_back({d->units(), d->fanIn(), d->weightDims()});
    return shapes;
}

std::vector<long long> keepCounts(const SparsitySettings& settings, double sparsity,
                                  const std::vector<PrunableLayer*>& layers,
                                  const std::vector<const Tensor*>& scores) {
    return activeCounts(settings.distribution, sparsity, layerShapes(layers),
                        settings.denseFirstLayer, scores);
}

std::vector<MaskUpdateEvent> maskByScore(const std::vector<PrunableLayer*>& layers,
                                         const std::vector<const Tensor*>& scores,
                                         const std::vector<long long>& keep, long long step) {
    std::vector<MaskUpdateEvent> events;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        std::vector<std::int32_t> all(static_cast<std::size_t>(layers[l]->mask.size()));
        std::iota(all.begin(), all.end(), 0);
        auto event = setActive(layers[l]->mask, topK(scores[l]->data(), std::move(all), keep[l]),
                               step, static_cast<int>(l));
        if (event.pruned() + event.grown() == 0) continue;
        // Ranking by one score: the best one dropped and the worst one grown show the line.
        const float* s = scores[l]->data();
        for (std::int32_t i : event.prunedIndices) event.prunedScores.push_back(s[i]);
        for (std::int32_t i : event.grownIndices) event.grownScores.push_back(s[i]);
        if (!event.prunedScores.empty())
            event.dropCutoff =
                *std::max_element(event.prunedScores.begin(), event.prunedScores.end());
        if (!event.grownScores.empty())
            event.growCutoff =
                *std::min_element(event.grownScores.begin(), event.grownScores.end());
        events.push_back(std::move(event));
    }
    return events;
}

std::vector<MaskUpdateEvent> maskAtRandom(const std::vector<PrunableLayer*>& layers,
                                          const std::vector<long long>& keep, Rng& rng,
                                          long long step) {
    std::vector<MaskUpdateEvent> events;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (!layers[l]->hasDenseView()) {
            // Born sparse: the structure is drawn directly and the values with it. The
            // initial pruning is no churn, so it reports no event (nor could it list them).
            auto* dense = dynamic_cast<Dense*>(layers[l]);
            if (!dense)
                throw ShapeError("random mask: a layer without a dense view that is not Dense");
            std::vector<std::int32_t> rowPtr, colIdx;
            randomStructure(dense->units(), dense->fanIn(), keep[l], rng, rowPtr, colIdx);
            dense->setSparseStructure(std::move(rowPtr), std::move(colIdx), rng);
            continue;
        }
        auto order = rng.permutation(static_cast<std::int32_t>(layers[l]->mask.size()));
        order.resize(static_cast<std::size_t>(keep[l]));
        auto event = setActive(layers[l]->mask, order, step, static_cast<int>(l));
        if (event.pruned() + event.grown() > 0) events.push_back(std::move(event));
    }
    return events;
}

std::vector<MaskUpdateEvent> randomMaskAtTarget(const SparsitySettings& settings,
                                                SparsityContext& context) {
    const auto magnitudes = magnitudesOf(context.layers);
    const auto keep = keepCounts(settings, settings.target, context.layers, pointers(magnitudes));
    auto events = maskAtRandom(context.layers, keep, *context.rng, 0);
    for (PrunableLayer* d : context.layers) {
        d->setWeightMode(WeightMode::Masked);
        zeroMasked(*d);
    }
    return events;
}

bool isRemaskStep(const SparsitySchedule& schedule, int deltaT, long long step) {
    return step > 0 && (step % std::max(1, deltaT) == 0 || schedule.isUpdateStep(step)) &&
           schedule.at(step) > 0.0;
}

std::vector<Tensor> magnitudesOf(const std::vector<PrunableLayer*>& layers) {
    std::vector<Tensor> out;
    for (const PrunableLayer* d : layers) out.push_back(d->weight.cwiseAbs());
    return out;
}

std::vector<const Tensor*> pointers(const std::vector<Tensor>& tensors) {
    std::vector<const Tensor*> out;
    for (const auto& t : tensors) out.push_back(&t);
    return out;
}

}  // namespace sl
