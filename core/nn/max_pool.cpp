#include "nn/conv2d.h"

#include "util/error.h"

#include <string>

namespace sl {

MaxPool2d::MaxPool2d(ImageShape input, int window) : m_input(input), m_window(window) {
    if (window <= 0) {
        throw ShapeError("MaxPool2d: got a window of " + std::to_string(window) +
                         " — expected > 0");
    }
    if (input.channels <= 0 || input.height < window || input.width < window) {
        throw ShapeError("MaxPool2d: a " + std::to_string(window) + "x" + std::to_string(window) +
                         " window does not fit an input of " + std::to_string(input.channels) +
                         "x" + std::to_string(input.height) + "x" + std::to_string(input.width));
    }
    m_output = ImageShape{input.channels, input.height / window, input.width / window};
}

void MaxPool2d::forward(const Activations& x, Activations& y) {
    if (x.rows() != m_input.size()) {
        throw ShapeError("MaxPool2d forward: input has " + std::to_string(x.rows()) +
                         " features — expected " + std::to_string(m_input.size()));
    }
    const Eigen::Index batch = x.cols();
    const int H = m_input.height, W = m_input.width, s = m_window;
    const int outH = m_output.height, outW = m_output.width;
    y.resize(m_output.size(), batch);
    // resize() keeps the capacity, so a smaller batch after a larger one allocates nothing.
    m_argmax.resize(static_cast<std::size_t>(m_output.size() * batch));
    std::int32_t* arg = m_argmax.data();
    for (Eigen::Index b = 0; b < batch; ++b) {
        const float* in = x.col(b).data();
        float* out = y.col(b).data();
        for (int c = 0; c < m_input.channels; ++c) {
            const int plane = c * H * W;
            for (int oy = 0; oy < outH; ++oy) {
                for (int ox = 0; ox < outW; ++ox) {
                    // Ties go to the first maximum in row-major order, so the routing is
                    // deterministic (a resumed run takes the same path).
                    int best = plane + oy * s * W + ox * s;
                    for (int dy = 0; dy < s; ++dy) {
                        const int row = plane + (oy * s + dy) * W + ox * s;
                        for (int dx = 0; dx < s; ++dx)
                            if (in[row + dx] > in[best]) best = row + dx;
                    }
                    *out++ = in[best];
                    *arg++ = best;
                }
            }
        }
    }
}

void MaxPool2d::backward(const Activations& x, const Activations& /*y*/, const Activations& dy,
                         Activations* dx) {
    const Eigen::Index batch = x.cols();
    if (dy.rows() != m_output.size() || dy.cols() != batch ||
        static_cast<Eigen::Index>(m_argmax.size()) != m_output.size() * batch) {
        throw ShapeError("MaxPool2d backward: got dy (" + std::to_string(dy.rows()) + ", " +
                         std::to_string(dy.cols()) + ") — expected (" +
                         std::to_string(m_output.size()) + ", " + std::to_string(batch) +
                         ") after a forward() on the same batch");
    }
    if (!dx) return;
    // Only the input that won each window gets the gradient; windows do not overlap.
    dx->setZero(m_input.size(), batch);
    const std::int32_t* arg = m_argmax.data();
    for (Eigen::Index b = 0; b < batch; ++b) {
        const float* g = dy.col(b).data();
        float* d = dx->col(b).data();
        for (Eigen::Index i = 0; i < m_output.size(); ++i) d[arg[i]] += g[i];
        arg += m_output.size();
    }
}

}  // namespace sl
