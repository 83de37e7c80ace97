#pragma once

#include "nn/tensor.h"

#include <Eigen/Core>

namespace sl {

// Masks chosen by score for one-shot pruning: the lowest scores are pruned, ties broken by
// the lower index so that the choice is deterministic. Scores are (out, in) like the weight.
using Scores = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// How many of `count` entries sparsity s prunes: round(s · count).
long long prunedCount(double sparsity, long long count);

// Prunes the `prune` lowest scores of row r among columns [begin, begin + count) of `mask`.
void pruneLowestInRow(const Scores& scores, int row, int begin, int count, long long prune,
                      Tensor& mask);

// round(s · size) lowest over the whole layer (magnitude's per-layer sparsity).
Tensor maskLowestInLayer(const Scores& scores, double sparsity);
// round(s · in) lowest in each row (Wanda's per-output comparison).
Tensor maskLowestPerRow(const Scores& scores, double sparsity);
// The m − n lowest of every group of m consecutive columns of each row; in % m == 0.
Tensor maskNm(const Scores& scores, int n, int m);

// |W|, and Wanda's |W_ij| · ‖X_j‖₂ (Sun et al. 2023) with inputNorms(j) = ‖X_j‖₂.
Scores magnitudeScores(const Tensor& weight);
Scores wandaScores(const Tensor& weight, const Eigen::VectorXd& inputNorms);

}  // namespace sl
