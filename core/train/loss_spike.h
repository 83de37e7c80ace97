#pragma once

#include "nn/prunable_layer.h"
#include "sparsity/mask_event.h"

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace sl {

// The training loss jumped right after a mask update: what the window marks and explains.
struct LossSpikeEvent {
    long long step = 0;           // the mask update's step; `loss` is of the step after it
    double loss = 0.0;            // training loss of the first step after the update
    double recentLevel = 0.0;     // mean training loss of the steps before the update
    long long entered = 0;        // weights the update made active
    double enteredMeanAbs = 0.0;  // their mean |w| as they entered
    double activeMeanAbs = 0.0;   // mean |w| of the weights that stayed active
};

// Watches the per-step training loss of any method. A spike is the first loss after a mask
// update that is at least kRatio times the mean of the last kWindow losses and kMargin above
// it: batch-to-batch noise on Fashion-MNIST stays well inside that, while the collapse of
// literal movement pruning went from about 1 to 29.
class LossSpikeDetector {
public:
    static constexpr std::size_t kWindow = 20;
    static constexpr std::size_t kMinWindow = 5;  // fewer losses than this: no level yet
    static constexpr double kRatio = 2.0;
    static constexpr double kMargin = 0.25;

    // After a mask update at `step` (the method has set the new masks and weights).
    void maskUpdated(long long step, const std::vector<MaskUpdateEvent>& events,
                     const std::vector<PrunableLayer*>& layers);
    // The training loss of `step`, in step order. Returns the spike it completes, if any.
    std::optional<LossSpikeEvent> observe(long long step, double loss);

    const std::vector<LossSpikeEvent>& events() const { return m_events; }
    // A resumed run starts watching afresh; the spikes before it come from the checkpoint.
    void setEvents(std::vector<LossSpikeEvent> events) { m_events = std::move(events); }

private:
    std::deque<double> m_recent;
    std::optional<LossSpikeEvent> m_pending;  // the last update, waiting for its next loss
    std::vector<LossSpikeEvent> m_events;
};

// One sentence for people: "the loss jumped from 1.04 to 28.97 after the update at step 100:
// 4,366 weights entered with mean |w| 0.31 against 0.05 for the kept ones".
std::string describeLossSpike(const LossSpikeEvent& spike);

// step,loss,recent_level,entered,entered_mean_abs,active_mean_abs — one row per spike.
std::string lossSpikesCsv(const std::vector<LossSpikeEvent>& spikes);

}  // namespace sl
