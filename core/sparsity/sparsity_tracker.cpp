#include "sparsity/sparsity_tracker.h"

#include "nn/sparse_dense.h"
#include "util/error.h"

#include <algorithm>

#include <string>

namespace sl {

void SparsityTracker::reset(const std::vector<PrunableLayer*>& layers) {
    m_layers.assign(layers.size(), {});
    m_ever.assign(layers.size(), {});
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (!layers[l]->hasDenseView()) {
            // No byte per weight here: everActive becomes the upper bound active + grown.
            m_layers[l].parameters = layers[l]->weightCount();
            m_layers[l].active = activeWeights(*layers[l]);
            m_layers[l].everActive = m_layers[l].active;
            continue;
        }
        const Tensor& mask = layers[l]->mask;
        auto& ever = m_ever[l];
        ever.resize(static_cast<std::size_t>(mask.size()));
        long long active = 0;
        for (Eigen::Index i = 0; i < mask.size(); ++i) {
            ever[static_cast<std::size_t>(i)] = mask.data()[i] != 0.0f;
            active += ever[static_cast<std::size_t>(i)];
        }
        m_layers[l].parameters = mask.size();
        m_layers[l].active = active;
        m_layers[l].everActive = active;
    }
}

void SparsityTracker::record(const std::vector<MaskUpdateEvent>& events) {
    for (const auto& e : events) {
        auto& s = m_layers[static_cast<std::size_t>(e.layer)];
        auto& ever = m_ever[static_cast<std::size_t>(e.layer)];
        s.active += e.grown() - e.pruned();
        s.totalPruned += e.pruned();
        s.totalGrown += e.grown();
        s.lastPruned = e.pruned();
        s.lastGrown = e.grown();
        s.lastUpdateStep = e.step;
        if (ever.empty() && s.parameters > 0)
            s.everActive = std::min(s.parameters, s.everActive + e.grown());
        for (std::int32_t i : e.grownIndices) {
            auto& seen = ever[static_cast<std::size_t>(i)];
            s.everActive += !seen;
            seen = 1;
        }
    }
}

void SparsityTracker::restore(std::vector<LayerStats> stats,
                              std::vector<std::vector<std::uint8_t>> everActive) {
    if (stats.size() != m_layers.size() || everActive.size() != m_layers.size())
        throw ShapeError("sparsity tracker: got " + std::to_string(stats.size()) +
                         " layers of figures and " + std::to_string(everActive.size()) +
                         " ever-active masks — expected " + std::to_string(m_layers.size()));
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
        // A layer without a dense view keeps no ever-active bytes (reset() left them empty).
        const auto parameters =
            m_ever[l].empty() ? std::size_t{0} : static_cast<std::size_t>(m_layers[l].parameters);
        if (stats[l].parameters != m_layers[l].parameters || everActive[l].size() != parameters)
            throw ShapeError("sparsity tracker: layer " + std::to_string(l + 1) + " has " +
                             std::to_string(stats[l].parameters) + " parameters and " +
                             std::to_string(everActive[l].size()) +
                             " ever-active entries — expected " + std::to_string(parameters));
    }
    m_layers = std::move(stats);
    m_ever = std::move(everActive);
}

double SparsityTracker::overallSparsity() const {
    long long parameters = 0, active = 0;
    for (const auto& s : m_layers) {
        parameters += s.parameters;
        active += s.active;
    }
    return parameters ? 1.0 - double(active) / double(parameters) : 0.0;
}

double SparsityTracker::overallItop() const {
    long long parameters = 0, ever = 0;
    for (const auto& s : m_layers) {
        parameters += s.parameters;
        ever += s.everActive;
    }
    return parameters ? double(ever) / double(parameters) : 0.0;
}

long long SparsityTracker::totalGrown() const {
    long long n = 0;
    for (const auto& s : m_layers) n += s.totalGrown;
    return n;
}

long long SparsityTracker::totalPruned() const {
    long long n = 0;
    for (const auto& s : m_layers) n += s.totalPruned;
    return n;
}

}  // namespace sl
