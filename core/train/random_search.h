#pragma once

#include "train/sweep_plan.h"

#include <cstdint>
#include <vector>

namespace sl {

// Random search (Bergstra & Bengio 2012): each trial draws every range uniformly — in the
// logarithm for :log ranges, the usual choice for a learning rate — and picks each listed
// key's value uniformly among its values. The draws come from their own generator seeded by
// `seed`, so the same command samples the same points. Throws ConfigError for trials < 1.
std::vector<SweepPoint> randomPoints(const SweepSpec& spec, int trials, std::uint64_t seed);

// A sampled value as --set text: integers as integers, reals with 4 significant digits (what
// a sweep table can show, and a config reads back exactly).
std::string sampledValueText(double value, bool integer);

}  // namespace sl
