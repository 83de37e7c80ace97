#pragma once

#include "controller/snapshot.h"

#include <cstddef>

namespace sl::ui {

// The bytes a snapshot holds (its vectors, strings and images, not allocator slack), for
// `sparselab --measure` and the lean-snapshot test: what publishing it 30 times a second costs.
std::size_t snapshotBytes(const RunSnapshot& snapshot);
std::size_t layerBytes(const LayerSnapshot& layer);
std::size_t explanationBytes(const UpdateExplanation& explanation);
// The bytes building the snapshot wrote anew: snapshotBytes less what it shares with
// `previous` (null: nothing shared).
std::size_t copiedBytes(const RunSnapshot& snapshot, const RunSnapshot* previous);

}  // namespace sl::ui
