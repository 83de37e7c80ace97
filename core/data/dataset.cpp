#include "data/dataset.h"

#include "util/error.h"

#include <cmath>

namespace sl {

Dataset firstExamples(const Dataset& d, int n) {
    if (n <= 0 || n >= d.count()) return d;
    Dataset out;
    out.name = d.name;
    out.x = d.x.leftCols(n);
    out.labels.assign(d.labels.begin(), d.labels.begin() + n);
    out.numClasses = d.numClasses;
    out.imageRows = d.imageRows;
    out.imageCols = d.imageCols;
    out.classNames = d.classNames;
    return out;
}

void standardize(TrainTestSplit& split) {
    Eigen::MatrixXf& train = split.train.x;
    Eigen::MatrixXf& test = split.test.x;
    if (train.cols() == 0)
        throw DataError("cannot standardize '" + split.train.name + "': the training set is empty");
    if (test.rows() != train.rows())
        throw ShapeError("cannot standardize '" + split.train.name + "': the training set has " +
                         std::to_string(train.rows()) + " features but the test set has " +
                         std::to_string(test.rows()));

    // Accumulated in double, two passes: a float sum over 60000 pixels loses the digits that
    // a variance of nearly constant features depends on.
    const Eigen::Index features = train.rows();
    const double n = static_cast<double>(train.cols());
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(features);
    for (Eigen::Index j = 0; j < train.cols(); ++j) mean += train.col(j).cast<double>();
    mean /= n;
    Eigen::VectorXd sumSq = Eigen::VectorXd::Zero(features);
    for (Eigen::Index j = 0; j < train.cols(); ++j)
        sumSq += (train.col(j).cast<double>() - mean).array().square().matrix();

    // A feature that is constant on the training set (a border pixel that is always 0) has
    // nothing to scale: it is only centred, so it stays 0 instead of becoming 0/0.
    Eigen::VectorXf scale(features);
    for (Eigen::Index i = 0; i < features; ++i) {
        const double sd = std::sqrt(sumSq[i] / n);
        scale[i] = sd > 1e-6 ? static_cast<float>(1.0 / sd) : 1.0f;
    }
    const Eigen::VectorXf meanF = mean.cast<float>();
    for (Eigen::MatrixXf* m : {&train, &test, &split.validation.x}) {
        if (m->cols() == 0 || m->rows() != features) continue;  // no validation set
        m->colwise() -= meanF;
        m->array().colwise() *= scale.array();
    }
}

}  // namespace sl
