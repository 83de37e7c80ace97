#include "train/loss_spike.h"

#include "nn/sparse_dense.h"

#include <cmath>
#include <cstdio>
#include <numeric>

namespace sl {

void LossSpikeDetector::maskUpdated(long long step, const std::vector<MaskUpdateEvent>& events,
                                    const std::vector<PrunableLayer*>& layers) {
    LossSpikeEvent e;
    e.step = step;
    double enteredSum = 0.0, activeSum = 0.0;
    long long active = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        PrunableLayer& d = *layers[l];
        if (const SparseWeights* s = sparseWeightsOf(d); s || !d.hasDenseView()) {
            // From the CSR (a sparse layer's dense view is stale inside a chunk): grown
            // weights enter at 0, so every |w| now is a kept one's.
            long long grown = 0;
            for (const MaskUpdateEvent& u : events)
                if (u.layer == static_cast<int>(l)) grown += u.grown();
            e.entered += grown;
            if (s) {
                // In double and row-major order, as the dense-view loop below sums.
                const Tensor& v = s->matrix().values;
                for (Eigen::Index i = 0; i < v.size(); ++i) activeSum += std::abs(v.data()[i]);
                active += s->matrix().nnz() - grown;
            }
            continue;
        }
        std::vector<char> entered(static_cast<std::size_t>(d.mask.size()), 0);
        for (const MaskUpdateEvent& u : events) {
            if (u.layer != static_cast<int>(l)) continue;
            for (std::int32_t i : u.grownIndices) {
                entered[static_cast<std::size_t>(i)] = 1;
                enteredSum += std::abs(d.weight.data()[i]);
                ++e.entered;
            }
        }
        const float* w = d.weight.data();
        const float* m = d.mask.data();
        for (Eigen::Index i = 0; i < d.mask.size(); ++i) {
            if (m[i] == 0.0f || entered[static_cast<std::size_t>(i)]) continue;
            activeSum += std::abs(w[i]);
            ++active;
        }
    }
    e.enteredMeanAbs = e.entered ? enteredSum / static_cast<double>(e.entered) : 0.0;
    e.activeMeanAbs = active ? activeSum / static_cast<double>(active) : 0.0;
    m_pending = e;
}

std::optional<LossSpikeEvent> LossSpikeDetector::observe(long long step, double loss) {
    std::optional<LossSpikeEvent> spike;
    if (m_pending && step > m_pending->step) {
        if (m_recent.size() >= kMinWindow && std::isfinite(loss)) {
            const double level = std::accumulate(m_recent.begin(), m_recent.end(), 0.0) /
                                 static_cast<double>(m_recent.size());
            if (loss >= kRatio * level && loss - level >= kMargin) {
                m_pending->loss = loss;
                m_pending->recentLevel = level;
                spike = m_pending;
                m_events.push_back(*m_pending);
            }
        }
        m_pending.reset();
    }
    m_recent.push_back(loss);
    if (m_recent.size() > kWindow) m_recent.pop_front();
    return spike;
}

namespace {

std::string withThousands(long long n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
}

}  // namespace

std::string describeLossSpike(const LossSpikeEvent& s) {
    char text[320];
    std::snprintf(text, sizeof text,
                  "the loss jumped from %.2f to %.2f after the mask update at step %lld: %s "
                  "weights entered with mean |w| %.3g against %.3g for the kept ones",
                  s.recentLevel, s.loss, s.step, withThousands(s.entered).c_str(), s.enteredMeanAbs,
                  s.activeMeanAbs);
    return text;
}

std::string lossSpikesCsv(const std::vector<LossSpikeEvent>& spikes) {
    std::string out = "step,loss,recent_level,entered,entered_mean_abs,active_mean_abs\n";
    char row[200];
    for (const auto& s : spikes) {
        std::snprintf(row, sizeof row, "%lld,%.9g,%.9g,%lld,%.9g,%.9g\n", s.step, s.loss,
                      s.recentLevel, s.entered, s.enteredMeanAbs, s.activeMeanAbs);
        out += row;
    }
    return out;
}

}  // namespace sl
