#pragma once

#include "nn/tensor.h"

#include <cstdint>
#include <vector>

namespace sl {

struct LossResult {
    double loss = 0.0;  // mean over the batch
    int correct = 0;    // examples whose largest logit is their label
};

// Softmax followed by cross-entropy, fused so that it is stable for large logits (the max is
// subtracted) and its gradient is simply (softmax - onehot) / batch. logits is (classes, batch).
// dlogits may be null when only the loss is wanted (evaluation).
LossResult softmaxCrossEntropy(const Activations& logits, const std::vector<std::int32_t>& labels,
                               Activations* dlogits);

}  // namespace sl
