#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace sl {

// A labelled set of examples, one example per column so that a mini-batch is a block of
// contiguous columns and a Dense layer computes W * X with no transpose.
struct Dataset {
    std::string name;
    Eigen::MatrixXf x;                 // (features, count), column-major
    std::vector<std::int32_t> labels;  // (count), each in [0, numClasses)
    int numClasses = 0;
    int imageRows = 0;  // 28 for Fashion-MNIST; 0 for non-image data
    int imageCols = 0;
    std::vector<std::string> classNames;

    int count() const { return static_cast<int>(x.cols()); }
    int features() const { return static_cast<int>(x.rows()); }
};

struct TrainTestSplit {
    Dataset train;
    Dataset test;
    Dataset validation;  // held out of the training set (data.validation); empty when 0
};

// The first n examples of a set (n <= 0 or n >= count keeps all). Used for quick runs and tests.
Dataset firstExamples(const Dataset& d, int n);

// Per-feature mean and standard deviation, measured on the training set only and applied to
// every set (test, and validation when there is one) so that they tell nothing to the model.
void standardize(TrainTestSplit& split);

}  // namespace sl
