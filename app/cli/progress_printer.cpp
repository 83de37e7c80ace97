#include "progress_printer.h"

#include "train/model_kind.h"
#include "train/text_metrics.h"

#include <cmath>

#include <unistd.h>

namespace sl::cli {

ProgressPrinter::ProgressPrinter(const Trainer& trainer, bool quiet)
    : m_trainer(trainer), m_terminal(::isatty(STDERR_FILENO) == 1), m_quiet(quiet),
      m_start(std::chrono::steady_clock::now()), m_lastDraw(m_start), m_startStep(trainer.step()) {}

ProgressPrinter::~ProgressPrinter() {
    if (m_lineOpen) std::fputc('\n', stderr);
}

double ProgressPrinter::stepsPerSecond(long long step) const {
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    return s > 0 ? double(step - m_startStep) / s : 0.0;
}

bool ProgressPrinter::onStep(long long step, double loss) {
    m_loss = loss;
    if (!m_terminal || m_quiet) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastDraw >= std::chrono::milliseconds(100) || step == m_trainer.totalSteps()) {
        m_lastDraw = now;
        printLine(step, false);
    }
    return true;
}

bool ProgressPrinter::onMetrics(const MetricPoint& point) {
    if (!std::isnan(point.trainAccuracy)) m_trainAccuracy = point.trainAccuracy;
    if (!std::isnan(point.trainLoss)) m_loss = point.trainLoss;
    if (point.hasTest()) {
        m_testAccuracy = point.testAccuracy;
        m_testLoss = point.testLoss;
        if (!m_quiet) printLine(point.step, true);
    }
    return true;
}

void ProgressPrinter::printLine(long long step, bool final) {
    char test[32] = "   -  ";
    if (m_testAccuracy >= 0) std::snprintf(test, sizeof test, "%5.2f%%", 100.0 * m_testAccuracy);
    char line[256];
    if (isLanguageModel(m_trainer.config())) {
        // A language model: bits per character over every character of the windows.
        char held[48] = "   -  ";
        if (m_testLoss >= 0)
            std::snprintf(held, sizeof held, "%.3f bpc (ppl %.2f)", bitsPerCharacter(m_testLoss),
                          std::exp(m_testLoss));
        std::snprintf(line, sizeof line,
                      "epoch %d/%d  step %lld/%lld  train %.3f bpc  held-out %s  %.0f chars/s",
                      m_trainer.epoch(), m_trainer.config().train.epochs, step,
                      m_trainer.totalSteps(), bitsPerCharacter(m_loss), held,
                      stepsPerSecond(step) * m_trainer.config().train.batchSize *
                          m_trainer.config().model.context);
    } else {
        std::snprintf(
            line, sizeof line,
            "epoch %d/%d  step %lld/%lld  loss %.4f  train %5.2f%%  test %s  %.0f steps/s",
            m_trainer.epoch(), m_trainer.config().train.epochs, step, m_trainer.totalSteps(),
            m_loss, 100.0 * std::max(0.0, m_trainAccuracy), test, stepsPerSecond(step));
    }
    if (m_terminal) {
        // \033[K clears what a longer previous line left behind.
        std::fprintf(stderr, "\r%s\033[K", line);
        m_lineOpen = true;
        if (final) {
            std::fputc('\n', stderr);
            m_lineOpen = false;
        }
    } else if (final) {
        std::fprintf(stdout, "%s\n", line);
        std::fflush(stdout);
    }
}

}  // namespace sl::cli
