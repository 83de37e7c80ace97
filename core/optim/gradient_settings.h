#pragma once

#include <string>

namespace sl {

// The `gradient` section of a run config: what happens to the gradient between backward and
// the optimizer.
struct GradientSettings {
    float clipNorm = 0.0f;             // clip the global L2 norm to this (0 = off)
    float clipValue = 0.0f;            // clip every entry to ±this (0 = off)
    std::string compression = "none";  // none, topk, sparse-updates
    float density = 0.01f;             // topk / sparse-updates: fraction of entries kept per tensor
    bool errorFeedback = true;         // topk: add the dropped remainder back next step
    bool momentumCorrection = false;   // topk: Deep Gradient Compression's local momentum
};

}  // namespace sl
