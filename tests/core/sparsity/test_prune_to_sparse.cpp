#include "io/checkpoint.h"
#include "nn/sparse_dense.h"
#include "optim/optimizer.h"
#include "optim/sparse_state.h"
#include "sparsity/nm_pattern.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "train/model_builder.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QTemporaryDir>
#include <QtTest>

// Prune-only methods on the sparse backend: N:M prunes a layer's CSR directly, and magnitude
// pruning (GMP) starts dense and moves a layer to the sparse backend once its density falls
// below the break-even, carrying its optimizer state over exactly. Both backends choose the
// same masks, the move happens at the first update that crosses the break-even, and a run
// saved after the move resumes exactly.
namespace {

sl::RunConfig pruneConfig(const char* method, const char* backend) {
    sl::RunConfig c;
    c.data.name = "spirals";
    c.data.samples = 600;
    c.model.hidden = {64, 64};
    c.optimizer.lr = 0.05f;
    c.train.batchSize = 50;
    c.train.epochs = 4;  // 12 steps an epoch; the schedule ends at step 36
    c.train.logEvery = 5;
    c.sparsity.method = method;
    c.sparsity.schedule = "cubic";
    c.sparsity.target = 0.9f;  // magnitude; nm's target is 1 - n/m
    c.sparsity.nmN = 1;
    c.sparsity.nmM = 8;
    c.sparsity.deltaT = 4;
    c.sparsity.distribution = "uniform";
    c.model.backend = backend;
    c.seed = 5;
    return c;
}

double sparsityOf(const sl::PrunableLayer& layer) {
    return 1.0 - double((layer.mask.array() != 0.0f).count()) / double(layer.mask.size());
}

bool isSparse(sl::PrunableLayer* layer) { return sl::sparseWeightsOf(*layer) != nullptr; }

const sl::Tensor& stateOf(sl::Trainer& t, std::size_t param, const char* kind) {
    for (const auto& s : t.optimizer().state())
        if (s.param == param && s.kind == kind) return *s.value;
    qFatal("no optimizer state %s for parameter %zu", kind, param);
}

}  // namespace

class TestPruneToSparse : public QObject {
    Q_OBJECT
private slots:
    void nmPrunesTheCsrAsTheDenseMask() {
        // On the sparse backend from the first step (a full CSR), every update of the
        // schedule (8 → 1 kept of 8) prunes the CSR; the dense backend prunes its mask.
        auto cd = pruneConfig("nm", "dense"), cs = pruneConfig("nm", "sparse");
        sl::Trainer dense(cd, sl::loadRunData(cd)), sparse(cs, sl::loadRunData(cs));
        for (auto* l : sparse.prunableLayers()) QVERIFY(isSparse(l));
        int updates = 0;
        for (long long step = 1; step <= 40; ++step) {
            dense.run(1);
            sparse.run(1);
            QCOMPARE(sparse.maskEvents().size(), dense.maskEvents().size());
            const auto ld = dense.prunableLayers(), ls = sparse.prunableLayers();
            for (std::size_t l = 0; l < ld.size(); ++l) {
                QVERIFY2(ld[l]->mask == ls[l]->mask, qPrintable(QString("step %1").arg(step)));
                const auto& csr = sl::sparseWeightsOf(*ls[l])->matrix();
                csr.validate("nm on the sparse backend");
                QCOMPARE(csr.nnz(), static_cast<long long>((ld[l]->mask.array() != 0.0f).count()));
            }
        }
        for (std::size_t i = 0; i < dense.maskEvents().size(); ++i) {
            const auto& a = dense.maskEvents()[i];
            const auto& b = sparse.maskEvents()[i];
            QCOMPARE(b.step, a.step);
            QCOMPARE(b.layer, a.layer);
            QCOMPARE(b.prunedIndices, a.prunedIndices);
            QVERIFY(b.grownIndices.empty());
            QCOMPARE(b.dropCutoff, a.dropCutoff);
            ++updates;
        }
        QVERIFY(updates > 0);
        // The end of the schedule is the pattern itself: 1 of every 8 (1 of the first layer's
        // 2 inputs, a partial group), in the CSR and in the mask.
        for (auto* l : sparse.prunableLayers()) {
            QCOMPARE(sl::nmMaxPerGroup(l->mask, 8), 1);
            QCOMPARE(sl::sparseWeightsOf(*l)->matrix().nnz(),
                     sl::nmKeptCount(l->units(), l->fanIn(), 1, 8));
        }
    }

    void magnitudeMovesALayerAtTheBreakEven_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("optimizer");
        QTest::newRow("magnitude sgd") << "magnitude"
                                       << "sgd";
        QTest::newRow("magnitude adam") << "magnitude"
                                        << "adam";
        QTest::newRow("nm sgd") << "nm"
                                << "sgd";
    }
    void magnitudeMovesALayerAtTheBreakEven() {
        QFETCH(QString, method);
        QFETCH(QString, optimizer);
        const std::string m = method.toStdString();
        auto cd = pruneConfig(m.c_str(), "dense"), ca = pruneConfig(m.c_str(), "auto");
        cd.optimizer.name = ca.optimizer.name = optimizer.toStdString();
        if (optimizer == "adam") cd.optimizer.lr = ca.optimizer.lr = 0.01f;
        sl::Trainer dense(cd, sl::loadRunData(cd)), autoRun(ca, sl::loadRunData(ca));
        const std::size_t layerCount = dense.prunableLayers().size();
        for (auto* l : autoRun.prunableLayers()) QVERIFY(!isSparse(l));  // starts dense
        std::vector<long long> movedAt(layerCount, -1);
        for (long long step = 1; step <= autoRun.totalSteps(); ++step) {
            dense.run(1);
            autoRun.run(1);
            const auto ld = dense.prunableLayers(), la = autoRun.prunableLayers();
            for (std::size_t l = 0; l < layerCount; ++l) {
                QVERIFY2(ld[l]->mask == la[l]->mask,
                         qPrintable(QString("layer %1, step %2").arg(l).arg(step)));
                // Sparse exactly from the first update whose density is below the break-even.
                QCOMPARE(isSparse(la[l]), sparsityOf(*la[l]) >= sl::kSparseBreakEven);
                if (!isSparse(la[l]) || movedAt[l] >= 0) continue;
                movedAt[l] = step;
                QVERIFY(autoRun.sparsityMethod().isMaskUpdateStep(step));
                // Up to here both runs computed on the dense backend: the CSR holds the dense
                // run's weights and the optimizer state its state, bit for bit, at the mask.
                const auto& csr = sl::sparseWeightsOf(*la[l])->matrix();
                QVERIFY(sl::test::sameBits(csr.values,
                                           sl::gatherAtMask(ld[l]->mask, ld[l]->weight, "w")));
                const std::size_t param = 2 * l;  // weight, bias per layer
                // state() returns a new vector on each call: one copy for begin and end.
                const auto denseState = dense.optimizer().state();
                for (const char* kind : {"momentum", "m", "v"}) {
                    if (!denseState.empty() &&
                        std::none_of(denseState.begin(), denseState.end(),
                                     [&](const auto& s) { return s.kind == kind; }))
                        continue;
                    const sl::Tensor expected =
                        sl::gatherAtMask(ld[l]->mask, stateOf(dense, param, kind), kind);
                    QCOMPARE(expected.rows(), Eigen::Index(csr.nnz()));
                    QVERIFY2(sl::test::sameBits(stateOf(autoRun, param, kind), expected), kind);
                }
            }
        }
        // The hidden layers cross the break-even mid-run; nm's first layer (2 inputs, 1 kept)
        // ends at 50 % and stays dense.
        for (std::size_t l = 1; l < layerCount; ++l) {
            QVERIFY2(movedAt[l] > 0, "a hidden layer crosses the break-even before the end");
            QVERIFY(movedAt[l] < autoRun.totalSteps());
        }
        QCOMPARE(movedAt[0] > 0, method == "magnitude");
        // After the move the sums run in another order: the runs part by rounding only.
        QVERIFY(std::abs(autoRun.evaluateTest().accuracy - dense.evaluateTest().accuracy) < 0.03);
    }

    void exactResumeAfterTheMove_data() { magnitudeMovesALayerAtTheBreakEven_data(); }
    void exactResumeAfterTheMove() {
        QFETCH(QString, method);
        QFETCH(QString, optimizer);
        auto c = pruneConfig(method.toStdString().c_str(), "auto");
        c.optimizer.name = optimizer.toStdString();
        if (optimizer == "adam") c.optimizer.lr = 0.01f;
        sl::Trainer whole(c, sl::loadRunData(c));
        whole.runToEnd();
        // nm's first layer keeps 1 of its 2 inputs: 50 %, below the break-even.
        const std::vector<std::string> moved{method == "nm" ? "dense" : "sparse", "sparse",
                                             "sparse"};

        QTemporaryDir dir;
        const std::string path = dir.filePath("run.h5").toStdString();
        {
            sl::Trainer first(c, sl::loadRunData(c));
            first.run(30);  // after the moves, between two updates of the schedule
            QCOMPARE(sl::layerBackends(first.prunableLayers()), moved);
            sl::saveCheckpoint(first, path);
        }
        auto resumed = sl::loadCheckpoint(path);
        QCOMPARE(sl::layerBackends(resumed->prunableLayers()), moved);
        resumed->runToEnd();
        const std::string diff =
            sl::test::stateDifference(whole.captureState(), resumed->captureState());
        QVERIFY2(diff.empty(), diff.c_str());

        // The same in memory, saved before the moves: the resumed run moves its layers itself.
        sl::Trainer early(c, sl::loadRunData(c));
        early.run(6);
        const auto state = early.captureState();
        sl::Trainer again(c, sl::loadRunData(c));
        again.restoreState(state);
        again.runToEnd();
        const std::string diff2 =
            sl::test::stateDifference(whole.captureState(), again.captureState());
        QVERIFY2(diff2.empty(), diff2.c_str());
    }

    void globalMagnitudeStaysDense() {
        // The global distribution ranks every layer's dense |w| together: no layer moves, and
        // the sparse backend is refused by name.
        auto c = pruneConfig("magnitude", "auto");
        QVERIFY(sl::sparseBackendRefusal(c).empty());
        c.sparsity.distribution = "global";
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        QCOMPARE(sl::layerBackends(t.prunableLayers()),
                 (std::vector<std::string>{"dense", "dense", "dense"}));
        double active = 0, total = 0;
        for (auto* l : t.prunableLayers()) {
            active += double((l->mask.array() != 0.0f).count());
            total += double(l->mask.size());
        }
        QVERIFY(std::abs(1.0 - active / total - 0.9) < 0.01);
        c.model.backend = "sparse";
        QVERIFY(sl::sparseBackendRefusal(c).find("magnitude") != std::string::npos);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestPruneToSparse)
#include "test_prune_to_sparse.moc"
