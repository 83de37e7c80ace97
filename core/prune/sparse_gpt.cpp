#include "prune/sparse_gpt.h"

#include "prune/prune_masks.h"
#include "util/error.h"

#include <Eigen/Cholesky>
#include <algorithm>

namespace sl {

namespace {

// (H + λI)⁻¹ = UᵀU with U upper triangular: row j of U holds the OBS update of columns j..
// once column j is fixed, and U_jj² is that column's error scale.
Eigen::MatrixXd inverseCholeskyUpper(Eigen::MatrixXd h, double dampening,
                                     const std::string& layer) {
    const Eigen::Index d = h.rows();
    h.diagonal().array() += dampening * h.diagonal().mean();
    Eigen::LLT<Eigen::MatrixXd> factor(h);
    if (factor.info() != Eigen::Success)
        throw Error("SparseGPT, " + layer +
                    ": the damped input Gram matrix XᵀX + λI is not positive definite — "
                    "are the calibration inputs finite?");
    const Eigen::MatrixXd inverse = factor.solve(Eigen::MatrixXd::Identity(d, d));
    Eigen::LLT<Eigen::MatrixXd> inverseFactor(inverse);
    if (inverseFactor.info() != Eigen::Success)
        throw Error("SparseGPT, " + layer +
                    ": (XᵀX + λI)⁻¹ is not positive definite — "
                    "raise the dampening");
    return inverseFactor.matrixU();
}

}  // namespace

SparseGptResult sparseGpt(const Tensor& weight, const Eigen::MatrixXd& gram,
                          const OneShotSettings& s, const std::string& layer) {
    const int rows = static_cast<int>(weight.rows());
    const int d = static_cast<int>(weight.cols());
    if (gram.rows() != d || gram.cols() != d)
        throw ShapeError("SparseGPT, " + layer + ": input Gram matrix (" +
                         std::to_string(gram.rows()) + ", " + std::to_string(gram.cols()) +
                         ") — expected (" + std::to_string(d) + ", " + std::to_string(d) + ")");
    Eigen::MatrixXd w = weight.cast<double>();  // (out, in), column-major: the loop goes by column
    Eigen::MatrixXd h = gram;                   // (in, in)
    for (int j = 0; j < d; ++j)
        if (h(j, j) == 0.0) {
            h(j, j) = 1.0;  // keeps H invertible; the weight meets only zeros, so drop it
            w.col(j).setZero();
        }
    const Eigen::MatrixXd u = inverseCholeskyUpper(std::move(h), s.dampening, layer);

    Tensor mask = Tensor::Ones(rows, d);
    // An N:M group must not straddle two blocks.
    const int block = s.nm() ? std::max(s.nmM, s.blockSize / s.nmM * s.nmM) : s.blockSize;
    Scores scores(rows, d);
    for (int i1 = 0; i1 < d; i1 += block) {
        const int i2 = std::min(i1 + block, d);
        const int count = i2 - i1;
        Eigen::MatrixXd w1 = w.middleCols(i1, count);  // (out, count), updated eagerly
        Eigen::MatrixXd err1 = Eigen::MatrixXd::Zero(rows, count);
        const auto u1 = u.block(i1, i1, count, count);

        const auto score = [&](int from, int n) {
            for (int c = from; c < from + n; ++c) {
                const double ujj = u1(c, c);
                scores.col(i1 + c) = w1.col(c).array().square() / (ujj * ujj);
            }
        };
        if (!s.nm()) {
            // Cumulative rounding: every row prunes exactly round(s · in) in all.
            const long long prune = prunedCount(s.sparsity, i2) - prunedCount(s.sparsity, i1);
            score(0, count);
            for (int r = 0; r < rows; ++r) pruneLowestInRow(scores, r, i1, count, prune, mask);
        }
        for (int i = 0; i < count; ++i) {
            if (s.nm() && i % s.nmM == 0) {
                score(i, s.nmM);
                for (int r = 0; r < rows; ++r)
                    pruneLowestInRow(scores, r, i1 + i, s.nmM, s.nmM - s.nmN, mask);
            }
            const Eigen::VectorXd col = w1.col(i);
            const Eigen::VectorXd kept = col.cwiseProduct(mask.col(i1 + i).cast<double>());
            const Eigen::VectorXd e = (col - kept) / u1(i, i);  // (out)
            // OBS: the dropped part is compensated by the columns still to come in this block.
            w1.rightCols(count - i).noalias() -= e * u1.row(i).tail(count - i);
            w1.col(i) = kept;
            err1.col(i) = e;
        }
        w.middleCols(i1, count) = w1;
        // The lazy update: all of the block's compensation for later columns in one GEMM.
        if (i2 < d) w.rightCols(d - i2).noalias() -= err1 * u.block(i1, i2, count, d - i2);
    }
    SparseGptResult result;
    result.weight = w.cast<float>().cwiseProduct(mask);
    result.mask = std::move(mask);
    return result;
}

}  // namespace sl
