#pragma once

#include <utility>
#include <vector>

namespace sl {

// What the dense backend's products cost on given layer shapes: per layer of (rows, cols)
// the three GEMMs of a dense training step at this batch (forward W·X, dW = dY·Xᵀ,
// dX = Wᵀ·dY), on random matrices, best of a few repetitions, in milliseconds. The Cost panel
// sets it beside the measured milliseconds per step of a sparse run. Returns a negative
// value when a layer would take more than kMaxDenseBytes to hold densely (issue 13's giant
// layers): such a dense equivalent cannot run here.
inline constexpr long long kMaxDenseEquivalentBytes = 512LL << 20;
double denseProductsMs(const std::vector<std::pair<int, int>>& shapes, int batch);

}  // namespace sl
