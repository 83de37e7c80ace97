#pragma once

#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sl {

// Small 2-D classification sets generated in code, so the program always has something to
// train on. Every set is a pure function of its parameters: the same seed gives the same points.
enum class SyntheticKind { Spirals, Moons, Circles, Xor, Blobs };

struct SyntheticSpec {
    SyntheticKind kind = SyntheticKind::Spirals;
    int trainCount = 2000;
    int testCount = 1000;
    float noise = 0.1f;  // standard deviation of Gaussian noise added to each coordinate
    int classes = 2;     // spirals (arms) and blobs (centres); moons, circles and xor have 2
    std::uint64_t seed = 0;
};

// Points lie roughly in [-1.5, 1.5]^2 so that no standardization is needed.
TrainTestSplit makeSynthetic(const SyntheticSpec& spec);

// "spirals", "moons", "circles", "xor", "blobs"; throws ConfigError listing them otherwise.
SyntheticKind syntheticKindFromName(const std::string& name);
std::string syntheticKindName(SyntheticKind kind);
std::vector<std::string> syntheticKindNames();

}  // namespace sl
