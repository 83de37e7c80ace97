#pragma once

#include "data/dataset.h"

#include <cstdint>
#include <vector>

namespace sl {

// A validation set held out of the training set, so that sweeps and searches choose a
// configuration without ever looking at the test set. Which examples are held out depends
// only on the training-set size, the fraction and the seed: the same seed gives the same
// validation examples, whatever else the config changes.

// How many of `count` examples a fraction holds out: round(fraction * count), at least one
// when fraction > 0. Throws DataError naming data.validation when nothing would be left to
// train on, or the fraction is outside [0, 1).
int validationCount(int count, double fraction);

// The held-out indices, ascending: the first validationCount() entries of a seeded shuffle.
std::vector<std::int32_t> validationIndices(int count, double fraction, std::uint64_t seed);

// The examples at the given column indices, in that order (labels and metadata follow).
Dataset selectExamples(const Dataset& d, const std::vector<std::int32_t>& indices);

// Moves the held-out examples of split.train into split.validation; the remaining training
// examples keep their order. fraction 0 leaves the split as it is (validation empty).
void holdOutValidation(TrainTestSplit& split, double fraction, std::uint64_t seed);

}  // namespace sl
