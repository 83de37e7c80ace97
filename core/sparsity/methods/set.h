#pragma once

#include "sparsity/methods/drop_and_grow.h"

namespace sl {

// `set`: Sparse Evolutionary Training (Mocanu et al. 2018). Grows inactive weights chosen
// uniformly at random from the run's generator.
struct RandomGrowth {
    static constexpr const char* kName = "set";
    static constexpr const char* kCriterion = "random";
    static constexpr bool kNeedsGradient = false;
    static std::vector<std::int32_t> choose(std::vector<std::int32_t> candidates, long long k,
                                            const Tensor&, Rng& rng) {
        // Partial Fisher-Yates: the first k places become a uniform sample.
        const auto n = static_cast<std::uint64_t>(candidates.size());
        for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(k); ++i)
            std::swap(candidates[i], candidates[i + rng.below(n - i)]);
        candidates.resize(static_cast<std::size_t>(k));
        std::sort(candidates.begin(), candidates.end());
        return candidates;
    }
};

using Set = DropAndGrow<RandomGrowth>;

}  // namespace sl
