#include "nn/dense.h"
#include "nn/model.h"
#include "nn/sparse_dense.h"
#include "prune/layer_inputs.h"
#include "prune/one_shot.h"
#include "prune/prune_masks.h"
#include "prune/sparse_gpt.h"
#include "support/test_main.h"
#include "util/error.h"
#include "util/rng.h"

#include <Eigen/Dense>
#include <QtTest>
#include <algorithm>
#include <cmath>

// One-shot pruners on small hand-built layers: hand-computed Wanda masks, exact per-row and
// per-layer counts, N:M validity, SparseGPT against an unblocked O(d⁴) reference of the same
// procedure and against magnitude on correlated inputs, dead inputs, bad settings.
namespace {

using sl::OneShotMethod;
using sl::OneShotSettings;

sl::Model oneLayer(int in, int out, sl::Rng& rng) {
    return sl::Model::mlp(in, {}, out, sl::ActivationKind::ReLU, sl::Init::He, rng);
}

sl::PrunableLayer& layerOf(sl::Model& m) { return *m.prunableLayers().front(); }

// Correlated inputs (features, n), as hidden activations are: every feature mixes a quarter
// as many shared sources, plus a little noise of its own.
Eigen::MatrixXf correlatedInputs(int features, int n, sl::Rng& rng) {
    const int sources = std::max(1, features / 4);
    Eigen::MatrixXf z(sources, n), a(features, sources), noise(features, n);
    for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = rng.normal();
    for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = rng.normal();
    for (Eigen::Index i = 0; i < noise.size(); ++i) noise.data()[i] = 0.2f * rng.normal();
    return a * z + noise;
}

OneShotSettings settings(OneShotMethod method, double sparsity, int n = 0, int m = 0) {
    OneShotSettings s;
    s.method = method;
    s.sparsity = sparsity;
    s.nmN = n;
    s.nmM = m;
    return s;
}

// The largest |a - b| over two matrices of one shape, by hand: Eigen's reductions trip GCC's
// -Wnull-dereference under -Werror here.
float maxAbsDiff(const Eigen::MatrixXf& a, const Eigen::MatrixXf& b) {
    float m = 0.0f;
    for (Eigen::Index i = 0; i < a.size(); ++i)
        m = std::max(m, std::abs(a.data()[i] - b.data()[i]));
    return m;
}

long long zerosInRow(const sl::Tensor& mask, int r) {
    return mask.cols() - static_cast<long long>(mask.row(r).sum());
}

// The procedure SparseGPT approximates, done the slow way: for every column j in order, the
// OBS step with the explicit inverse of H restricted to the columns j.. still free.
Eigen::MatrixXd referenceObs(const Eigen::MatrixXd& w0, Eigen::MatrixXd h, const sl::Tensor& mask,
                             double dampening) {
    Eigen::MatrixXd w = w0;
    const Eigen::Index d = w.cols();
    h.diagonal().array() += dampening * h.diagonal().mean();
    for (Eigen::Index j = 0; j < d; ++j) {
        const Eigen::MatrixXd inv = h.bottomRightCorner(d - j, d - j).inverse();
        for (Eigen::Index r = 0; r < w.rows(); ++r) {
            if (mask(r, j) != 0.0f) continue;
            const double e = w(r, j) / inv(0, 0);
            w.row(r).tail(d - j) -= e * inv.row(0);
        }
    }
    return w.cwiseProduct(mask.cast<double>());
}

}  // namespace

class TestOneShotPruning : public QObject {
    Q_OBJECT

private slots:
    // W = [1 -2 3 0.25; 4 1 -1 2], ‖X_j‖ = (2, 1, 0.5, 4): scores [2 2 1.5 1; 8 1 0.5 8].
    // At 50% each row drops its two lowest: row 0 columns 2, 3; row 1 columns 1, 2.
    // Magnitude alone would drop row 0's columns 0 and 3 instead.
    void wandaMatchesHandComputedMask() {
        sl::Rng rng(1);
        sl::Model model = oneLayer(4, 2, rng);
        layerOf(model).weight << 1, -2, 3, 0.25f, 4, 1, -1, 2;
        Eigen::MatrixXf x(4, 1);
        x << 2, 1, 0.5f, 4;
        const auto report = sl::pruneModel(model, x, settings(OneShotMethod::Wanda, 0.5));
        sl::Tensor expected(2, 4);
        expected << 1, 1, 0, 0, 1, 0, 0, 1;
        QCOMPARE(layerOf(model).mask, expected);
        sl::Tensor weight(2, 4);
        weight << 1, -2, 0, 0, 4, 0, 0, 2;
        QCOMPARE(layerOf(model).weight, weight);
        // ‖WX − ŴX‖² / ‖WX‖² with WX = (2.5, 16.5) and ŴX = (0, 16).
        const double wx0 = 2 - 2 + 1.5 + 1, wx1 = 8 + 1 - 0.5 + 8;
        const double hx0 = 2 - 2, hx1 = 8 + 8;
        const double expectedError =
            ((wx0 - hx0) * (wx0 - hx0) + (wx1 - hx1) * (wx1 - hx1)) / (wx0 * wx0 + wx1 * wx1);
        QVERIFY(std::abs(report.layers[0].reconstructionError - expectedError) < 1e-6);
        QCOMPARE(report.layers[0].pruned, 4LL);
    }

    void magnitudeOnTheSameLayerPrunesBySize() {
        sl::Tensor w(2, 4);
        w << 1, -2, 3, 0.25f, 4, 1, -1, 2;
        const sl::Tensor mask = sl::maskLowestInLayer(sl::magnitudeScores(w), 0.5);
        sl::Tensor expected(2, 4);  // the four smallest |w|: 0.25, 1, 1, 1 (ties: lower index)
        expected << 0, 1, 1, 0, 1, 0, 0, 1;
        QCOMPARE(mask, expected);
    }

    // Magnitude counts per layer; Wanda and SparseGPT per row, exactly round(s · in), also
    // when the columns (300) are not a multiple of SparseGPT's block (128).
    void exactCounts() {
        for (const OneShotMethod method :
             {OneShotMethod::Magnitude, OneShotMethod::Wanda, OneShotMethod::SparseGpt}) {
            sl::Rng rng(7);
            sl::Model model = oneLayer(300, 10, rng);
            const Eigen::MatrixXf x = correlatedInputs(300, 400, rng);
            const auto report = sl::pruneModel(model, x, settings(method, 0.7));
            const sl::Tensor& mask = layerOf(model).mask;
            QCOMPARE(report.layers[0].pruned, 2100LL);
            QCOMPARE(report.layers[0].weights, 3000LL);
            if (method != OneShotMethod::Magnitude)
                for (int r = 0; r < 10; ++r) QCOMPARE(zerosInRow(mask, r), 210LL);
            const sl::Tensor& w = layerOf(model).weight;
            QCOMPARE(w.cwiseProduct(mask), w);  // pruned weights are exactly zero
        }
    }

    void nmMasksKeepNOfEveryM() {
        for (const OneShotMethod method :
             {OneShotMethod::Magnitude, OneShotMethod::Wanda, OneShotMethod::SparseGpt})
            for (const auto& [n, m] : {std::pair{2, 4}, std::pair{1, 4}, std::pair{3, 8}}) {
                sl::Rng rng(11);
                sl::Model model = oneLayer(200, 12, rng);
                const Eigen::MatrixXf x = correlatedInputs(200, 300, rng);
                sl::pruneModel(model, x, settings(method, 0.0, n, m));
                const sl::Tensor& mask = layerOf(model).mask;
                for (int r = 0; r < mask.rows(); ++r)
                    for (int c = 0; c < mask.cols(); c += m)
                        QCOMPARE(static_cast<int>(mask.row(r).segment(c, m).sum()), n);
                const sl::Tensor& w = layerOf(model).weight;
                QCOMPARE(w.cwiseProduct(mask), w);
            }
    }

    // The Cholesky-row updates, λ and the lazy block updates (200 columns: a block of 128 and
    // one of 72) must give what the explicit per-column OBS gives for the same mask.
    void sparseGptMatchesUnblockedReference() {
        for (const int nm : {0, 4}) {
            sl::Rng rng(3);
            const Eigen::MatrixXf x = correlatedInputs(200, 250, rng);  // (in, samples)
            sl::Tensor w(6, 200);
            for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = rng.normal();
            const Eigen::MatrixXd gram = x.cast<double>() * x.cast<double>().transpose();
            OneShotSettings s = settings(OneShotMethod::SparseGpt, 0.6, nm ? 2 : 0, nm);
            const sl::SparseGptResult r = sl::sparseGpt(w, gram, s, "dense1");
            const Eigen::MatrixXd ref = referenceObs(w.cast<double>(), gram, r.mask, s.dampening);
            const double diff = (r.weight.cast<double>() - ref).cwiseAbs().maxCoeff();
            QVERIFY2(diff < 2e-3 * ref.cwiseAbs().maxCoeff(), qPrintable(QString::number(diff)));
            if (nm) {  // N:M chooses each group on the updated row: any block size agrees
                for (const int block : {4, 64, 1000}) {
                    s.blockSize = block;
                    const sl::SparseGptResult other = sl::sparseGpt(w, gram, s, "dense1");
                    QCOMPARE(other.mask, r.mask);
                    QVERIFY((other.weight - r.weight).cwiseAbs().maxCoeff() < 1e-4f);
                }
            }
        }
    }

    void sparseGptReconstructsBetterThanMagnitude() {
        for (const int nm : {0, 4}) {
            double error[2] = {};
            for (const int i : {0, 1}) {
                sl::Rng rng(5);
                sl::Model model = oneLayer(64, 32, rng);
                const Eigen::MatrixXf x = correlatedInputs(64, 512, rng);
                const OneShotMethod method =
                    i ? OneShotMethod::SparseGpt : OneShotMethod::Magnitude;
                error[i] = sl::pruneModel(model, x, settings(method, 0.5, nm ? 2 : 0, nm))
                               .layers[0]
                               .reconstructionError;
            }
            qInfo("nm %d: sparsegpt %g, magnitude %g", nm, error[1], error[0]);
            QVERIFY2(error[1] < 0.7 * error[0],
                     qPrintable(QString("sparsegpt %1, magnitude %2").arg(error[1]).arg(error[0])));
            QVERIFY(error[1] > 0.0);
        }
    }

    // An input that is zero on every calibration example: no NaN, its weights pruned first.
    void deadInputsArePrunedWithoutNaN() {
        sl::Rng rng(9);
        Eigen::MatrixXf x = correlatedInputs(20, 100, rng);
        x.row(3).setZero();
        x.row(17).setZero();
        sl::Tensor w(4, 20);
        for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = 1.0f + rng.uniform();
        const Eigen::MatrixXd gram = x.cast<double>() * x.cast<double>().transpose();
        const sl::SparseGptResult r =
            sl::sparseGpt(w, gram, settings(OneShotMethod::SparseGpt, 0.25), "dense1");
        QVERIFY(r.weight.allFinite());
        for (int row = 0; row < 4; ++row) {
            QCOMPARE(zerosInRow(r.mask, row), 5LL);
            QCOMPARE(r.mask(row, 3), 0.0f);
            QCOMPARE(r.mask(row, 17), 0.0f);
        }
    }

    // Two layers: the second is measured on the first's pruned output, and the report names both.
    void layersArePrunedInOrder() {
        sl::Rng rng(2);
        sl::Model model = sl::Model::mlp(16, {12}, 4, sl::ActivationKind::ReLU, sl::Init::He, rng);
        const Eigen::MatrixXf x = correlatedInputs(16, 64, rng);
        const auto report = sl::pruneModel(model, x, settings(OneShotMethod::SparseGpt, 0.5));
        QCOMPARE(report.layers.size(), std::size_t(2));
        QCOMPARE(report.layers[0].name, std::string("dense1"));
        QCOMPARE(report.layers[1].name, std::string("dense2"));
        QCOMPARE(report.sparsity, 0.5);
        // The second layer's Gram now comes from the pruned first layer.
        model.forward(x);
        const Eigen::MatrixXd gram =
            sl::inputGram(*model.prunableLayers()[1], model.inputOf(2), "dense2");
        QVERIFY(gram.allFinite());
    }

    // Layers on the sparse backend compute from their CSR: pruning must read the CSR's weights,
    // and each pruned layer's CSR must follow before the next layer is calibrated. The same
    // model on the dense backend is the reference: same masks, same weights, same outputs.
    void sparseBackendLayersArePrunedLikeDenseOnes() {
        auto build = [](bool sparse) {
            sl::Rng rng(4);
            sl::Model m = sl::Model::mlp(16, {12}, 4, sl::ActivationKind::ReLU, sl::Init::He, rng);
            for (sl::PrunableLayer* l : m.prunableLayers()) {
                for (Eigen::Index i = 0; i < l->mask.size(); ++i)
                    l->mask.data()[i] = (i % 5 == 0) ? 0.0f : 1.0f;  // 80 % kept
                l->weight = l->weight.cwiseProduct(l->mask);
                l->setWeightMode(sl::WeightMode::Masked);
                if (sparse) dynamic_cast<sl::Dense&>(*l).useSparseBackend();
            }
            return m;
        };
        sl::Model dense = build(false), sparse = build(true);
        sl::Rng rng(9);
        const Eigen::MatrixXf x = correlatedInputs(16, 64, rng);
        const auto s = settings(OneShotMethod::SparseGpt, 0.5);
        sl::pruneModel(dense, x, s);
        sl::pruneModel(sparse, x, s);
        const auto dl = dense.prunableLayers(), sl_ = sparse.prunableLayers();
        for (std::size_t l = 0; l < dl.size(); ++l) {
            QCOMPARE(maxAbsDiff(sl_[l]->mask, dl[l]->mask), 0.0f);
            const sl::SparseWeights* csr = sl::sparseWeightsOf(*sl_[l]);
            QVERIFY(csr != nullptr);
            QCOMPARE(csr->matrix().nnz(), static_cast<long long>(dl[l]->mask.sum()));
            QCOMPARE(sl_[l]->weight.size(), dl[l]->weight.size());
            QVERIFY(maxAbsDiff(sl_[l]->weight, dl[l]->weight) < 1e-5f);
        }
        const Eigen::MatrixXf yd = dense.forward(x), ys = sparse.forward(x);
        QCOMPARE(ys.size(), yd.size());
        QVERIFY(maxAbsDiff(yd, ys) < 1e-4f);
    }

    void badSettingsAreRefused() {
        sl::Rng rng(1);
        sl::Model model = oneLayer(6, 2, rng);
        const Eigen::MatrixXf x = correlatedInputs(6, 8, rng);
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError,
                                 sl::pruneModel(model, x, settings(OneShotMethod::Wanda, 1.0)));
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError,
                                 sl::pruneModel(model, x, settings(OneShotMethod::Wanda, 0.0)));
        // fan-in 6 holds no whole groups of 4
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError,
                                 sl::pruneModel(model, x, settings(OneShotMethod::Wanda, 0, 2, 4)));
        int n = 0, m = 0;
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::parseNm("4:2", n, m));
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::parseNm("2-4", n, m));
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::parseNm("2:4x", n, m));
        sl::parseNm("2:4", n, m);
        QCOMPARE(n, 2);
        QCOMPARE(m, 4);
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::oneShotMethodFromName("obs"));
        sl::Dataset train;
        train.x = Eigen::MatrixXf::Zero(3, 10);
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::calibrationExamples(train, 11, 0));
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::calibrationExamples(train, 0, 0));
        QCOMPARE(sl::calibrationExamples(train, 10, 0).cols(), Eigen::Index(10));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestOneShotPruning)
#include "test_one_shot_pruning.moc"
