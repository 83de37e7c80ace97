#include "prune/layer_inputs.h"

#include "nn/conv2d.h"
#include "util/error.h"
#include "util/rng.h"

namespace sl {

namespace {

// One example's im2col patches (fan_in, out_h · out_w), zero outside the padded image.
void patches(const Conv2d& conv, const float* image, Eigen::MatrixXd& cols) {
    const ImageShape in = conv.inputShape();
    const ImageShape out = conv.outputShape();
    const int k = conv.kernel();
    cols.setZero(static_cast<Eigen::Index>(in.channels) * k * k,
                 static_cast<Eigen::Index>(out.height) * out.width);
    for (int oy = 0; oy < out.height; ++oy)
        for (int ox = 0; ox < out.width; ++ox) {
            const int col = oy * out.width + ox;
            for (int c = 0; c < in.channels; ++c)
                for (int ky = 0; ky < k; ++ky)
                    for (int kx = 0; kx < k; ++kx) {
                        const int y = oy * conv.stride() - conv.padding() + ky;
                        const int x = ox * conv.stride() - conv.padding() + kx;
                        if (y < 0 || y >= in.height || x < 0 || x >= in.width) continue;
                        cols((c * k + ky) * k + kx, col) =
                            image[(c * in.height + y) * in.width + x];
                    }
        }
}

}  // namespace

Eigen::MatrixXd inputGram(const PrunableLayer& layer, const Activations& inputs,
                          const std::string& name) {
    if (layer.kind() == "dense") {
        if (inputs.rows() != layer.fanIn())
            throw ShapeError(name + ": calibration inputs have " + std::to_string(inputs.rows()) +
                             " features — expected " + std::to_string(layer.fanIn()));
        const Eigen::MatrixXd x = inputs.cast<double>();  // (in, samples)
        return x * x.transpose();
    }
    if (const auto* conv = dynamic_cast<const Conv2d*>(&layer)) {
        if (inputs.rows() != conv->inputShape().size())
            throw ShapeError(name + ": calibration inputs have " + std::to_string(inputs.rows()) +
                             " features — expected " + std::to_string(conv->inputShape().size()));
        Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(layer.fanIn(), layer.fanIn());
        Eigen::MatrixXd cols;
        for (Eigen::Index e = 0; e < inputs.cols(); ++e) {
            patches(*conv, inputs.col(e).data(), cols);
            gram.noalias() += cols * cols.transpose();
        }
        return gram;
    }
    throw ShapeError(name + ": one-shot pruning handles Dense and Conv2d layers, not '" +
                     layer.kind() + "'");
}

Activations calibrationExamples(const Dataset& train, int n, std::uint64_t seed) {
    if (n <= 0 || n > train.count())
        throw ConfigError("calibration " + std::to_string(n) + " — expected 1 to " +
                          std::to_string(train.count()) + " (the training set of " + train.name +
                          ")");
    Rng rng = Rng::derived(seed, 0x7072756e65ULL);  // "prune": apart from the run's streams
    const std::vector<std::int32_t> order = rng.permutation(train.count());
    Activations x(train.features(), n);
    for (int i = 0; i < n; ++i) x.col(i) = train.x.col(order[i]);
    return x;
}

}  // namespace sl
