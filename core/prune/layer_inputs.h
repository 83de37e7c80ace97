#pragma once

#include "data/dataset.h"
#include "nn/prunable_layer.h"

#include <Eigen/Core>

namespace sl {

// What one-shot pruners need to know of a layer's calibration inputs X (samples, fan_in):
// the Gram matrix XᵀX. For Dense a sample is an example's input column; for Conv2d it is one
// im2col patch (c, ky, kx) per example and output position, so a filter row sees exactly the
// vectors it multiplies.
// `inputs` is (layer input features, examples), as Model::inputOf gives it.
// Throws ShapeError naming the layer when its kind is not Dense or Conv2d.
Eigen::MatrixXd inputGram(const PrunableLayer& layer, const Activations& inputs,
                          const std::string& name);

// n distinct training examples drawn with `seed` (features, n). ConfigError when n <= 0 or
// larger than the training set.
Activations calibrationExamples(const Dataset& train, int n, std::uint64_t seed);

}  // namespace sl
