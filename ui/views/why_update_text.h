#pragma once

#include "controller/snapshot.h"

#include <QString>

namespace sl::ui {

// The words of the "why this update" view, kept apart from the drawing so they can be tested.

// The method's display name from its registry descriptor, translated; unknown names unchanged.
QString methodDisplayName(const QString& method);

// How many weights the layer's last update dropped and grew. The layer's own counts are
// exact; the explanation's score lists are the fallback when they describe another update.
int droppedCount(const LayerSnapshot& layer);
int grownCount(const LayerSnapshot& layer);

// "Step 4600: dropped 412, grew 412"
QString updateTitle(const LayerSnapshot& layer);

// One plain sentence on what the update did and by which rule, e.g. "RigL dropped the 412
// active weights with the smallest |w| and grew the 412 inactive weights with the largest
// |gradient|."
QString updateSentence(const QString& method, const LayerSnapshot& layer);

// Why that many were dropped, for methods that drop a fraction α_t of the active weights at
// each update (#17), with the count the engine dropped and the α_t it used, shown to as many
// digits as make them agree: "Why 1,147: at step 250 the drop fraction α_t was 0.256, and
// 0.256 × 4,480 active weights rounds to 1,147." α_t is the one the engine kept with the
// update (LayerSnapshot::lastDropFraction). When it is not known or does not give that count,
// α_t is read off the sampled schedule and the product is marked approximate (≈). Empty for
// other methods, an update that dropped none, or a run without a schedule.
QString dropCountSentence(const RunSnapshot& snapshot, const LayerSnapshot& layer);
// The drop fraction of the sampled schedule at `step` (linear between samples); -1 without one.
double dropFractionAt(const RunSnapshot& snapshot, long long step);

// Shown instead of the histograms before the layer's first update.
QString noUpdateMessage(const RunSnapshot& snapshot, const LayerSnapshot& layer);

bool isRandomGrowth(const UpdateExplanation& explanation);

// When the training loss jumped right after the update at `step`: "The loss then jumped from
// 1.04 to 28.97: 4,366 weights entered with mean |w| 0.31, against 0.05 for the kept ones."
// Empty otherwise.
QString lossSpikeSentence(const RunSnapshot& snapshot, long long step);

}  // namespace sl::ui
