#include "sparsity/methods/magnitude.h"

#include "nn/sparse_dense.h"
#include "sparsity/mask_ops.h"
#include "sparsity/method_helpers.h"
#include "sparsity/methods/sparse_drop_grow.h"
#include "sparsity/nm_pattern.h"

#include <algorithm>

namespace sl {

std::vector<MaskUpdateEvent> MagnitudePruning::begin(SparsityContext& context) {
    m_schedule = scheduleFor(context.totalSteps);
    for (PrunableLayer* d : context.layers) {
        requireDenseStart("magnitude", *d);
        d->setWeightMode(WeightMode::Masked);
    }
    // A constant schedule (or one-shot at step 0) prunes before the first step.
    if (m_schedule.at(0) > 0.0) return pruneTo(context, 0);
    return {};
}

std::vector<MaskUpdateEvent> MagnitudePruning::afterOptimizerStep(SparsityContext& context,
                                                                  long long step) {
    if (!m_schedule.isUpdateStep(step)) return {};
    return pruneTo(context, step);
}

std::vector<MaskUpdateEvent> MagnitudePruning::pruneTo(SparsityContext& context, long long step) {
    // Pruned weights are exactly zero, so ranking |w| over all entries never revives one
    // while active weights outnumber the kept count.
    bool anySparse = false;
    for (PrunableLayer* d : context.layers) anySparse = anySparse || sparseWeightsOf(*d);
    if (!anySparse) {
        const auto scores = magnitudesOf(context.layers);
        auto keep = keepCounts(m_settings, m_schedule.at(step), context.layers, pointers(scores));
        if (m_settings.nmConstraint) return pruneInPattern(context, scores, keep, step);
        auto events = maskByScore(context.layers, pointers(scores), keep, step);
        for (PrunableLayer* d : context.layers) zeroMasked(*d);
        return events;
    }
    // Some layers moved to the sparse backend (runsOnSparseBackend: uniform or ERK counts,
    // which read no scores): each layer is pruned on its own backend.
    const std::vector<const Tensor*> noScores(context.layers.size(), nullptr);
    const auto keep = keepCounts(m_settings, m_schedule.at(step), context.layers, noScores);
    std::vector<MaskUpdateEvent> events;
    for (std::size_t l = 0; l < context.layers.size(); ++l) {
        PrunableLayer& layer = *context.layers[l];
        if (SparseWeights* sparse = sparseWeightsOf(layer)) {
            // The dense ranking keeps the `keep` largest |w| with ties to the lower index, and
            // the inactive entries (0) rank last while keep is below the active count (the
            // target only rises): the same as dropping the nnz - keep smallest active ones.
            const long long drop = sparse->matrix().nnz() - keep[l];
            if (drop <= 0) continue;
            events.push_back(dropAndGrowSparse(layer, *sparse,
                                               smallestActive(sparse->matrix(), drop), {}, step,
                                               static_cast<int>(l)));
            continue;
        }
        const Tensor scores = layer.weight.cwiseAbs();
        for (auto& e : maskByScore({&layer}, {&scores}, {keep[l]}, step)) {
            e.layer = static_cast<int>(l);
            events.push_back(std::move(e));
        }
        zeroMasked(layer);
    }
    return events;
}

bool MagnitudePruning::runsOnSparseBackend() const {
    // The global distribution ranks all layers' dense |w| at once, and the N:M constraint
    // ranks inside dense groups: those runs stay dense.
    return m_settings.distribution != "global" && !m_settings.nmConstraint;
}

std::vector<MaskUpdateEvent> MagnitudePruning::pruneInPattern(SparsityContext& context,
                                                              const std::vector<Tensor>& scores,
                                                              std::vector<long long> keep,
                                                              long long step) {
    // Candidates are the per-group top n; everything outside the pattern scores below every
    // candidate, so the usual top-k by score picks inside the pattern only.
    std::vector<Tensor> ranked;
    for (std::size_t l = 0; l < context.layers.size(); ++l) {
        Tensor r = Tensor::Constant(scores[l].rows(), scores[l].cols(), -1.0f);
        const auto pattern = nmPatternIndices(scores[l], m_settings.nmN, m_settings.nmM);
        for (std::int32_t i : pattern) r.data()[i] = scores[l].data()[i];
        keep[l] = std::min<long long>(keep[l], static_cast<long long>(pattern.size()));
        ranked.push_back(std::move(r));
    }
    auto events = maskByScore(context.layers, pointers(ranked), keep, step);
    // The views show |w| of what was dropped, not the ranking's stand-in for "outside".
    for (auto& e : events) {
        const float* s = scores[static_cast<std::size_t>(e.layer)].data();
        e.prunedScores.clear();
        for (std::int32_t i : e.prunedIndices) e.prunedScores.push_back(s[i]);
        if (!e.prunedScores.empty())
            e.dropCutoff = *std::max_element(e.prunedScores.begin(), e.prunedScores.end());
    }
    for (PrunableLayer* d : context.layers) zeroMasked(*d);
    return events;
}

void MagnitudePruning::setDeltaT(int deltaT) {
    SparsityMethod::setDeltaT(deltaT);
    m_schedule.deltaT = std::max(1, deltaT);
}

}  // namespace sl
