#pragma once

#include "controller/snapshot.h"
#include "nn/sparse_dense.h"
#include "sparsity/mask_event.h"

#include <cstddef>

namespace sl::ui {

// At most this many scores per side of an explanation; a larger layer is thinned (the
// histograms' legends then say how many the sample stands for).
inline constexpr std::size_t kMaxExplanationScores = 300000;

// "Why this update" of a layer on the sparse backend, without anything of rows × cols: the
// kept side from the CSR's values (the weights the update grew, at 0, left out), and, for a
// gradient-grown method, the grow side from |dL/dW| of the inactive weights in a few evenly
// spaced rows, formed from the last backward's inputs (SparseWeights::denseGradientRows) —
// the rows RigL's blocked pass just ranked. Weights the update dropped are not candidates;
// on a layer without a dense view only kEventPositionBound of them, evenly spaced, are listed,
// so past that bound a few just-dropped ones can be among the sampled candidates.
// Fills keptMagnitudes / keptTotal and, when gradientGrowth, candidateScores / candidateTotal.
void explainSparseUpdate(const SparseWeights& layer, const MaskUpdateEvent& event,
                         bool gradientGrowth, UpdateExplanation& explanation);

}  // namespace sl::ui
