#include "nn/dense_step_clock.h"

#include "nn/tensor.h"

#include <algorithm>
#include <chrono>

namespace sl {

double denseProductsMs(const std::vector<std::pair<int, int>>& shapes, int batch) {
    if (batch <= 0 || shapes.empty()) return -1.0;
    for (const auto& [rows, cols] : shapes) {
        const long long bytes = 4LL * rows * cols + 4LL * (rows + cols) * batch * 2;
        if (rows <= 0 || cols <= 0 || bytes > kMaxDenseEquivalentBytes) return -1.0;
    }
    // Constant fill: GEMM time does not depend on the values, and no generator is consumed
    // (the run's own random stream must not move).
    struct Layer {
        Tensor w, dw;
        Activations x, y, dx;
    };
    std::vector<Layer> layers;
    for (const auto& [rows, cols] : shapes) {
        Layer l;
        l.w = Tensor::Constant(rows, cols, 0.01f);
        l.dw.resize(rows, cols);
        l.x = Activations::Constant(cols, batch, 0.5f);
        l.y.resize(rows, batch);
        l.dx.resize(cols, batch);
        layers.push_back(std::move(l));
    }
    double best = 1e300;
    for (int rep = 0; rep < 4; ++rep) {  // the first one pays page faults and thread start
        const auto start = std::chrono::steady_clock::now();
        for (Layer& l : layers) {
            l.y.noalias() = l.w * l.x;               // (rows, cols)(cols, batch)
            l.dw.noalias() = l.y * l.x.transpose();  // (rows, batch)(batch, cols)
            l.dx.noalias() = l.w.transpose() * l.y;  // (cols, rows)(rows, batch)
        }
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        if (rep > 0) best = std::min(best, ms);
    }
    return best;
}

}  // namespace sl
