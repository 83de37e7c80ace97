#pragma once

#include "nn/tensor.h"

#include <cstdint>
#include <vector>

namespace sl {

// N:M groups (the pattern of NVIDIA's sparse tensor cores; Mishra et al. 2021, "Accelerating
// Sparse Deep Neural Networks"): each row of a prunable weight — a neuron's inputs, or a
// filter's (c, ky, kx) entries — is cut into groups of m consecutive entries, and a group
// keeps its `keep` largest scores. Ties go to the lower index, so the choice is deterministic.
//
// A final partial group (a row length r·m + p with 0 < p < m) is treated as if padded to m with
// zero weights, the way N:M kernels pad a row: the padding is pruned first, so the group keeps
// min(keep, p) real entries. Every group, partial or not, then has at most `keep` survivors.

// Survivors of a group of `size` entries when full groups keep `keep`.
inline int nmKeptInGroup(int keep, int size) { return keep < size ? keep : size; }

// How many entries of a (rows, cols) weight the pattern keeps.
long long nmKeptCount(Eigen::Index rows, Eigen::Index cols, int keep, int m);

// Flat row-major indices (ascending) that the pattern keeps: per group, the `keep` largest
// scores.
std::vector<std::int32_t> nmPatternIndices(const Tensor& scores, int keep, int m);

// The most non-zero mask entries any group of m holds (what a test or a check compares with n).
int nmMaxPerGroup(const Tensor& mask, int m);

}  // namespace sl
