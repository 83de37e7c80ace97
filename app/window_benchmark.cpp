#include "window_benchmark.h"

#include "controller/snapshot_size.h"
#include "controller/training_controller.h"
#include "main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <cstdio>
#include <memory>

void startWindowBenchmark(sl::ui::MainWindow& window, double seconds) {
    struct State {
        QElapsedTimer clock;
        long long startStep = -1;
        long long snapshots = 0;
        int redraws = 0;
    };
    auto state = std::make_shared<State>();
    auto* poll = new QTimer(&window);
    poll->setInterval(50);
    QObject::connect(poll, &QTimer::timeout, &window, [&window, seconds, state, poll] {
        const auto s = window.shownSnapshot();
        if (!s) return;
        auto& controller = window.controller();
        if (state->startStep < 0) {
            // Timing starts at the first snapshot that shows the run moving, so data loading
            // and thread start-up stay out of it.
            if (!s->playing) {
                controller.play();
                return;
            }
            state->startStep = s->step;
            state->snapshots = controller.snapshotsPublished();
            state->redraws = window.redrawCount();
            state->clock.start();
            return;
        }
        const double elapsed = state->clock.nsecsElapsed() / 1e9;
        if (elapsed < seconds && !s->finished) return;
        poll->stop();
        const long long steps = s->step - state->startStep;
        std::printf("{\"steps\": %lld, \"seconds\": %.2f, \"engine_steps_per_second\": %.1f, "
                    "\"snapshots_per_second\": %.1f, \"redraws_per_second\": %.1f, "
                    "\"end_step\": %lld, \"snapshot_bytes\": %zu}\n",
                    steps, elapsed, double(steps) / elapsed,
                    double(controller.snapshotsPublished() - state->snapshots) / elapsed,
                    double(window.redrawCount() - state->redraws) / elapsed, s->step,
                    sl::ui::snapshotBytes(*s));
        std::fflush(stdout);
        controller.pause();
        QApplication::quit();
    });
    poll->start();
}
