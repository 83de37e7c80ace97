#include "nn/loss.h"

#include "util/error.h"

#include <cmath>
#include <string>

namespace sl {

LossResult softmaxCrossEntropy(const Activations& logits, const std::vector<std::int32_t>& labels,
                               Activations* dlogits) {
    const Eigen::Index classes = logits.rows();
    const Eigen::Index batch = logits.cols();
    if (batch == 0 || classes == 0) {
        throw ShapeError("softmaxCrossEntropy: logits are (" + std::to_string(classes) + ", " +
                         std::to_string(batch) + ") — expected at least one class and example");
    }
    if (static_cast<Eigen::Index>(labels.size()) != batch) {
        throw ShapeError("softmaxCrossEntropy: got " + std::to_string(labels.size()) +
                         " labels — expected one per logit column (" + std::to_string(batch) + ")");
    }
    if (dlogits) dlogits->resize(classes, batch);

    LossResult result;
    const float invBatch = 1.0f / static_cast<float>(batch);
    for (Eigen::Index j = 0; j < batch; ++j) {
        const std::int32_t label = labels[static_cast<std::size_t>(j)];
        if (label < 0 || label >= classes) {
            throw ShapeError("softmaxCrossEntropy: label " + std::to_string(label) +
                             " of example " + std::to_string(j) + " — expected in [0, " +
                             std::to_string(classes) + ")");
        }
        const auto z = logits.col(j);
        Eigen::Index best = 0;
        const float zmax = z.maxCoeff(&best);
        // Shifting by the max keeps every exponent <= 0: no overflow for large logits, and
        // the largest term is exactly 1, so the log below never sees 0.
        const auto shifted = z.array() - zmax;
        float sumExp = 0.0f;
        if (dlogits) {
            auto d = dlogits->col(j).array();
            d = shifted.exp();
            sumExp = d.sum();
            d *= invBatch / sumExp;  // softmax / batch
            d(label) -= invBatch;
        } else {
            sumExp = shifted.exp().sum();
        }
        result.loss -= static_cast<double>(z(label) - zmax - std::log(sumExp));
        if (best == label) ++result.correct;
    }
    result.loss /= static_cast<double>(batch);
    return result;
}

}  // namespace sl
