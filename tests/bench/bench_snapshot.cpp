// What one live-view snapshot costs: the bytes it holds and the bytes it copies (what is not
// shared with the previous snapshot), the worker's CPU time to build one, and the GUI thread's
// CPU time to apply one to the views that draw from it. Prints one JSON line per model.
//
//   bench_snapshot [--steps-per-snapshot N] [--snapshots N] [--skip-big] [--giant]
//
// The reference MLP (784-300-100-10, RigL 90 %) trains for real between snapshots (and, in
// the rows marked paused, not at all: a paused window's snapshots); the
// 2 × 20000 born-sparse model is resources/lessons/fashion-mnist-dense-cannot-hold.json.
// --giant adds the same lesson at 2 × 100000 (10.1·10⁹ weights, 10 million active, #13) with
// a mask update every 2 steps, so that every snapshot measured follows one: it takes a few
// minutes and about 2 GB.
// Times are thread CPU time (CLOCK_THREAD_CPUTIME_ID), so other processes on the machine do
// not count; the first snapshot of a run is left out (it measures the dense GEMMs once).
// Per view, the GUI thread's longest and median time to take a snapshot (setSnapshot or
// setRuns) and draw it (QWidget::grab at the view's size, 683 × 400: half a 1366 × 768
// screen) — the window's budget is 50 ms per redraw.

#include "charts/churn_chart.h"
#include "charts/loss_accuracy_chart.h"
#include "charts/schedule_chart.h"
#include "charts/weight_histogram_chart.h"
#include "controller/snapshot_builder.h"
#include "controller/snapshot_size.h"
#include "io/json_config.h"
#include "panels/layer_sparsity_panel.h"
#include "run_book.h"
#include "train/run_setup.h"
#include "views/mask_heatmap_view.h"
#include "views/why_update_view.h"

#include <QApplication>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

double threadSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Hands mask events to the builder inside the step, as the window's worker does (RigL's
// backward inputs are still there), and times it: worker CPU at each update.
class Watcher : public sl::TrainObserver {
public:
    Watcher(sl::ui::SnapshotBuilder& builder, sl::Trainer& trainer) : m_b(builder), m_t(trainer) {}
    bool onMaskUpdate(const std::vector<sl::MaskUpdateEvent>& events) override {
        const double t0 = threadSeconds();
        m_b.onMaskUpdate(m_t, events);
        seconds.push_back(threadSeconds() - t0);
        return true;
    }
    std::vector<double> seconds;

private:
    sl::ui::SnapshotBuilder& m_b;
    sl::Trainer& m_t;
};

// The views MainWindow::redraw hands every snapshot to, minus the ones for gpt and moe runs.
struct Views {
    sl::ui::RunBook runs;
    sl::ui::MaskHeatmapView heatmap;
    sl::ui::WhyUpdateView why;
    sl::ui::WeightHistogramChart histogram;
    sl::ui::LayerSparsityPanel layers;
    sl::ui::LossAccuracyChart loss;
    sl::ui::ChurnChart churn;
    sl::ui::ScheduleChart schedule;
    static constexpr int kViews = 7;
    static constexpr const char* kNames[kViews] = {"heatmap", "why",   "histogram", "layers",
                                                   "loss",    "churn", "schedule"};
    // Per view: thread CPU seconds of taking each snapshot and drawing it.
    std::vector<double> times[kViews];

    QWidget* widget(int i) {
        QWidget* w[kViews] = {&heatmap, &why, &histogram, &layers, &loss, &churn, &schedule};
        return w[i];
    }
    Views() {
        for (int i = 0; i < kViews; ++i) widget(i)->resize(683, 400);
    }
    void take(int i, const sl::ui::SnapshotPtr& s) {
        switch (i) {
        case 0: heatmap.setSnapshot(s); break;
        case 1: why.setSnapshot(s); break;
        case 2: histogram.setSnapshot(s); break;
        case 3: layers.setSnapshot(s); break;
        case 4: loss.setRuns(runs.runs()); break;
        case 5: churn.setRuns(runs.runs()); break;
        default: schedule.setRuns(runs.runs()); break;
        }
    }
    // timed: record each view's take-and-draw time.
    void apply(const sl::ui::SnapshotPtr& s, bool timed) {
        runs.setLive(s);
        for (int i = 0; i < kViews; ++i) {
            const double t0 = threadSeconds();
            take(i, s);
            if (timed) {
                (void)widget(i)->grab();
                times[i].push_back(threadSeconds() - t0);
            }
        }
    }
    std::string json() const {
        std::string out = "{";
        for (int i = 0; i < kViews; ++i) {
            const auto& t = times[i];
            char cell[128];
            std::snprintf(cell, sizeof cell, "%s\"%s\": [%.2f, %.2f]", i ? ", " : "", kNames[i],
                          t.empty() ? 0.0 : 1000.0 * *std::max_element(t.begin(), t.end()),
                          1000.0 * median(t));
            out += cell;
        }
        return out + "}";
    }
};

// paused: the run trains stepsPerSnapshot × snapshots steps first, then snapshots follow
// one another with no step between (a paused window still publishes them).
void measure(const char* name, const sl::RunConfig& config, long long stepsPerSnapshot,
             int snapshots, int shownLayer, bool paused = false) {
    const double t0 = threadSeconds();
    sl::Trainer trainer(config, sl::loadRunData(config));
    const double setupSeconds = threadSeconds() - t0;
    sl::ui::SnapshotBuilder builder;
    builder.reset(trainer);
    builder.setDetailLayers({shownLayer});
    Views views;
    views.heatmap.setCurrentLayer(shownLayer);

    std::vector<double> build, apply;
    std::vector<double> held, copied;
    sl::ui::SnapshotPtr previous;
    Watcher watcher(builder, trainer);
    if (paused) trainer.run(stepsPerSnapshot * snapshots, &watcher);
    for (int i = 0; i <= snapshots && (paused || !trainer.finished()); ++i) {
        if (i > 0 && !paused) trainer.run(stepsPerSnapshot, &watcher);
        const double b0 = threadSeconds();
        const sl::ui::SnapshotPtr s = builder.build(trainer, true, 0.0, {});
        const double b1 = threadSeconds();
        views.apply(s, i > 0);
        const double a1 = threadSeconds();
        if (i == 0) views.heatmap.setCurrentLayer(shownLayer);
        if (i > 0) {
            build.push_back(b1 - b0);
            apply.push_back(a1 - b1);
            held.push_back(double(sl::ui::snapshotBytes(*s)));
            copied.push_back(double(sl::ui::copiedBytes(*s, previous.get())));
        }
        previous = s;
    }
    const auto& last = *previous;
    std::printf("{\"model\": \"%s\", \"shown_layer\": %d, \"paused\": %s, \"snapshots\": %zu, "
                "\"end_step\": %lld, "
                "\"history_points\": %zu, \"mask_updates\": %zu, "
                "\"bytes_held_last\": %.0f, \"bytes_copied_median\": %.0f, "
                "\"bytes_copied_last\": %.0f, \"build_ms_median\": %.3f, "
                "\"build_ms_max\": %.3f, \"on_mask_update_ms_max\": %.3f, "
                "\"apply_and_draw_ms_median\": %.3f, \"setup_s\": %.2f, "
                "\"view_ms_max_median\": %s}\n",
                name, shownLayer, paused ? "true" : "false", build.size(), last.step,
                last.history.size(), last.maskUpdates.size(), held.empty() ? 0.0 : held.back(),
                median(copied), copied.empty() ? 0.0 : copied.back(), 1000.0 * median(build),
                build.empty() ? 0.0 : 1000.0 * *std::max_element(build.begin(), build.end()),
                watcher.seconds.empty()
                    ? 0.0
                    : 1000.0 * *std::max_element(watcher.seconds.begin(), watcher.seconds.end()),
                1000.0 * median(apply), setupSeconds, views.json().c_str());
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    long long stepsPerSnapshot = 8;
    int snapshots = 60;
    bool big = true;
    bool giant = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--steps-per-snapshot" && i + 1 < argc) stepsPerSnapshot = std::stoll(argv[++i]);
        else if (a == "--snapshots" && i + 1 < argc) snapshots = std::stoi(argv[++i]);
        else if (a == "--skip-big") big = false;
        else if (a == "--giant") giant = true;
        else {
            std::fprintf(stderr, "bench_snapshot: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    sl::RunConfig reference;       // the default lesson: 784-300-100-10, RigL 90 %, Fashion-MNIST
    reference.train.logEvery = 4;  // a long history, as after a long run
    measure("mlp-784-300-100-10", reference, stepsPerSnapshot, snapshots, 0);
    measure("mlp-784-300-100-10", reference, stepsPerSnapshot, snapshots, 1);
    measure("mlp-784-300-100-10", reference, stepsPerSnapshot, snapshots, 0, true);
    measure("mlp-784-300-100-10", reference, stepsPerSnapshot, snapshots, 1, true);
    if (big) {
        const sl::RunConfig lesson = sl::loadRunConfig(
            SPARSELAB_SOURCE_DIR "/resources/lessons/fashion-mnist-dense-cannot-hold.json", {});
        measure("2x20000-born-sparse", lesson, 2, std::max(4, snapshots / 4), 1);
    }
    if (giant) {
        sl::RunConfig config = sl::loadRunConfig(
            SPARSELAB_SOURCE_DIR "/resources/lessons/fashion-mnist-dense-cannot-hold.json", {});
        config.model.hidden = {100000, 100000};
        config.sparsity.deltaT = 2;  // a mask update before every snapshot measured
        measure("2x100000-set-erk-update-every-snapshot", config, 2, 3, 1);
    }
    return 0;
}
