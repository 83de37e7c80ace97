#include "util/rng.h"

#include <cmath>
#include <numbers>

namespace sl {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed) {
    // splitmix64 spreads any seed (0 included) over the state, as the xoshiro authors advise.
    for (auto& word : m_s) word = splitmix64(seed);
}

Rng Rng::derived(std::uint64_t seed, std::uint64_t stream) {
    return Rng(seed ^ (0xd1b54a32d192ed03ULL * (stream + 1)));
}

std::uint64_t Rng::next() {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

float Rng::uniform() { return static_cast<float>(next() >> 40) * 0x1.0p-24f; }

float Rng::normal() {
    // 1 - uniform() lies in (0, 1], so the log is finite.
    const double u1 = 1.0 - static_cast<double>(next() >> 11) * 0x1.0p-53;
    const double u2 = static_cast<double>(next() >> 11) * 0x1.0p-53;
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * std::numbers::pi * u2;
    return static_cast<float>(r * std::cos(theta));
}

std::uint64_t Rng::below(std::uint64_t n) {
    // Rejection keeps every value equally likely: draw from the largest multiple of n.
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x;
    do {
        x = next();
    } while (x >= limit);
    return x % n;
}

std::vector<std::int32_t> Rng::permutation(std::int32_t n) {
    std::vector<std::int32_t> p(static_cast<std::size_t>(n));
    for (std::int32_t i = 0; i < n; ++i) p[static_cast<std::size_t>(i)] = i;
    for (std::int32_t i = n - 1; i > 0; --i) {
        const auto j = static_cast<std::int32_t>(below(static_cast<std::uint64_t>(i) + 1));
        std::swap(p[static_cast<std::size_t>(i)], p[static_cast<std::size_t>(j)]);
    }
    return p;
}

}  // namespace sl
