#pragma once

#include "data/dataset.h"
#include "train/run_config.h"

namespace sl {

// Loads or generates the data a config names: an IDX folder (Fashion-MNIST by default) or a
// synthetic set from the run's seed; applies subsets, holds out the validation fraction
// (data.validation, seeded by the run's seed) and standardizes. Throws DataError
// naming the folder or file when the data cannot be read.
TrainTestSplit loadRunData(const RunConfig& config);

}  // namespace sl
