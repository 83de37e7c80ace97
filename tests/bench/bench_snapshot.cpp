// What one live-view snapshot costs: the bytes it holds and the bytes it copies (what is not
// shared with the previous snapshot), the worker's CPU time to build one, and the GUI thread's
// CPU time to apply one to the views that draw from it. Prints one JSON line per model.
//
//   bench_snapshot [--steps-per-snapshot N] [--snapshots N] [--skip-big]
//
// The reference MLP (784-300-100-10, RigL 90 %) trains for real between snapshots; the
// 2 × 20000 born-sparse model is resources/lessons/fashion-mnist-dense-cannot-hold.json.
// Times are thread CPU time (CLOCK_THREAD_CPUTIME_ID), so other processes on the machine do
// not count; the first snapshot of a run is left out (it measures the dense GEMMs once).

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

    Views() {
        for (QWidget* w : std::initializer_list<QWidget*>{&heatmap, &why, &histogram, &layers,
                                                          &loss, &churn, &schedule})
            w->resize(640, 400);
    }
    void apply(const sl::ui::SnapshotPtr& s) {
        runs.setLive(s);
        loss.setRuns(runs.runs());
        churn.setRuns(runs.runs());
        schedule.setRuns(runs.runs());
        heatmap.setSnapshot(s);
        why.setSnapshot(s);
        histogram.setSnapshot(s);
        layers.setSnapshot(s);
    }
};

void measure(const char* name, const sl::RunConfig& config, long long stepsPerSnapshot,
             int snapshots, int shownLayer) {
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
    std::size_t seen = trainer.maskEvents().size();
    for (int i = 0; i <= snapshots && !trainer.finished(); ++i) {
        if (i > 0) {
            trainer.run(stepsPerSnapshot);
            const std::vector<sl::MaskUpdateEvent> fresh(trainer.maskEvents().begin() + long(seen),
                                                         trainer.maskEvents().end());
            seen = trainer.maskEvents().size();
            if (!fresh.empty()) builder.onMaskUpdate(trainer, fresh);
        }
        const double b0 = threadSeconds();
        const sl::ui::SnapshotPtr s = builder.build(trainer, true, 0.0, {});
        const double b1 = threadSeconds();
        views.apply(s);
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
    std::printf("{\"model\": \"%s\", \"shown_layer\": %d, \"snapshots\": %zu, \"end_step\": %lld, "
                "\"history_points\": %zu, \"mask_updates\": %zu, "
                "\"bytes_held_last\": %.0f, \"bytes_copied_median\": %.0f, "
                "\"bytes_copied_last\": %.0f, \"build_ms_median\": %.3f, "
                "\"apply_ms_median\": %.3f, \"setup_s\": %.2f}\n",
                name, shownLayer, build.size(), last.step, last.history.size(),
                last.maskUpdates.size(), held.empty() ? 0.0 : held.back(), median(copied),
                copied.empty() ? 0.0 : copied.back(), 1000.0 * median(build),
                1000.0 * median(apply), setupSeconds);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    long long stepsPerSnapshot = 8;
    int snapshots = 60;
    bool big = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--steps-per-snapshot" && i + 1 < argc) stepsPerSnapshot = std::stoll(argv[++i]);
        else if (a == "--snapshots" && i + 1 < argc) snapshots = std::stoi(argv[++i]);
        else if (a == "--skip-big") big = false;
        else {
            std::fprintf(stderr, "bench_snapshot: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    sl::RunConfig reference;       // the default lesson: 784-300-100-10, RigL 90 %, Fashion-MNIST
    reference.train.logEvery = 4;  // a long history, as after a long run
    measure("mlp-784-300-100-10", reference, stepsPerSnapshot, snapshots, 0);
    measure("mlp-784-300-100-10", reference, stepsPerSnapshot, snapshots, 1);
    if (big) {
        const sl::RunConfig giant = sl::loadRunConfig(
            SPARSELAB_SOURCE_DIR "/resources/lessons/fashion-mnist-dense-cannot-hold.json", {});
        measure("2x20000-born-sparse", giant, 2, std::max(4, snapshots / 4), 1);
    }
    return 0;
}
