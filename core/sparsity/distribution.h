#pragma once

#include "nn/tensor.h"

#include <string>
#include <vector>

namespace sl {

// How a global target sparsity is split across layers. Returns the number of weights each
// layer keeps active.
//   uniform: every layer at the target (the first layer dense when denseFirstLayer).
//   erk:     Erdős–Rényi(-Kernel) of Evci et al. (2020): density_l = eps * (sum of the
//            weight's dimensions) / (product of them), eps chosen so that the total matches;
//            layers that would exceed density 1 are kept dense and eps is solved again.
//   global:  one ranking across all layers: a layer keeps its entries above the global
//            threshold. `scores` holds what is ranked (|w| for magnitude methods, movement
//            scores for movement pruning); larger is kept.
struct LayerShape {
    int rows = 0;           // outputs
    int cols = 0;           // inputs (for a conv kernel: in_channels * kh * kw)
    std::vector<int> dims;  // the weight's full shape, for ERK's sum/product; empty = {rows, cols}
    long long size() const { return static_cast<long long>(rows) * cols; }
};

std::vector<long long> activeCounts(const std::string& distribution, double sparsity,
                                    const std::vector<LayerShape>& shapes, bool denseFirstLayer,
                                    const std::vector<const Tensor*>& scores = {});

// ERK densities alone (for tests and for the window's explanation).
std::vector<double> erkDensities(double sparsity, const std::vector<LayerShape>& shapes);

std::vector<std::string> distributionNames();

}  // namespace sl
