#pragma once

#include "controller/snapshot.h"
#include "controller/text_probe.h"
#include "train/trainer.h"

#include <chrono>
#include <vector>

namespace sl::ui {

// Builds RunSnapshots from a Trainer on the worker thread, and keeps what a snapshot needs
// but the engine does not: fade levels of just-grown and just-pruned weights, the last
// update's explanation per layer, and the schedule curve. The heatmap images are built here
// (heatmap/heatmap_builder.h), so the GUI thread only draws. The metric history and the mask
// updates go into snapshots as shared chunks, not copies.
class SnapshotBuilder {
public:
    // A new run starts, or one continues from a checkpoint: the mask-update history and the
    // fades are rebuilt from the trainer's recorded events.
    void reset(Trainer& trainer);
    // Called with every mask change as it happens, while the method's scores are current.
    void onMaskUpdate(Trainer& trainer, const std::vector<MaskUpdateEvent>& events);
    // The schedule curve depends on ΔT and α: rebuilt after live changes.
    void rebuildSchedule(Trainer& trainer);

    // Errors do not travel in snapshots: the worker reports them once, through failed().
    SnapshotPtr build(Trainer& trainer, bool playing, double stepsPerSecond, const QString& notice);
    // The layers whose per-weight data (weights, mask, fades, heatmap, histograms, the last
    // update's explanation) go into snapshots; the others carry their figures only.
    void setDetailLayers(std::vector<int> layers) { m_detail = std::move(layers); }
    // For a layer shown as a density map: the weights the view is zoomed into, read per
    // weight into the snapshots' LayerSnapshot::window. rows or cols 0 clears it.
    struct WindowRequest {
        int layer = -1;
        int row0 = 0, col0 = 0, rows = 0, cols = 0;
    };
    void setDetailWindow(WindowRequest request) { m_window = request; }
    // What the Text view asks of a gpt run; answered in the next snapshot.
    void setTextRequest(const TextRequest& request) { m_text.setRequest(request); }

private:
    void fade(const MaskUpdateEvent& event);
    // A shown layer's weights, mask, fades, histograms and heatmap, from m_shown[l] when the
    // engine's weights and mask still equal what it holds.
    void fillPerWeight(LayerSnapshot& snapshot, const PrunableLayer& layer, std::size_t l);

    long long m_runId = 0;
    std::vector<int> m_detail{0};
    // Edited in place only while no snapshot holds them (SharedArray): a mask update gives
    // the layer new fade arrays, which is how fillPerWeight() notices it.
    std::vector<SharedArray<std::uint8_t>> m_grownFade;
    std::vector<SharedArray<std::uint8_t>> m_prunedFade;
    // Per layer on screen, the per-weight part of its last snapshot, handed on unchanged while
    // the layer's weights and mask are bit for bit the same: a paused run publishes the same
    // arrays and pixels 30 times a second instead of copies. Checked by content, not by step,
    // so that a prune, a rewind or a restored state without a step cannot leave it stale.
    // Training changes the weights every step (they and the heatmap are copied again); the
    // mask and the fades stay shared until the next mask update.
    std::vector<LayerSnapshot> m_shown;
    std::vector<SharedValue<UpdateExplanation>> m_explanations;
    std::vector<double> m_lastDropFraction;  // per layer: α_t of its last update, NaN unknown
    // The last mask update of each layer shown as a density map, its scores left out: the
    // blocks it changed are marked from its bounded position lists.
    std::vector<MaskUpdateEvent> m_lastChange;
    std::vector<bool> m_density;  // the layer is shown as a density map
    WindowRequest m_window;
    void rememberChange(const MaskUpdateEvent& event);
    // Kept once, here: snapshots hold the same sealed chunks (RunSnapshot::maskUpdates).
    MaskUpdateSeries m_updates;
    // The trainer's history as the snapshots share it, appended from trainer.history().
    void syncHistory(const Trainer& trainer);
    MetricSeries m_history;
    std::vector<long long> m_scheduleSteps;
    std::vector<double> m_scheduleTarget;
    std::vector<double> m_scheduleDrop;
    // Mixture-of-experts routing costs a forward of 1000 test examples: measured again only
    // when the model has trained on and a quarter second has passed, otherwise reused.
    void refreshRouting(Trainer& trainer, RunSnapshot& snapshot);
    long long m_routingStep = -1;
    std::chrono::steady_clock::time_point m_routingTime;
    std::vector<double> m_expertFraction;
    std::vector<std::vector<double>> m_classRouting;
    // The step clock: the trainer's seconds and step at the last snapshot, the last figure,
    // and the dense equivalent of this run's shapes (measured at the first snapshot of a run).
    void measureStepCost(Trainer& trainer, RunSnapshot& snapshot);
    double m_clockSeconds = 0.0;
    long long m_clockStep = -1;
    double m_msPerStep = -1.0;
    double m_denseProductsMs = -1.0;
    bool m_denseMeasured = false;
    TextProbe m_text;
};

}  // namespace sl::ui
