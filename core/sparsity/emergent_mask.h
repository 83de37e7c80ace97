#pragma once

#include "nn/prunable_layer.h"
#include "sparsity/mask_event.h"

namespace sl {

// Regularizers (l1, l0) do not prune: the mask only shows which weights are in use, so the
// tracker, charts and heatmaps can follow the emergent sparsity. This sets `mask` to `next`
// (0/1) and reports the difference: pruned = went out of use, grown = came back.
MaskUpdateEvent replaceMask(Tensor& mask, const Tensor& next, long long step, int layer);

}  // namespace sl
