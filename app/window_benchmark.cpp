#include "window_benchmark.h"

#include "controller/snapshot_size.h"
#include "controller/training_controller.h"
#include "main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

namespace {

double threadCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

}  // namespace

void startWindowBenchmark(sl::ui::MainWindow& window, double seconds) {
    struct State {
        QElapsedTimer clock;
        long long startStep = -1;
        long long snapshots = 0;
        int redraws = 0;
        // The GUI thread's longest stall: a 1 ms timer fires late by as long as the thread was
        // busy (a paint, a snapshot's update) — or, on a loaded machine, waiting for a core,
        // so the thread's own CPU time between two firings is kept beside the wall gap.
        QElapsedTimer tick;
        double lastCpu = 0.0;
        double longestGapMs = 0.0;
        double longestCpuMs = 0.0;
        int gapsOver50 = 0;
    };
    auto state = std::make_shared<State>();
    auto* probe = new QTimer(&window);
    probe->setTimerType(Qt::PreciseTimer);
    probe->setInterval(1);
    QObject::connect(probe, &QTimer::timeout, &window, [state] {
        const double cpu = threadCpuSeconds();
        if (state->startStep >= 0 && state->tick.isValid()) {
            const double gap = state->tick.nsecsElapsed() / 1e6;
            state->longestGapMs = std::max(state->longestGapMs, gap);
            state->longestCpuMs = std::max(state->longestCpuMs, (cpu - state->lastCpu) * 1e3);
            state->gapsOver50 += gap > 50.0;
        }
        state->tick.start();
        state->lastCpu = cpu;
    });
    probe->start();
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
                    "\"end_step\": %lld, \"snapshot_bytes\": %zu, "
                    "\"gui_longest_gap_ms\": %.1f, \"gui_longest_busy_cpu_ms\": %.1f, "
                    "\"gui_gaps_over_50ms\": %d}\n",
                    steps, elapsed, double(steps) / elapsed,
                    double(controller.snapshotsPublished() - state->snapshots) / elapsed,
                    double(window.redrawCount() - state->redraws) / elapsed, s->step,
                    sl::ui::snapshotBytes(*s), state->longestGapMs, state->longestCpuMs,
                    state->gapsOver50);
        std::fflush(stdout);
        controller.pause();
        QApplication::quit();
    });
    poll->start();
}
