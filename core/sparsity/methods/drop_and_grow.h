#pragma once

#include "sparsity/mask_ops.h"
#include "sparsity/method.h"
#include "sparsity/method_helpers.h"
#include "sparsity/methods/sparse_drop_grow.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace sl {

// The shared shape of RigL and SET: start at the target sparsity with a random mask; every ΔT
// steps until t_end, in each layer drop the α_t fraction of active weights with the smallest
// |w| and grow as many inactive ones, chosen by the Growth policy. Grown weights start at
// zero (with zero optimizer state), so each layer's active count never changes. Weights just
// dropped are not candidates for growth at the same update.
// On a layer's sparse backend the same choices are made from its CSR (sparse_drop_grow.h):
// RigL's dense gradient exists only in row blocks on update steps, SET samples without it.
template <class Growth> class DropAndGrow : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;

    std::string name() const override { return Growth::kName; }

    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override {
        m_drop = DropFractionSchedule{m_settings.dropSchedule, m_settings.dropFraction,
                                      resolvedEnd(m_settings.tEnd, context.totalSteps)};
        m_growScores.assign(context.layers.size(), Tensor());
        m_sparseGrowth.assign(context.layers.size(), {});
        return randomMaskAtTarget(m_settings, context);
    }

    void afterBackward(SparsityContext& context, long long step) override {
        if (!Growth::kNeedsGradient || !isMaskUpdateStep(step)) return;
        for (std::size_t l = 0; l < context.layers.size(); ++l) {
            if (const SparseWeights* s = sparseWeightsOf(*context.layers[l])) {
                // Only the k best inactive positions are kept, chosen block by block now,
                // while the backward pass's activations are still there.
                m_sparseGrowth[l] = topInactiveGradient(*s, growCount(*context.layers[l], step));
                continue;
            }
            // The dense gradient, masked entries included: the dense backend computes it
            // anyway, before the optimizer masks it.
            m_growScores[l] = context.layers[l]->weightGrad.cwiseAbs();
        }
    }

    std::vector<MaskUpdateEvent> afterOptimizerStep(SparsityContext& context,
                                                    long long step) override {
        if (!isMaskUpdateStep(step)) return {};
        const double alpha = m_drop.at(step);
        std::vector<MaskUpdateEvent> events;
        for (std::size_t l = 0; l < context.layers.size(); ++l) {
            PrunableLayer& d = *context.layers[l];
            if (SparseWeights* s = sparseWeightsOf(d)) {
                auto event = updateSparse(d, *s, l, step, *context.rng);
                if (event.pruned() + event.grown() > 0) events.push_back(std::move(event));
                continue;
            }
            auto active = activeIndices(d.mask);
            auto inactive = inactiveIndices(d.mask);
            const long long n = static_cast<long long>(active.size());
            const long long k = std::min<long long>(std::llround(alpha * double(n)),
                                                    static_cast<long long>(inactive.size()));
            if (k <= 0) continue;
            const Tensor magnitude = d.weight.cwiseAbs();
            auto kept = topK(magnitude.data(), std::move(active), n - k);
            auto grown = Growth::choose(std::move(inactive), k, m_growScores[l], *context.rng);
            std::vector<std::int32_t> next;
            next.reserve(kept.size() + grown.size());
            std::merge(kept.begin(), kept.end(), grown.begin(), grown.end(),
                       std::back_inserter(next));
            auto event = setActive(d.mask, next, step, static_cast<int>(l));
            event.dropFraction = alpha;
            event.dropCutoff = 0.0f;
            for (std::int32_t i : event.prunedIndices) {
                event.prunedScores.push_back(magnitude.data()[i]);
                event.dropCutoff = std::max(event.dropCutoff, magnitude.data()[i]);
            }
            if (Growth::kNeedsGradient && !event.grownIndices.empty()) {
                const float* scores = m_growScores[l].data();
                event.growCutoff = scores[event.grownIndices.front()];
                for (std::int32_t i : event.grownIndices) {
                    event.grownScores.push_back(scores[i]);
                    event.growCutoff = std::min(event.growCutoff, scores[i]);
                }
            }
            for (std::int32_t i : event.grownIndices) d.weight.data()[i] = 0.0f;
            zeroMasked(d);
            events.push_back(std::move(event));
        }
        return events;
    }

    double targetSparsityAt(long long) const override { return m_settings.target; }
    const Tensor* growCriterion(int layer) const override {
        if (!Growth::kNeedsGradient || m_growScores.empty()) return nullptr;
        const Tensor& t = m_growScores[static_cast<std::size_t>(layer)];
        return t.size() ? &t : nullptr;
    }
    std::string growCriterionName() const override { return Growth::kCriterion; }
    double dropFractionAt(long long step) const override { return m_drop.at(step); }
    bool isMaskUpdateStep(long long step) const override {
        return step > 0 && step % std::max(1, m_settings.deltaT) == 0 && step < m_drop.tEnd;
    }
    void setDropFraction(double alpha) override {
        SparsityMethod::setDropFraction(alpha);
        m_drop.alpha = alpha;
    }

    bool runsOnSparseBackend() const override { return true; }

private:
    // How many weights an update at `step` moves in a layer: α_t of its active ones, at most
    // as many as are inactive.
    long long growCount(PrunableLayer& layer, long long step) const {
        const SparseWeights* s = sparseWeightsOf(layer);
        const long long n = s ? s->matrix().nnz() : static_cast<long long>(layer.mask.sum());
        const long long total = layer.weightCount();
        return std::min<long long>(std::llround(m_drop.at(step) * double(n)), total - n);
    }

    MaskUpdateEvent updateSparse(PrunableLayer& d, SparseWeights& s, std::size_t l, long long step,
                                 Rng& rng) {
        const long long k = growCount(d, step);
        if (k <= 0) return {};
        const auto dropped = smallestActive(s.matrix(), k);
        std::vector<long long> grown;
        std::vector<float> scores;
        if constexpr (Growth::kNeedsGradient) {
            for (const ScoredPosition& p : m_sparseGrowth[l]) {
                grown.push_back(p.index);
                scores.push_back(p.score);
            }
            m_sparseGrowth[l].clear();
        } else {
            grown = sampleInactive(s.matrix(), k, rng);
        }
        auto event = dropAndGrowSparse(d, s, dropped, grown, step, static_cast<int>(l));
        event.dropFraction = m_drop.at(step);
        if (!scores.empty()) {
            event.growCutoff = *std::min_element(scores.begin(), scores.end());
            // Index for index with the listed positions: without a dense view, the same evenly
            // spaced subset (grown and scores are both in ascending index order).
            if (d.hasDenseView()) {
                event.grownScores = std::move(scores);
            } else {
                for (std::size_t i = 0; i < scores.size(); ++i)
                    if (keptInBoundedList(i, scores.size(), MaskUpdateEvent::kEventPositionBound))
                        event.grownScores.push_back(scores[i]);
            }
        }
        return event;
    }

    DropFractionSchedule m_drop;
    std::vector<Tensor> m_growScores;  // |dense gradient| at the last update step
    // Sparse layers: the chosen growth of the coming update (rigl), ascending by index.
    std::vector<std::vector<ScoredPosition>> m_sparseGrowth;
};

}  // namespace sl
