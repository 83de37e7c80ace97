#pragma once

#include "train/trainer.h"

#include <nlohmann/json.hpp>

namespace sl::cli {

// How long a gpt run takes to reach a held-out bits-per-character target (`train
// --time-to-bpc`): the first evaluation at or under it, in steps, training characters, and the
// process's CPU seconds and wall seconds spent training up to it. Evaluation time is left out
// (the clocks pause between a step's callback and the evaluation's), so runs that evaluate
// equally often compare by their training work alone. Forwards every callback to `inner`.
class TimeToLoss : public TrainObserver {
public:
    TimeToLoss(TrainObserver& inner, const Trainer& trainer, double targetBitsPerCharacter);

    bool onStep(long long step, double loss) override;
    bool onMetrics(const MetricPoint& point) override;
    bool onMaskUpdate(const std::vector<MaskUpdateEvent>& events) override {
        return m_inner.onMaskUpdate(events);
    }

    // {target_bits_per_character, reached, step, characters, cpu_seconds, wall_seconds,
    // bits_per_character}; the last five are null when the target was not reached.
    nlohmann::json result() const;
    // Training CPU and wall seconds so far (evaluations left out).
    double cpuSeconds() const { return m_cpu; }
    double wallSeconds() const { return m_wall; }

private:
    void advanceClocks();

    TrainObserver& m_inner;
    const Trainer& m_trainer;
    double m_target;
    double m_lastCpu = 0.0;
    double m_lastWall = 0.0;
    double m_cpu = 0.0;
    double m_wall = 0.0;
    bool m_reached = false;
    nlohmann::json m_at;
};

}  // namespace sl::cli
