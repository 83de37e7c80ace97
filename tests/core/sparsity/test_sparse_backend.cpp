#include "io/checkpoint.h"
#include "nn/dense.h"
#include "nn/sparse_dense.h"
#include "optim/optimizer.h"
#include "optim/sparse_state.h"
#include "sparsity/mask_ops.h"
#include "sparsity/methods/sparse_drop_grow.h"
#include "support/error_message.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "train/model_builder.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <set>

// Sparse-to-sparse training on the CSR backend: the optimizer state follows the weights, the
// blocked and sampled growth choose what the dense forms choose, the two backends agree on
// the first mask update, and a run resumes exactly.
namespace {

sl::RunConfig backendConfig(const char* method, const char* backend, double target = 0.9) {
    sl::RunConfig c;
    c.data.name = "spirals";
    c.data.samples = 600;
    c.model.hidden = {64, 64};
    c.optimizer.lr = 0.05f;
    c.train.batchSize = 50;
    c.train.epochs = 4;  // 12 steps an epoch
    c.train.logEvery = 5;
    c.sparsity.method = method;
    c.sparsity.target = static_cast<float>(target);
    c.sparsity.deltaT = 4;
    c.sparsity.dropFraction = 0.3f;
    c.sparsity.distribution = "uniform";
    c.model.backend = backend;
    c.seed = 9;
    return c;
}

// A sparse 4x5 layer with known values 1..nnz in row-major order of its mask.
sl::Dense handSparseLayer() {
    sl::Dense d(5, 4);
    d.mask << 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0;
    float v = 1.0f;
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 5; ++c) d.weight(r, c) = d.mask(r, c) != 0.0f ? v++ : 0.0f;
    d.setWeightMode(sl::WeightMode::Masked);
    d.useSparseBackend();
    return d;
}

// The dense SET choice (drop_and_grow.h's RandomGrowth) on the ascending inactive list.
std::vector<long long> denseSetChoice(const sl::Tensor& mask, long long k, sl::Rng& rng) {
    auto c = sl::inactiveIndices(mask);
    const auto n = static_cast<std::uint64_t>(c.size());
    for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(k); ++i)
        std::swap(c[i], c[i + rng.below(n - i)]);
    c.resize(static_cast<std::size_t>(k));
    std::sort(c.begin(), c.end());
    return {c.begin(), c.end()};
}

}  // namespace

class TestSparseBackend : public QObject {
    Q_OBJECT
private slots:
    void optimizerStateFollowsAWeightThroughDropAndRegrow() {
        sl::Dense d = handSparseLayer();  // nnz 7: positions 0..6 hold values 1..7
        auto params = d.params();
        auto sgd = sl::makeSgd({0.9f, false, 0.0f});
        // One step with gradient = position + 1: momentum of position k is k + 1.
        for (int k = 0; k < 7; ++k) (*params[0].grad)(k, 0) = float(k + 1);
        params[1].grad->setZero();
        sgd->step(params, 0.0f);  // lr 0: values stay, momentum is created
        std::vector<sl::PrunableLayer*> layers{&d};
        sl::SparseWeights& s = *d.sparse();

        // Drop position 1 (flat 2, value 2) and grow flat 3 (row 0, column 3).
        auto e1 = sl::dropAndGrowSparse(d, s, {1}, {3}, 10, 0);
        QCOMPARE(e1.prunedIndices, (std::vector<std::int32_t>{2}));
        QCOMPARE(e1.grownIndices, (std::vector<std::int32_t>{3}));
        QCOMPARE(e1.prunedScores, (std::vector<float>{2.0f}));
        QCOMPARE(d.mask(0, 2), 0.0f);
        QCOMPARE(d.mask(0, 3), 1.0f);
        sl::applySparseRemaps(layers, *sgd, params);
        const sl::Tensor& momentum = *sgd->state()[0].value;
        const auto& csr = s.matrix();
        // New order: flat 0 (old 0), flat 3 (new), then old 2..6 as before.
        QCOMPARE(csr.colIdx[0], 0);
        QCOMPARE(csr.colIdx[1], 3);
        QCOMPARE(csr.values(0, 0), 1.0f);
        QCOMPARE(csr.values(1, 0), 0.0f);  // grown at 0
        QCOMPARE(momentum(0, 0), 1.0f);
        QCOMPARE(momentum(1, 0), 0.0f);  // with zero state
        for (int k = 2; k < 7; ++k) {
            QCOMPARE(csr.values(k, 0), float(k + 1));  // kept: value and state moved along
            QCOMPARE(momentum(k, 0), float(k + 1));
        }
        QVERIFY(!s.hasPendingRemap());

        // Regrow flat 2 (dropped above): it comes back at 0 with zero state, not its old 2.
        auto e2 = sl::dropAndGrowSparse(d, s, {6}, {2}, 20, 0);
        QCOMPARE(e2.grownIndices, (std::vector<std::int32_t>{2}));
        sl::applySparseRemaps(layers, *sgd, params);
        QCOMPARE(csr.colIdx[1], 2);
        QCOMPARE(csr.values(1, 0), 0.0f);
        QCOMPARE((*sgd->state()[0].value)(1, 0), 0.0f);
        QCOMPARE((*sgd->state()[0].value)(2, 0), 0.0f);  // flat 3, grown in the first update
        QCOMPARE(csr.nnz(), 7LL);
    }

    void adamMomentsFollowToo() {
        sl::Dense d = handSparseLayer();
        auto params = d.params();
        auto adam = sl::makeAdam({});
        params[0].grad->setOnes();
        params[1].grad->setZero();
        adam->step(params, 0.01f);
        sl::dropAndGrowSparse(d, *d.sparse(), {0}, {1}, 1, 0);
        std::vector<sl::PrunableLayer*> layers{&d};
        sl::applySparseRemaps(layers, *adam, params);
        for (const auto& t : adam->state()) {
            if (t.param != 0) continue;
            QCOMPARE(t.value->rows(), Eigen::Index(7));
            QCOMPARE((*t.value)(0, 0), 0.0f);  // flat 1: grown
            QVERIFY((*t.value)(1, 0) > 0.0f);  // flat 2: kept
        }
        adam->step(params, 0.01f);  // shapes agree after the remap
    }

    void rigLBlockedTopKIsTheDenseTopK() {
        // Batch of one: |dL/dW| = |dy_r * x_c| = row 0: 1 2 3 4 5, row 1: 2 4 6 8 10,
        // row 2: 0 (dy 0), row 3: .5 1 1.5 2 2.5. Inactive, best first: 8 (flat 8),
        // 5 (flat 4), 4 (flat 3), 2.5 (flat 19), then a tie of 2 at flats 1 and 5: the
        // lower index, flat 1, is the fifth.
        sl::Dense d = handSparseLayer();
        Eigen::MatrixXf x(5, 1), dy(4, 1), y, dx;
        x << 1, 2, 3, 4, 5;
        dy << 1, -2, 0, 0.5f;
        d.forward(x, y);
        d.backward(x, y, dy, &dx);
        for (int block : {0, 1, 3}) {
            const auto top = sl::topInactiveGradient(*d.sparse(), 5, block);
            std::vector<long long> got;
            for (const auto& p : top) got.push_back(p.index);
            QCOMPARE(got, (std::vector<long long>{1, 3, 4, 8, 19}));
            QCOMPARE(top[0].score, 2.0f);
            QCOMPARE(top[4].score, 2.5f);
        }
        // On random data the streaming choice is sl::topK on the dense gradient.
        sl::Rng rng(4);
        sl::Dense big(40, 30);
        big.initialize(sl::Init::He, rng);
        for (Eigen::Index i = 0; i < big.mask.size(); ++i)
            big.mask.data()[i] = rng.uniform(0.0f, 1.0f) < 0.2f ? 1.0f : 0.0f;
        big.weight = big.weight.cwiseProduct(big.mask);
        sl::Dense dense = big;
        big.useSparseBackend();
        Eigen::MatrixXf bx(40, 7), bdy(30, 7);
        for (Eigen::Index i = 0; i < bx.size(); ++i) bx.data()[i] = rng.uniform(-1.0f, 1.0f);
        for (Eigen::Index i = 0; i < bdy.size(); ++i) bdy.data()[i] = rng.uniform(-1.0f, 1.0f);
        big.forward(bx, y);
        big.backward(bx, y, bdy, &dx);
        dense.forward(bx, y);
        dense.backward(bx, y, bdy, &dx);
        const sl::Tensor score = dense.weightGrad.cwiseAbs();
        const auto expected = sl::topK(score.data(), sl::inactiveIndices(dense.mask), 50);
        const auto top = sl::topInactiveGradient(*big.sparse(), 50, 7);
        std::vector<std::int32_t> got;
        for (const auto& p : top) got.push_back(static_cast<std::int32_t>(p.index));
        QCOMPARE(got, expected);
    }

    void setNeverPicksAnActivePositionAndDrawsLikeTheDenseForm() {
        sl::Rng make(6);
        sl::Tensor w = sl::Tensor::Zero(50, 37), m = sl::Tensor::Zero(50, 37);
        for (Eigen::Index i = 0; i < m.size(); ++i)
            m.data()[i] = make.uniform(0.0f, 1.0f) < 0.6f ? 1.0f : 0.0f;
        m.row(3).setOnes();  // a full row: nothing to grow there
        m.row(8).setZero();  // an empty one
        const auto csr = sl::CsrMatrix::fromDense(w, m);
        const long long inactive = (m.array() == 0.0f).count();
        for (long long k : {1LL, 17LL, 300LL, inactive}) {
            sl::Rng a(100 + k), b(100 + k);
            const auto got = sl::sampleInactive(csr, k, a);
            QCOMPARE(static_cast<long long>(got.size()), k);
            QCOMPARE(static_cast<long long>(std::set<long long>(got.begin(), got.end()).size()), k);
            for (long long i : got) QCOMPARE(m.data()[i], 0.0f);
            QCOMPARE(got, denseSetChoice(m, k, b));
            QCOMPARE(a.next(), b.next());  // the same numbers were drawn
        }
        sl::Rng r(1);
        sl::test::expectError<sl::ShapeError>([&] { sl::sampleInactive(csr, inactive + 1, r); },
                                              {});
    }

    void smallestActiveBreaksTiesLikeTopK() {
        sl::Tensor w(1, 6), m = sl::Tensor::Ones(1, 6);
        w << 0.5f, -0.1f, 0.1f, 2.0f, -0.1f, 0.3f;
        const auto csr = sl::CsrMatrix::fromDense(w, m);
        // |w| = .5 .1 .1 2 .1 .3: the two smallest are two of the three .1's; topK keeps the
        // lower index, so the higher ones (4, then 2) go first.
        QCOMPARE(sl::smallestActive(csr, 2), (std::vector<std::int32_t>{2, 4}));
        QCOMPARE(sl::smallestActive(csr, 4), (std::vector<std::int32_t>{1, 2, 4, 5}));
    }

    void autoPicksByTheBreakEvenAndSparseRefusesDenseMethods() {
        {
            auto c = backendConfig("rigl", "auto", 0.9);
            sl::Trainer t(c, sl::loadRunData(c));
            QCOMPARE(sl::layerBackends(t.prunableLayers()),
                     (std::vector<std::string>{"sparse", "sparse", "sparse"}));
        }
        {
            auto c = backendConfig("rigl", "auto", 0.5);
            sl::Trainer t(c, sl::loadRunData(c));
            QCOMPARE(sl::layerBackends(t.prunableLayers()),
                     (std::vector<std::string>{"dense", "dense", "dense"}));
        }
        {
            auto c = backendConfig("movement", "auto", 0.9);
            c.sparsity.schedule = "cubic";
            sl::Trainer t(c, sl::loadRunData(c));
            QCOMPARE(sl::layerBackends(t.prunableLayers()),
                     (std::vector<std::string>{"dense", "dense", "dense"}));
        }
        auto c = backendConfig("movement", "sparse", 0.9);
        sl::test::expectError<sl::ConfigError>([&] { sl::Trainer t(c, sl::loadRunData(c)); },
                                               {"model.backend", "sparsity.method", "movement"});
        QVERIFY(!sl::sparseBackendRefusal(c).empty());
        QVERIFY(sl::sparseBackendRefusal(backendConfig("set", "sparse")).empty());
    }

    void backendsStartAlikeAndMakeTheSameFirstUpdate_data() {
        QTest::addColumn<QString>("method");
        QTest::newRow("rigl") << "rigl";
        QTest::newRow("set") << "set";
    }
    void backendsStartAlikeAndMakeTheSameFirstUpdate() {
        QFETCH(QString, method);
        const std::string m = method.toStdString();
        auto cd = backendConfig(m.c_str(), "dense"), cs = backendConfig(m.c_str(), "sparse");
        sl::Trainer dense(cd, sl::loadRunData(cd)), sparse(cs, sl::loadRunData(cs));
        const auto ld = dense.prunableLayers(), ls = sparse.prunableLayers();
        sl::syncDenseViews(ls);
        for (std::size_t l = 0; l < ld.size(); ++l) {
            QVERIFY(sparse_backend(ls[l]));
            QVERIFY(ld[l]->mask == ls[l]->mask);
            QVERIFY(ld[l]->weight == ls[l]->weight);
        }
        dense.run(cd.sparsity.deltaT);  // through the first mask update
        sparse.run(cs.sparsity.deltaT);
        QCOMPARE(dense.maskEvents().size(), sparse.maskEvents().size());
        QVERIFY(!dense.maskEvents().empty());
        for (std::size_t i = 0; i < dense.maskEvents().size(); ++i) {
            const auto& a = dense.maskEvents()[i];
            const auto& b = sparse.maskEvents()[i];
            QCOMPARE(a.step, 4LL);
            QCOMPARE(a.layer, b.layer);
            QVERIFY(a.pruned() > 0);
            QCOMPARE(a.prunedIndices, b.prunedIndices);
            QCOMPARE(a.grownIndices, b.grownIndices);
        }
        for (std::size_t l = 0; l < ld.size(); ++l) QVERIFY(ld[l]->mask == ls[l]->mask);
        sl::syncDenseViews(ls);
        for (std::size_t l = 0; l < ld.size(); ++l)
            QVERIFY((ld[l]->weight - ls[l]->weight).cwiseAbs().maxCoeff() < 1e-4f);
    }

    void sparseInvariantsInTheStepLoop() {
        auto c = backendConfig("rigl", "sparse");
        sl::Trainer t(c, sl::loadRunData(c));
        const auto layers = t.prunableLayers();
        std::vector<long long> nnz;
        for (auto* l : layers) nnz.push_back(sl::sparseWeightsOf(*l)->matrix().nnz());
        t.runToEnd();
        QVERIFY(t.maskEvents().size() > 10);
        for (std::size_t l = 0; l < layers.size(); ++l) {
            const auto& csr = sl::sparseWeightsOf(*layers[l])->matrix();
            csr.validate("after training");
            QCOMPARE(csr.nnz(), nnz[l]);  // drop and grow keeps the count
            QCOMPARE(static_cast<long long>((layers[l]->mask.array() != 0.0f).count()), nnz[l]);
            // The dense mask view marks exactly the CSR's positions.
            for (int r = 0; r < csr.rows; ++r)
                for (std::int32_t k = csr.rowPtr[std::size_t(r)];
                     k < csr.rowPtr[std::size_t(r) + 1]; ++k)
                    QCOMPARE(layers[l]->mask(r, csr.colIdx[std::size_t(k)]), 1.0f);
        }
        QVERIFY(t.evaluateTest().accuracy > 0.6);  // it learns two spirals' worth
    }

    void setMasksAfterStepsKeepsStateInStep() {
        // Masks chosen from outside (lottery tickets) after the optimizer has state: kept
        // positions keep theirs, new ones start at zero, and the next step runs.
        auto c = backendConfig("static", "sparse");
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(3);
        const auto layers = t.prunableLayers();
        std::vector<sl::Tensor> masks;
        for (auto* l : layers) {
            sl::Tensor m = l->mask;
            m.row(0).setOnes();  // more active weights than before
            masks.push_back(m);
        }
        t.setMasks(masks);
        for (std::size_t l = 0; l < layers.size(); ++l) {
            const auto& csr = sl::sparseWeightsOf(*layers[l])->matrix();
            QCOMPARE(csr.nnz(), static_cast<long long>((masks[l].array() != 0.0f).count()));
            QCOMPARE(t.optimizer().state()[2 * l].value->rows(), Eigen::Index(csr.nnz()));
        }
        t.run(2);
        QCOMPARE(t.step(), 5LL);
    }

    void exactResumeOnTheSparseBackend_data() {
        QTest::addColumn<QString>("method");
        QTest::newRow("rigl") << "rigl";
        QTest::newRow("set") << "set";
        QTest::newRow("static") << "static";
    }
    void exactResumeOnTheSparseBackend() {
        QFETCH(QString, method);
        const std::string m = method.toStdString();
        auto c = backendConfig(m.c_str(), "sparse");
        c.optimizer.name = m == "set" ? "adam" : "sgd";
        c.optimizer.lr = m == "set" ? 0.01f : 0.05f;
        sl::Trainer whole(c, sl::loadRunData(c));
        whole.runToEnd();

        QTemporaryDir dir;
        const std::string path = dir.filePath("run.h5").toStdString();
        {
            sl::Trainer first(c, sl::loadRunData(c));
            first.run(18);  // mid-interval, after four mask updates
            sl::saveCheckpoint(first, path);
        }
        auto resumed = sl::loadCheckpoint(path);
        QCOMPARE(sl::layerBackends(resumed->prunableLayers()),
                 (std::vector<std::string>{"sparse", "sparse", "sparse"}));
        resumed->runToEnd();
        const std::string diff =
            sl::test::stateDifference(whole.captureState(), resumed->captureState());
        QVERIFY2(diff.empty(), diff.c_str());
    }

private:
    static bool sparse_backend(sl::PrunableLayer* l) { return sl::sparseWeightsOf(*l) != nullptr; }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSparseBackend)
#include "test_sparse_backend.moc"
