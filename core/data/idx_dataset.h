#pragma once

#include "data/dataset.h"

#include <string>

namespace sl {

// Where Debian's dataset-fashion-mnist package puts the files.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Loads an IDX image set from a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte,
// t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each optionally ending in .gz (the same
// names serve Fashion-MNIST and MNIST). Pixels are scaled to [0, 1]. Throws DataError naming
// the folder or file when one is missing, malformed, or when image and label counts, or the
// train and test image sizes, disagree. numClasses is the largest label + 1 (10 for both).
TrainTestSplit loadIdxFolder(const std::string& folder, const std::string& name);

// The ten Fashion-MNIST class names, in label order.
std::vector<std::string> fashionMnistClassNames();

}  // namespace sl
