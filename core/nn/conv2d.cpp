#include "nn/conv2d.h"

#include "util/error.h"

#include <cmath>
#include <string>

namespace sl {

namespace {

std::string shapeText(const ImageShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" +
           std::to_string(s.width);
}

// Grows a scratch buffer to at least n floats; never shrinks, so steady state allocates nothing.
float* reserve(std::vector<float>& buffer, Eigen::Index n) {
    if (static_cast<Eigen::Index>(buffer.size()) < n) buffer.resize(static_cast<std::size_t>(n));
    return buffer.data();
}

using ColMajor = Eigen::Map<Eigen::MatrixXf>;

}  // namespace

Conv2d::Conv2d(ImageShape input, int outChannels, int kernel, int stride, int padding)
    : m_input(input), m_kernel(kernel), m_stride(stride), m_padding(padding) {
    if (input.channels <= 0 || input.height <= 0 || input.width <= 0) {
        throw ShapeError("Conv2d: got an input of " + shapeText(input) +
                         " (channels x height x width) — expected all > 0");
    }
    if (outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
        throw ShapeError("Conv2d: got " + std::to_string(outChannels) + " filters, kernel " +
                         std::to_string(kernel) + ", stride " + std::to_string(stride) +
                         ", padding " + std::to_string(padding) +
                         " — expected filters, kernel and stride > 0 and padding >= 0");
    }
    const int outH = (input.height + 2 * padding - kernel) / stride + 1;
    const int outW = (input.width + 2 * padding - kernel) / stride + 1;
    if (input.height + 2 * padding < kernel || input.width + 2 * padding < kernel) {
        throw ShapeError("Conv2d: a " + std::to_string(kernel) + "x" + std::to_string(kernel) +
                         " kernel does not fit an input of " + shapeText(input) + " with padding " +
                         std::to_string(padding));
    }
    m_output = ImageShape{outChannels, outH, outW};
    const int fanIn = input.channels * kernel * kernel;
    weight = Tensor::Zero(outChannels, fanIn);
    bias = Tensor::Zero(outChannels, 1);
    mask = Tensor::Ones(outChannels, fanIn);
    weightGrad = Tensor::Zero(outChannels, fanIn);
    biasGrad = Tensor::Zero(outChannels, 1);
}

// im2col: columns (C*k*k, batch*P) column-major, P = out_h*out_w; column b*P + p holds the
// patch under output pixel p of example b, in the weight's (c, ky, kx) row order, zeros where
// the window hangs over the padding. Writing it column by column keeps the stores sequential.
void Conv2d::forward(const Activations& x, Activations& y) {
    if (x.rows() != m_input.size()) {
        throw ShapeError("Conv2d forward: input has " + std::to_string(x.rows()) +
                         " features — expected " + std::to_string(m_input.size()) + " (" +
                         shapeText(m_input) + ")");
    }
    const Eigen::Index batch = x.cols();
    const int k = m_kernel, H = m_input.height, W = m_input.width, C = m_input.channels;
    const int outH = m_output.height, outW = m_output.width, P = outH * outW;
    const Eigen::Index rows = fanIn(), n = batch * P;
    float* columns = reserve(m_columns, rows * n);
    for (Eigen::Index b = 0; b < batch; ++b) {
        const float* image = x.col(b).data();
        for (int oy = 0; oy < outH; ++oy) {
            for (int ox = 0; ox < outW; ++ox) {
                float* col = columns + (b * P + oy * outW + ox) * rows;
                const int y0 = oy * m_stride - m_padding, x0 = ox * m_stride - m_padding;
                for (int c = 0; c < C; ++c) {
                    const float* plane = image + static_cast<std::ptrdiff_t>(c) * H * W;
                    for (int ky = 0; ky < k; ++ky) {
                        const int iy = y0 + ky;
                        for (int kx = 0; kx < k; ++kx) {
                            const int ix = x0 + kx;
                            *col++ = (iy >= 0 && iy < H && ix >= 0 && ix < W) ? plane[iy * W + ix]
                                                                              : 0.0f;
                        }
                    }
                }
            }
        }
    }
    m_columnsOf = x.data();
    m_columnsBatch = batch;

    // The product transposed, (batch*P, out_channels) = columns^T (batch*P, C*k*k) * W^T, so
    // that each (example, filter) pair is a contiguous run of P outputs — the same run that
    // y's column holds at filter*P: the copy into y below is then P-long contiguous blocks.
    const ColMajor cols(columns, rows, n);
    ColMajor products(reserve(m_products, n * m_output.channels), n, m_output.channels);
    products.noalias() = cols.transpose() * weightForForward().transpose();

    y.resize(m_output.size(), batch);  // (out_channels*P, batch)
    for (Eigen::Index b = 0; b < batch; ++b) {
        for (int f = 0; f < m_output.channels; ++f) {
            y.col(b).segment(static_cast<Eigen::Index>(f) * P, P).array() =
                products.col(f).segment(b * P, P).array() + bias(f, 0);
        }
    }
}

void Conv2d::backward(const Activations& x, const Activations& /*y*/, const Activations& dy,
                      Activations* dx) {
    const Eigen::Index batch = x.cols();
    if (x.rows() != m_input.size() || dy.rows() != m_output.size() || dy.cols() != batch) {
        throw ShapeError("Conv2d backward: got x (" + std::to_string(x.rows()) + ", " +
                         std::to_string(x.cols()) + ") and dy (" + std::to_string(dy.rows()) +
                         ", " + std::to_string(dy.cols()) + ") — expected (" +
                         std::to_string(m_input.size()) + ", batch) and (" +
                         std::to_string(m_output.size()) + ", batch)");
    }
    if (m_columnsOf != x.data() || m_columnsBatch != batch) {
        throw ShapeError("Conv2d backward: expected a forward() on the same input first");
    }
    const int P = m_output.height * m_output.width, F = m_output.channels;
    const Eigen::Index rows = fanIn(), n = batch * P;
    const ColMajor cols(m_columns.data(), rows, n);

    // dL/d(products), laid out like the forward's products: (batch*P, out_channels).
    ColMajor dproducts(reserve(m_products, n * F), n, F);
    for (Eigen::Index b = 0; b < batch; ++b)
        for (int f = 0; f < F; ++f)
            dproducts.col(f).segment(b * P, P) =
                dy.col(b).segment(static_cast<Eigen::Index>(f) * P, P);

    // Dense even where the mask is 0, as in Dense: growth criteria read it.
    weightGrad.noalias() = dproducts.transpose() * cols.transpose();  // (F, n) * (n, C*k*k)
    for (int f = 0; f < F; ++f) biasGrad(f, 0) = dproducts.col(f).sum();

    if (!dx) return;
    const Tensor& w = weightForBackward();
    if (w.size() != weight.size()) {
        throw ShapeError("Conv2d backward: a latent mode or a weight transform was set after "
                         "forward() — expected a forward() with it set first");
    }
    ColMajor dcols(reserve(m_columnGrad, rows * n), rows, n);
    dcols.noalias() = w.transpose() * dproducts.transpose();  // (C*k*k, F) * (F, n)

    // col2im: every patch entry adds its gradient back to the pixel it was copied from.
    const int k = m_kernel, H = m_input.height, W = m_input.width, C = m_input.channels;
    const int outW = m_output.width;
    dx->setZero(m_input.size(), batch);
    for (Eigen::Index b = 0; b < batch; ++b) {
        float* image = dx->col(b).data();
        for (int p = 0; p < P; ++p) {
            const float* col = dcols.data() + (b * P + p) * rows;
            const int y0 = (p / outW) * m_stride - m_padding,
                      x0 = (p % outW) * m_stride - m_padding;
            for (int c = 0; c < C; ++c) {
                float* plane = image + static_cast<std::ptrdiff_t>(c) * H * W;
                for (int ky = 0; ky < k; ++ky) {
                    const int iy = y0 + ky;
                    for (int kx = 0; kx < k; ++kx, ++col) {
                        const int ix = x0 + kx;
                        if (iy >= 0 && iy < H && ix >= 0 && ix < W) plane[iy * W + ix] += *col;
                    }
                }
            }
        }
    }
}

std::vector<Param> Conv2d::params() {
    return {
        Param{"weight", &weight, &weightGrad, masked() ? &mask : nullptr, latent()},
        Param{"bias", &bias, &biasGrad, nullptr},
    };
}

void Conv2d::initialize(Init init, Rng& rng) {
    // A filter sees channels*k*k inputs and each input feeds out_channels*k*k outputs.
    const auto kk = static_cast<float>(m_kernel * m_kernel);
    initializeWeights(init, static_cast<float>(m_input.channels) * kk,
                      static_cast<float>(m_output.channels) * kk, rng);
}

std::vector<int> Conv2d::weightDims() const {
    return {m_output.channels, m_input.channels, m_kernel, m_kernel};
}

long long Conv2d::macsPerWeight() const {
    return static_cast<long long>(m_output.height) * m_output.width;
}

}  // namespace sl
