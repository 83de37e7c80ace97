#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace sl {

// The one seeded generator of a run (xoshiro256**, Blackman & Vigna 2018). Written out here
// rather than std::mt19937 + std distributions because the standard distributions differ
// between library versions, and a checkpoint must resume bit for bit: the whole state is four
// words that a checkpoint stores as they are.
class Rng {
public:
    using State = std::array<std::uint64_t, 4>;

    explicit Rng(std::uint64_t seed = 0);

    std::uint64_t next();
    // Uniform in [0, 1) with 24 random bits, the resolution of a float.
    float uniform();
    float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
    // Standard normal (Box-Muller). The pair's second value is dropped so that the state stays
    // the four words above and nothing else.
    float normal();
    // Uniform integer in [0, n), without modulo bias. n must be > 0.
    std::uint64_t below(std::uint64_t n);
    // Fisher-Yates shuffle of 0..n-1.
    std::vector<std::int32_t> permutation(std::int32_t n);

    // A generator for a sub-task (e.g. a dataset) that does not disturb this one's sequence.
    static Rng derived(std::uint64_t seed, std::uint64_t stream);

    State state() const { return m_s; }
    void setState(const State& s) { m_s = s; }

private:
    State m_s{};
};

}  // namespace sl
