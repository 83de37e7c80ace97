#include "train/lottery.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace sl {
namespace {

// Stops the trainer when the driver is asked to, and reports progress at metric points.
class LotteryObserver : public TrainObserver {
public:
    LotteryObserver(const std::atomic<bool>& stop,
                    const std::function<void(const LotteryProgress&)>& report,
                    LotteryProgress progress)
        : m_stop(stop), m_report(report), m_progress(progress) {}
    bool onStep(long long /*step*/, double /*loss*/) override {
        return !m_stop.load(std::memory_order_relaxed);
    }
    bool onMetrics(const MetricPoint& point) override {
        if (m_report) {
            m_progress.step = point.step;
            m_report(m_progress);
        }
        return !m_stop.load(std::memory_order_relaxed);
    }

private:
    const std::atomic<bool>& m_stop;
    const std::function<void(const LotteryProgress&)>& m_report;
    LotteryProgress m_progress;
};

struct Candidate {
    float magnitude;
    int layer;
    long long index;
};

// Larger |w| first; ties by position so that the kept set never depends on the sort.
bool keepsBefore(const Candidate& a, const Candidate& b) {
    if (a.magnitude != b.magnitude) return a.magnitude > b.magnitude;
    if (a.layer != b.layer) return a.layer < b.layer;
    return a.index < b.index;
}

void keepLargest(std::vector<Candidate>& candidates, long long keep, std::vector<Tensor>& out) {
    keep = std::min<long long>(keep, static_cast<long long>(candidates.size()));
    if (keep < static_cast<long long>(candidates.size()))
        std::nth_element(candidates.begin(), candidates.begin() + keep, candidates.end(),
                         keepsBefore);
    for (long long i = 0; i < keep; ++i) {
        const Candidate& c = candidates[static_cast<std::size_t>(i)];
        out[static_cast<std::size_t>(c.layer)].data()[c.index] = 1.0f;
    }
}

long long activeCount(const std::vector<PrunableLayer*>& layers, long long* total) {
    long long active = 0;
    *total = 0;
    for (const PrunableLayer* layer : layers) {
        *total += layer->mask.size();
        active += static_cast<long long>((layer->mask.array() != 0.0f).count());
    }
    return active;
}

}  // namespace

void validateLottery(const LotterySettings& s, long long totalSteps) {
    std::ostringstream problems;
    if (s.rounds < 1 || s.rounds > 100)
        problems << "lottery rounds: " << s.rounds << " — expected 1 to 100\n";
    if (!(s.pruneFraction > 0.0 && s.pruneFraction < 1.0))
        problems << "lottery prune fraction: " << s.pruneFraction
                 << " — expected more than 0 and less than 1 (the share of the remaining "
                    "weights pruned per round)\n";
    if (s.rewindStep < 0 || s.rewindStep >= totalSteps)
        problems << "lottery rewind step: " << s.rewindStep << " — expected 0 to " << totalSteps - 1
                 << " (the run has " << totalSteps << " steps)\n";
    std::string text = problems.str();
    if (!text.empty()) {
        text.pop_back();
        throw ConfigError(text);
    }
}

LotteryScope parseLotteryScope(const std::string& word) {
    if (word == "global") return LotteryScope::Global;
    if (word == "layer") return LotteryScope::PerLayer;
    throw ConfigError("lottery scope: '" + word + "' — expected global or layer");
}

LotteryControl parseLotteryControl(const std::string& word) {
    if (word == "none") return LotteryControl::None;
    if (word == "reinit") return LotteryControl::Reinit;
    throw ConfigError("lottery control: '" + word + "' — expected none or reinit");
}

const char* toString(LotteryScope scope) {
    return scope == LotteryScope::Global ? "global" : "layer";
}
const char* toString(LotteryControl control) {
    return control == LotteryControl::None ? "none" : "reinit";
}

long long lotteryKeepCount(long long n, double pruneFraction, int round) {
    return std::llround(static_cast<double>(n) * std::pow(1.0 - pruneFraction, round));
}

std::vector<Tensor> lotteryMasks(const std::vector<Tensor>& weights,
                                 const std::vector<Tensor>& masks, LotteryScope scope,
                                 double pruneFraction, int round) {
    if (weights.size() != masks.size())
        throw ShapeError("lottery masks: " + std::to_string(weights.size()) + " weights and " +
                         std::to_string(masks.size()) + " masks — expected one mask per weight");
    std::vector<Tensor> out;
    for (std::size_t l = 0; l < weights.size(); ++l) {
        if (weights[l].rows() != masks[l].rows() || weights[l].cols() != masks[l].cols())
            throw ShapeError("lottery masks: layer " + std::to_string(l + 1) +
                             " weight and mask differ in shape");
        out.push_back(Tensor::Zero(masks[l].rows(), masks[l].cols()));
    }
    auto survivors = [&](std::size_t l, std::vector<Candidate>& into) {
        const float* w = weights[l].data();
        const float* m = masks[l].data();
        for (long long i = 0; i < masks[l].size(); ++i)
            if (m[i] != 0.0f) into.push_back({std::abs(w[i]), static_cast<int>(l), i});
    };
    if (scope == LotteryScope::Global) {
        long long total = 0;
        std::vector<Candidate> candidates;
        for (std::size_t l = 0; l < weights.size(); ++l) {
            total += masks[l].size();
            survivors(l, candidates);
        }
        keepLargest(candidates, lotteryKeepCount(total, pruneFraction, round), out);
    } else {
        for (std::size_t l = 0; l < weights.size(); ++l) {
            std::vector<Candidate> candidates;
            survivors(l, candidates);
            keepLargest(candidates, lotteryKeepCount(masks[l].size(), pruneFraction, round), out);
        }
    }
    return out;
}

LotteryDriver::LotteryDriver(const RunConfig& config, TrainTestSplit data, LotterySettings settings)
    : m_config(config), m_data(std::move(data)), m_settings(settings) {
    // The driver chooses every mask; a method would fight it.
    m_config.sparsity.method = "dense";
    validateLottery(m_settings, totalStepsFor(m_config, m_data.train.count()));
}

int LotteryDriver::runsTotal() const {
    const int controls = m_settings.control == LotteryControl::Reinit ? m_settings.rounds : 0;
    return 1 + m_settings.rounds + controls;
}

std::uint64_t LotteryDriver::controlSeed(int round) const {
    // Far from the seeds a user would pick next to this one, and different every round.
    return m_config.seed + 1000003ULL * static_cast<std::uint64_t>(round);
}

bool LotteryDriver::train(Trainer& trainer, int round, bool control) {
    LotteryProgress progress{round,      control,    trainer.step(), trainer.totalSteps(),
                             m_runsDone, runsTotal()};
    LotteryObserver observer(m_stop, onProgress, progress);
    while (!trainer.finished() && !stopped())
        if (trainer.runToEnd(&observer) == 0) break;
    return trainer.finished();
}

LotteryRound LotteryDriver::finish(Trainer& trainer, int round, bool control) {
    LotteryRound result;
    result.round = round;
    result.control = control;
    result.active = activeCount(trainer.prunableLayers(), &result.total);
    result.sparsity = result.total > 0 ? 1.0 - static_cast<double>(result.active) /
                                                   static_cast<double>(result.total)
                                       : 0.0;
    result.history = trainer.history();
    // The trainer evaluates at each epoch end, so the last point usually has the test figures.
    const bool lastTested = !result.history.empty() && result.history.back().hasTest() &&
                            result.history.back().step == trainer.step();
    result.testAccuracy =
        lastTested ? result.history.back().testAccuracy : trainer.evaluateTest().accuracy;
    if (m_settings.keepStates) result.finalState = trainer.captureState();
    ++m_runsDone;
    if (onRoundFinished) onRoundFinished(result, trainer);
    return result;
}

std::vector<LotteryRound> LotteryDriver::run() {
    std::vector<LotteryRound> results;
    m_runsDone = 0;

    Trainer dense(m_config, m_data);
    if (onRoundStarting) onRoundStarting(0, false, dense);
    if (m_settings.rewindStep > 0) {
        LotteryObserver observer(m_stop, onProgress,
                                 {0, false, 0, dense.totalSteps(), 0, runsTotal()});
        while (dense.step() < m_settings.rewindStep && !stopped())
            if (dense.run(m_settings.rewindStep - dense.step(), &observer) == 0) break;
        if (stopped()) return results;
    }
    m_rewind = dense.captureState();
    if (!train(dense, 0, false)) return results;
    results.push_back(finish(dense, 0, false));

    // The weights and masks at the end of the previous ticket round decide the next masks.
    auto endOf = [](Trainer& t, std::vector<Tensor>& weights, std::vector<Tensor>& masks) {
        weights.clear();
        masks.clear();
        for (const PrunableLayer* layer : t.prunableLayers()) {
            weights.push_back(layer->weight);
            masks.push_back(layer->mask);
        }
    };
    std::vector<Tensor> weights, masks;
    endOf(dense, weights, masks);

    for (int r = 1; r <= m_settings.rounds && !stopped(); ++r) {
        masks = lotteryMasks(weights, masks, m_settings.scope, m_settings.pruneFraction, r);
        {
            Trainer ticket(m_config, m_data);
            ticket.restoreState(*m_rewind);
            ticket.setMasks(masks);
            if (onRoundStarting) onRoundStarting(r, false, ticket);
            if (!train(ticket, r, false)) break;
            results.push_back(finish(ticket, r, false));
            endOf(ticket, weights, masks);
        }
        if (m_settings.control == LotteryControl::Reinit) {
            RunConfig controlConfig = m_config;
            controlConfig.seed = controlSeed(r);
            Trainer control(controlConfig, m_data);
            control.setMasks(masks);
            if (onRoundStarting) onRoundStarting(r, true, control);
            if (!train(control, r, true)) break;
            results.push_back(finish(control, r, true));
        }
    }
    return results;
}

}  // namespace sl
