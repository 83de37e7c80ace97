#pragma once

#include "nn/prunable_layer.h"
#include "util/rng.h"

#include <cstdint>
#include <vector>

namespace sl {

// The shape of one example as a conv layer sees it. Activations stay (features, batch): a
// column is one example flattened channel by channel, row by row: c * h * w + y * w + x.
struct ImageShape {
    int channels = 1;
    int height = 0;
    int width = 0;
    int size() const { return channels * height * width; }
};

// 2-D convolution (cross-correlation) with square kernels, stride and zero padding, computed
// as im2col + one GEMM per batch. The kernel is a PrunableLayer weight of shape
// (out_channels, in_channels * k * k), a row per filter in (c, ky, kx) order, so masks,
// methods, heatmaps and checkpoints treat it like a Dense weight.
class Conv2d : public PrunableLayer {
public:
    Conv2d(ImageShape input, int outChannels, int kernel, int stride, int padding);

    std::string kind() const override { return "conv2d"; }
    int outputSize(int) const override { return m_output.size(); }
    void forward(const Activations& x, Activations& y) override;
    void backward(const Activations& x, const Activations& y, const Activations& dy,
                  Activations* dx) override;
    std::vector<Param> params() override;

    // He: N(0, 2/fan_in), Glorot: U(±sqrt(6/(fan_in + fan_out))), fan = channels * k * k.
    void initialize(Init init, Rng& rng);

    std::vector<int> weightDims() const override;  // {out_channels, in_channels, k, k}
    long long macsPerWeight() const override;      // out_h * out_w

    ImageShape inputShape() const { return m_input; }
    ImageShape outputShape() const { return m_output; }
    int kernel() const { return m_kernel; }
    int stride() const { return m_stride; }
    int padding() const { return m_padding; }

private:
    ImageShape m_input;
    ImageShape m_output;
    int m_kernel = 0;
    int m_stride = 1;
    int m_padding = 0;
    // Scratch reused between steps; they only grow, so alternating batch sizes (training,
    // evaluation, a short last batch) allocate nothing after the largest has been seen.
    // Their shapes are in the .cpp, next to the GEMMs that use them.
    std::vector<float> m_columns;        // im2col of the last forward's input
    std::vector<float> m_products;       // one GEMM's result, (batch * out_h * out_w, out_channels)
    std::vector<float> m_columnGrad;     // dL/d(columns) in backward
    const float* m_columnsOf = nullptr;  // the input m_columns was built from
    Eigen::Index m_columnsBatch = 0;
};

// Max-pooling with a square window equal to its stride (no overlap); the last rows/columns
// that do not fill a window are dropped, as in PyTorch's default.
class MaxPool2d : public Layer {
public:
    MaxPool2d(ImageShape input, int window);

    std::string kind() const override { return "maxpool"; }
    int outputSize(int) const override { return m_output.size(); }
    void forward(const Activations& x, Activations& y) override;
    void backward(const Activations& x, const Activations& y, const Activations& dy,
                  Activations* dx) override;

    ImageShape inputShape() const { return m_input; }
    ImageShape outputShape() const { return m_output; }

private:
    ImageShape m_input;
    ImageShape m_output;
    int m_window = 2;
    std::vector<std::int32_t> m_argmax;  // per output entry and example: the input row it took
};

}  // namespace sl
