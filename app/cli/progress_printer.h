#pragma once

#include "train/trainer.h"

#include <chrono>
#include <cstdio>

namespace sl::cli {

// Shows a run's progress: on a terminal one line rewritten in place about ten times a second;
// otherwise (a log file, CI) one plain line per evaluation, so logs stay short and greppable.
class ProgressPrinter : public TrainObserver {
public:
    ProgressPrinter(const Trainer& trainer, bool quiet);
    ~ProgressPrinter() override;

    bool onStep(long long step, double loss) override;
    bool onMetrics(const MetricPoint& point) override;

private:
    void printLine(long long step, bool final);
    double stepsPerSecond(long long step) const;

    const Trainer& m_trainer;
    bool m_terminal;
    bool m_quiet;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
    long long m_startStep;
    double m_loss = 0.0;
    double m_trainAccuracy = -1.0;
    double m_testAccuracy = -1.0;
    double m_testLoss = -1.0;
    bool m_lineOpen = false;
};

}  // namespace sl::cli
