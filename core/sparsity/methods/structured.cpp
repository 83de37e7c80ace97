#include "sparsity/methods/structured.h"

#include "sparsity/mask_ops.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sl {
namespace {

// Biases of fully masked rows back to exactly zero. Computed from the mask itself, so it holds
// for a run resumed from a checkpoint as well.
void zeroRemovedBiases(PrunableLayer& layer) {
    layer.bias.array() *= layer.mask.rowwise().maxCoeff().array();
}

bool rowRemoved(const PrunableLayer& layer, Eigen::Index row) {
    return (layer.mask.row(row).array() == 0.0f).all();
}

}  // namespace

std::vector<MaskUpdateEvent> StructuredPruning::begin(SparsityContext& context) {
    if (m_settings.structureNorm != "l2" && m_settings.structureNorm != "l1")
        throw ConfigError("sparsity.structure_norm: got '" + m_settings.structureNorm +
                          "' — expected l2 or l1");
    m_schedule = scheduleFor(context.totalSteps);
    m_units.clear();
    m_fanIn.clear();
    for (PrunableLayer* d : context.layers) {
        d->setWeightMode(WeightMode::Masked);
        m_units.push_back(d->units());
        m_fanIn.push_back(d->fanIn());
    }
    if (m_schedule.at(0) > 0.0) return pruneTo(context, 0);
    return {};
}

std::vector<MaskUpdateEvent> StructuredPruning::afterOptimizerStep(SparsityContext& context,
                                                                   long long step) {
    std::vector<MaskUpdateEvent> events;
    if (m_schedule.isUpdateStep(step)) events = pruneTo(context, step);
    for (std::size_t l = 0; l + 1 < context.layers.size(); ++l)
        zeroRemovedBiases(*context.layers[l]);
    return events;
}

int StructuredPruning::removedUnits(std::size_t layer, double fraction) const {
    if (layer + 1 >= m_units.size()) return 0;
    const long long units = m_units[layer];
    return static_cast<int>(
        std::clamp<long long>(std::llround(fraction * double(units)), 0, units - 1));
}

double StructuredPruning::targetSparsityAt(long long step) const {
    const double fraction = m_schedule.at(step);
    if (m_units.empty()) return fraction;  // before begin(): no shapes to count with
    long long removed = 0, total = 0;
    for (std::size_t l = 0; l < m_units.size(); ++l) {
        removed += static_cast<long long>(removedUnits(l, fraction)) * m_fanIn[l];
        total += static_cast<long long>(m_units[l]) * m_fanIn[l];
    }
    return total ? double(removed) / double(total) : 0.0;
}

std::vector<MaskUpdateEvent> StructuredPruning::pruneTo(SparsityContext& context, long long step) {
    const double fraction = m_schedule.at(step);
    const bool l1 = m_settings.structureNorm == "l1";
    std::vector<MaskUpdateEvent> events;
    for (std::size_t l = 0; l + 1 < context.layers.size(); ++l) {
        PrunableLayer& layer = *context.layers[l];
        const int units = layer.units();
        const int remove = removedUnits(l, fraction);
        // Norms of the effective rows; a row removed before ranks below every live one, so a
        // removed unit never returns.
        std::vector<double> norm(static_cast<std::size_t>(units));
        for (int r = 0; r < units; ++r) {
            const auto row = layer.weight.row(r).cwiseProduct(layer.mask.row(r));
            norm[r] = rowRemoved(layer, r) ? -1.0
                      : l1                 ? double(row.cwiseAbs().sum())
                                           : double(row.norm());
        }
        std::vector<int> order(static_cast<std::size_t>(units));
        std::iota(order.begin(), order.end(), 0);
        // Weakest first; ties to the lower index, so the choice is deterministic.
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return norm[a] < norm[b]; });
        std::vector<char> gone(static_cast<std::size_t>(units), 0);
        for (int i = 0; i < remove; ++i) gone[order[i]] = 1;
        // Removed stays removed even if the count were to fall (a resumed run, a shorter target).
        for (int r = 0; r < units; ++r) gone[r] |= rowRemoved(layer, r) ? 1 : 0;

        std::vector<std::int32_t> active;
        for (int r = 0; r < units; ++r) {
            if (gone[r]) continue;
            for (int c = 0; c < layer.fanIn(); ++c)
                if (layer.mask(r, c) != 0.0f) active.push_back(r * layer.fanIn() + c);
        }
        const Tensor magnitude = layer.weight.cwiseAbs();
        auto event = setActive(layer.mask, active, step, static_cast<int>(l));
        zeroMasked(layer);
        zeroRemovedBiases(layer);
        if (event.pruned() + event.grown() == 0) continue;
        for (std::int32_t i : event.prunedIndices)
            event.prunedScores.push_back(magnitude.data()[i]);
        event.dropCutoff = *std::max_element(event.prunedScores.begin(), event.prunedScores.end());
        events.push_back(std::move(event));
    }
    return events;
}

void StructuredPruning::setDeltaT(int deltaT) {
    SparsityMethod::setDeltaT(deltaT);
    m_schedule.deltaT = std::max(1, deltaT);
}

}  // namespace sl
