#include "time_to_loss.h"

#include "train/text_metrics.h"

#include <chrono>
#include <ctime>

namespace sl::cli {
namespace {

double processCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double wallSeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

TimeToLoss::TimeToLoss(TrainObserver& inner, const Trainer& trainer, double target)
    : m_inner(inner), m_trainer(trainer), m_target(target), m_lastCpu(processCpuSeconds()),
      m_lastWall(sl::cli::wallSeconds()) {}

void TimeToLoss::advanceClocks() {
    const double cpu = processCpuSeconds();
    const double wall = sl::cli::wallSeconds();
    m_cpu += cpu - m_lastCpu;
    m_wall += wall - m_lastWall;
    m_lastCpu = cpu;
    m_lastWall = wall;
}

bool TimeToLoss::onStep(long long step, double loss) {
    advanceClocks();  // the step just taken
    return m_inner.onStep(step, loss);
}

bool TimeToLoss::onMetrics(const MetricPoint& point) {
    const bool keepGoing = m_inner.onMetrics(point);
    if (!m_reached && point.hasTest() && bitsPerCharacter(point.testLoss) <= m_target) {
        m_reached = true;
        const RunConfig& c = m_trainer.config();
        m_at = {{"step", point.step},
                {"characters",
                 point.step * c.train.batchSize * static_cast<long long>(c.model.context)},
                {"cpu_seconds", m_cpu},
                {"wall_seconds", m_wall},
                {"bits_per_character", bitsPerCharacter(point.testLoss)}};
    }
    // The evaluation just done is not training time.
    m_lastCpu = processCpuSeconds();
    m_lastWall = sl::cli::wallSeconds();
    return keepGoing;
}

nlohmann::json TimeToLoss::result() const {
    nlohmann::json out = {{"target_bits_per_character", m_target}, {"reached", m_reached}};
    for (const char* key :
         {"step", "characters", "cpu_seconds", "wall_seconds", "bits_per_character"})
        out[key] = m_reached ? m_at[key] : nlohmann::json();
    out["training_cpu_seconds"] = m_cpu;
    out["training_wall_seconds"] = m_wall;
    return out;
}

}  // namespace sl::cli
