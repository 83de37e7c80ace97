#pragma once

#include "sparsity/methods/drop_and_grow.h"

namespace sl {

// `rigl`: Rigging the Lottery (Evci et al. 2020). Grows the inactive weights with the largest
// dense-gradient magnitude, computed only at update steps.
struct GradientGrowth {
    static constexpr const char* kName = "rigl";
    static constexpr const char* kCriterion = "|gradient|";
    static constexpr bool kNeedsGradient = true;
    static std::vector<std::int32_t> choose(std::vector<std::int32_t> candidates, long long k,
                                            const Tensor& gradientMagnitude, Rng&) {
        return topK(gradientMagnitude.data(), std::move(candidates), k);
    }
};

using RigL = DropAndGrow<GradientGrowth>;

}  // namespace sl
