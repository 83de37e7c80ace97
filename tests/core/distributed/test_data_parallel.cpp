#include "distributed/exchange_traffic.h"
#include "distributed/gradient_exchange.h"
#include "io/checkpoint.h"
#include "mpi_communicator.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <unistd.h>

// Run by CTest under `mpiexec -np 2`: each rank trains the distributed run and, in the same
// process, the single-process run with the same global batch as the reference. Every
// collective is issued before any check, so a failing check on one rank cannot leave the
// other waiting.
namespace {

sl::Communicator* g_world = nullptr;

sl::RunConfig tiny(const std::string& method) {
    sl::RunConfig c = sl::test::TinyRun()
                          .data("blobs", 400, 3)
                          .hidden({24, 16})
                          .epochs(2)
                          .batch(32)  // 400 / 32: 12 batches of 32 and one of 16 per epoch
                          .sparse(method, 0.6f, 5)
                          .seed(42);
    c.data.noise = 1.5f;
    c.model.backend = "dense";
    c.sparsity.dropFraction = 0.3f;
    c.threads = 1;
    return c;
}

// Rank 0's bytes on every rank.
std::vector<char> fromRankZero(const sl::Tensor& t) {
    std::vector<char> bytes(std::size_t(t.size()) * sizeof(float));
    std::memcpy(bytes.data(), t.data(), bytes.size());
    g_world->broadcast(bytes, 0);
    return bytes;
}

bool sameBytes(const std::vector<char>& bytes, const sl::Tensor& t) {
    return bytes.size() == std::size_t(t.size()) * sizeof(float) &&
           std::memcmp(bytes.data(), t.data(), bytes.size()) == 0;
}

float maxAbsDiff(const sl::Tensor& a, const sl::Tensor& b) { return (a - b).cwiseAbs().maxCoeff(); }

}  // namespace

class TestDataParallel : public QObject {
    Q_OBJECT

    // Trains `steps` steps on 2 ranks and in one process; compares weights (tolerance), masks
    // (exact) and the ranks with each other (bit for bit).
    void compareWithOneProcess(const std::string& method, long long steps, int minUpdates,
                               const std::string& backend = "dense") {
        sl::RunConfig config = tiny(method);
        config.model.backend = backend;
        compareWithOneProcess(config, steps, minUpdates);
    }

    void compareWithOneProcess(const sl::RunConfig& config, long long steps, int minUpdates) {
        const std::string backend = config.model.backend;
        sl::Trainer one(config, sl::loadRunData(config));
        sl::Trainer two(config, sl::loadRunData(config));
        two.setCommunicator(g_world);
        one.run(steps);
        two.run(steps);

        const auto a = one.prunableLayers(), b = two.prunableLayers();
        std::vector<std::vector<char>> rankZeroWeights, rankZeroMasks;
        for (auto* layer : b) {
            rankZeroWeights.push_back(fromRankZero(layer->weight));
            rankZeroMasks.push_back(fromRankZero(layer->mask));
        }
        // Every parameter, the mixture of experts' gate and experts (not prunable) too.
        std::vector<std::vector<char>> rankZeroParams;
        const auto pa = one.model().params(), pb = two.model().params();
        for (const auto& p : pb) rankZeroParams.push_back(fromRankZero(*p.value));
        QCOMPARE(g_world->size(), 2);
        QCOMPARE(a.size(), b.size());
        QCOMPARE(pa.size(), pb.size());
        for (std::size_t i = 0; i < pa.size(); ++i) {
            const float scale = std::max(1.0f, pa[i].value->cwiseAbs().maxCoeff());
            const float diff = maxAbsDiff(*pa[i].value, *pb[i].value);
            QVERIFY2(diff <= 1e-4f * scale,
                     qPrintable(QString("%1 differs by %2").arg(pa[i].name).arg(diff)));
            QVERIFY(sameBytes(rankZeroParams[i], *pb[i].value));
        }
        // The mask updates really happened, on the same steps.
        std::set<long long> updates, reference;
        for (const auto& e : two.maskEvents()) updates.insert(e.step);
        for (const auto& e : one.maskEvents()) reference.insert(e.step);
        QVERIFY2(int(updates.size()) >= minUpdates, qPrintable(QString::number(updates.size())));
        QVERIFY(updates == reference);
        QCOMPARE(two.maskEvents().size(), one.maskEvents().size());
        for (std::size_t i = 0; i < two.maskEvents().size(); ++i) {
            QCOMPARE(two.maskEvents()[i].grownIndices, one.maskEvents()[i].grownIndices);
            QCOMPARE(two.maskEvents()[i].prunedIndices, one.maskEvents()[i].prunedIndices);
        }
        for (std::size_t l = 0; l < a.size(); ++l) {
            QVERIFY2(a[l]->mask == b[l]->mask, qPrintable("mask " + QString::number(l)));
            const float scale = std::max(1.0f, a[l]->weight.cwiseAbs().maxCoeff());
            const float diff = maxAbsDiff(a[l]->weight, b[l]->weight);
            QVERIFY2(diff <= 1e-4f * scale,
                     qPrintable(QString("layer %1 differs by %2").arg(l).arg(diff)));
            QVERIFY(sameBytes(rankZeroWeights[l], b[l]->weight));
            QVERIFY(sameBytes(rankZeroMasks[l], b[l]->mask));
        }
        // The loss each rank records is the global batch's.
        QCOMPARE(one.history().size(), two.history().size());
        const double la = one.history().back().trainLoss, lb = two.history().back().trainLoss;
        QVERIFY2(std::abs(la - lb) <= 1e-5 * std::max(1.0, std::abs(la)),
                 qPrintable(QString("train loss %1 vs %2").arg(la).arg(lb)));
        // Dense exchange: one allreduce of every gradient entry plus the two metrics per step.
        long long entries = 0;
        for (const auto& p : two.model().params()) entries += p.grad->size();
        const auto& totals = two.gradientExchange().totals();
        QCOMPARE(totals.steps, steps);
        // The sparse backend's RigL adds its dense growth gradient on mask-update steps.
        if (backend == "dense" && config.model.kind == "mlp")
            QCOMPARE(totals.bytesSent, steps * (4 * entries + 16));
    }

private slots:
    void shardsCoverTheBatch() {
        using E = sl::GradientExchange;
        QVERIFY(E::shard(10, 0, 3) == std::make_pair(0, 3));
        QVERIFY(E::shard(10, 1, 3) == std::make_pair(3, 6));
        QVERIFY(E::shard(10, 2, 3) == std::make_pair(6, 10));
        QVERIFY(E::shard(1, 0, 2) == std::make_pair(0, 0));
        QVERIFY(E::shard(1, 1, 2) == std::make_pair(0, 1));
    }

    // 26 steps with ΔT 5: the first mask updates (at least 3 that changed a mask), each
    // pruning and growing exactly the weights the one-process run does.
    void denseExchangeMatchesOneProcessRigl() { compareWithOneProcess("rigl", 26, 3); }
    void denseExchangeMatchesOneProcessSet() { compareWithOneProcess("set", 26, 3); }
    // On CSR layers RigL's growth gradient comes in blocks from each rank's shard; summed over
    // the ranks it grows the same weights.
    void denseExchangeMatchesOneProcessRiglSparseBackend() {
        compareWithOneProcess("rigl", 26, 3, "sparse");
    }
    void denseExchangeMatchesOneProcessDense() { compareWithOneProcess("dense", 26, 0); }
    // A gpt: every position of a rank's windows weighs 1 / (global batch · context), as in
    // one process (the positions before the last weighed 1 / shard before), and the loss
    // each rank records is that of every character of the global batch.
    void denseExchangeMatchesOneProcessGpt() {
        QTemporaryDir dir;
        const QString path = dir.filePath("words.txt");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (int i = 0; i < 300; ++i) f.write(i % 3 ? "the cat sat " : "on a mat.\n");
        }
        sl::RunConfig config = tiny("rigl");
        config.data.name = "text";
        config.data.path = path.toStdString();
        config.model.kind = "gpt";
        config.model.layers = 1;
        config.model.dModel = 16;
        config.model.heads = 2;
        config.model.context = 8;
        config.optimizer.name = "adam";
        config.optimizer.lr = 0.01f;
        config.train.batchSize = 15;  // shards of 8 and 7 windows
        config.train.maxSteps = 12;
        compareWithOneProcess(config, 12, 1);
    }

    // 385 examples in batches of 32: every 13th step has one example, so rank 0's shard is
    // empty, and ΔT 13 puts RigL's mask updates exactly there. On the sparse backend the
    // growth gradient comes in blocks from the last backward's inputs: rank 0's are the
    // previous step's and must count as zero, or it grows other weights than one process.
    void emptyShardOnMaskUpdateSteps_data() {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sparse") << "sparse";
        QTest::newRow("dense") << "dense";
    }
    void emptyShardOnMaskUpdateSteps() {
        QFETCH(QString, backend);
        sl::RunConfig config = tiny("rigl");
        config.data.samples = 385;
        config.train.epochs = 4;
        config.sparsity.deltaT = 13;
        config.model.backend = backend.toStdString();
        QCOMPARE(sl::loadRunData(config).train.count(), 385);
        QVERIFY(sl::GradientExchange::shard(1, 0, 2).first ==
                sl::GradientExchange::shard(1, 0, 2).second);
        compareWithOneProcess(config, 26, 2);
    }

    // The mixture of experts' balancing loss is a statistic of the global batch (its routed
    // fractions and mean gate probabilities): each rank's share of its gradient must be the
    // global one's, not a whole balancing gradient per rank. A large weight makes it count;
    // the 385 examples leave rank 0 without examples every 13th step as well.
    void mixtureOfExpertsBalancesTheGlobalBatch_data() {
        QTest::addColumn<int>("topK");
        QTest::newRow("top-1") << 1;
        QTest::newRow("top-2") << 2;
    }
    void mixtureOfExpertsBalancesTheGlobalBatch() {
        QFETCH(int, topK);
        sl::RunConfig config = tiny("rigl");
        config.data.samples = 385;
        config.model.kind = "moe";
        config.model.hidden = {16};
        config.model.experts = 4;
        config.model.expertHidden = 8;
        config.model.topK = topK;
        config.model.balanceLoss = 0.5f;
        compareWithOneProcess(config, 26, 2);
    }

    // The exact bytes exchange_traffic.h works out (what the window shows for N ranks) are
    // the bytes the communicator counts, step by step, for top-k and for dense exchange.
    void trafficFormulaIsWhatTheCommunicatorCounts() {
        sl::RunConfig config = tiny("dense");
        config.gradient.compression = "topk";
        config.gradient.density = 0.05f;
        sl::Trainer topk(config, sl::loadRunData(config));
        topk.setCommunicator(g_world);
        config.gradient.compression = "none";
        sl::Trainer dense(config, sl::loadRunData(config));
        dense.setCommunicator(g_world);
        long long entries = 0;
        for (const auto& p : topk.model().params()) entries += p.grad->size();
        std::vector<sl::GradientExchange::Step> topkSteps, denseSteps;
        for (int i = 0; i < 6; ++i) {
            topk.run(1);
            topkSteps.push_back(topk.gradientExchange().lastStep());
            dense.run(1);
            denseSteps.push_back(dense.gradientExchange().lastStep());
        }
        long long keep = 0;
        for (const auto& p : topk.model().params())
            keep += topk.gradientFilter().keepCount(p.grad->size());
        for (const auto& step : topkSteps) {
            QVERIFY(step.sparse);
            QCOMPARE(step.pairsSent, keep);  // ceil(density · n) per tensor: no zero was kept
            QCOMPARE(step.pairsReceived, 2 * keep);
            const sl::ExchangeTraffic t = sl::topkStepTraffic(entries, step.pairsSent, 2);
            QVERIFY(t.sparse);
            QCOMPARE(step.bytesSent, t.bytesSent);
            QCOMPARE(step.bytesReceived, t.bytesReceived);
        }
        for (const auto& step : denseSteps) {
            const sl::ExchangeTraffic t = sl::denseStepTraffic(entries, 2);
            QCOMPARE(step.bytesSent, t.bytesSent);
            QCOMPARE(step.bytesReceived, t.bytesReceived);
        }
    }

    // A 2-rank checkpoint keeps rank 0's exchange totals; the 2-rank job resumed from it ends
    // with the totals of the uninterrupted job (the counts and bytes exactly; the seconds
    // only grow).
    void exchangeTotalsContinueOnResume() {
        sl::RunConfig config = tiny("rigl");
        config.gradient.compression = "topk";
        config.gradient.density = 0.05f;
        QTemporaryDir dir;
        std::string pathText = dir.filePath("mid.h5").toStdString();
        std::vector<char> pathBytes(pathText.begin(), pathText.end());
        g_world->broadcast(pathBytes, 0);
        const std::string path(pathBytes.begin(), pathBytes.end());

        sl::Trainer two(config, sl::loadRunData(config));
        two.setCommunicator(g_world);
        two.run(13);
        const sl::GradientExchange::Totals atSave = two.gradientExchange().totals();
        if (g_world->rank() == 0) sl::saveCheckpoint(two, path);
        g_world->barrier();
        two.runToEnd();
        const sl::GradientExchange::Totals uninterrupted = two.gradientExchange().totals();

        const sl::Checkpoint file = sl::readCheckpoint(path);
        const auto resumed = sl::resumeTrainer(file, file.config, sl::loadRunData(file.config));
        resumed->setCommunicator(g_world);
        resumed->runToEnd();
        const sl::GradientExchange::Totals after = resumed->gradientExchange().totals();
        g_world->barrier();
        if (g_world->rank() != 0) return;  // the totals in the file are rank 0's

        QCOMPARE(file.exchange.steps, 13LL);
        QCOMPARE(file.exchange.ranks, 2);
        QCOMPARE(file.exchange.bytesSent, atSave.bytesSent);
        QCOMPARE(file.exchange.bytesReceived, atSave.bytesReceived);
        QCOMPARE(file.exchange.sparseSteps, atSave.sparseSteps);
        QCOMPARE(file.exchange.denseSteps, atSave.denseSteps);
        QCOMPARE(file.exchange.seconds, atSave.seconds);
        QVERIFY(atSave.bytesSent > 0 && atSave.bytesReceived > 0);
        QVERIFY(atSave.sparseSteps > 0 && atSave.denseSteps > 0);  // top-k and RigL's dense

        QCOMPARE(after.steps, uninterrupted.steps);
        QCOMPARE(after.steps, two.step());
        QCOMPARE(after.bytesSent, uninterrupted.bytesSent);
        QCOMPARE(after.bytesReceived, uninterrupted.bytesReceived);
        QCOMPARE(after.sparseSteps, uninterrupted.sparseSteps);
        QCOMPARE(after.denseSteps, uninterrupted.denseSteps);
        QVERIFY(after.seconds >= atSave.seconds);
        QCOMPARE(after.ranks, 2);
    }

    // Each rank sends a hand-made selection; what arrives sums to what all ranks sent, entry
    // by entry, and exactly the sent pairs travel.
    void topkExchangeMovesExactlyTheSelectedPairs() {
        const int rank = g_world->rank();
        sl::Tensor w1(4, 5), g1(4, 5), w2(3, 1), g2(3, 1);
        g1.setZero();
        g2.setZero();
        // rank 0: 3 pairs, rank 1: 2 pairs, one index shared (g1(1, 2)).
        if (rank == 0) {
            g1(1, 2) = 0.5f;
            g1(3, 4) = -2.0f;
            g2(2, 0) = 1.25f;
        } else {
            g1(1, 2) = 0.25f;
            g1(0, 0) = 3.0f;
        }
        std::vector<sl::Param> params{{"w1", &w1, &g1, nullptr}, {"w2", &w2, &g2, nullptr}};
        double sentSum = g1.sum() + g2.sum();
        sl::GradientExchange exchange;
        exchange.setCommunicator(g_world);
        exchange.beginStep();
        exchange.sumSelected(params);
        exchange.endStep();
        g_world->allreduceSum(&sentSum, 1);
        const auto step = exchange.lastStep();
        QVERIFY(step.sparse);  // 5 pairs of 23 entries: the allgather is cheaper
        QCOMPARE(step.pairsSent, rank == 0 ? 3LL : 2LL);
        QCOMPARE(step.pairsReceived, 5LL);
        QCOMPARE(double(g1.sum() + g2.sum()), sentSum);
        QCOMPARE(g1(1, 2), 0.75f);
        QCOMPARE(g1(3, 4), -2.0f);
        QCOMPARE(g1(0, 0), 3.0f);
        QCOMPARE(g2(2, 0), 1.25f);
        QCOMPARE(int((g1.array() != 0).count() + (g2.array() != 0).count()), 4);
        // Measured bytes: the count allreduce (8), the byte count (4) and 8 per own pair.
        QCOMPARE(step.bytesSent, 8 + 4 + 8 * step.pairsSent);
    }

    // Past a gathered density of 1/2 the ranks allreduce instead; the sum is the same.
    void topkExchangeSwitchesToDenseWhenDenser() {
        sl::Tensor w(2, 3), g(2, 3);
        g << 1, 2, 3, 4, 5, float(g_world->rank());
        std::vector<sl::Param> params{{"w", &w, &g, nullptr}};
        sl::GradientExchange exchange;
        exchange.setCommunicator(g_world);
        exchange.beginStep();
        exchange.sumSelected(params);
        const auto step = exchange.lastStep();
        QVERIFY(!step.sparse);
        QCOMPARE(step.pairsReceived, 11LL);  // 6 + 5: more than 6 / 2
        sl::Tensor expected(2, 3);
        expected << 2, 4, 6, 8, 10, 1;
        QCOMPARE(g, expected);
    }

    // Top-k training: each rank keeps its own error feedback; the ranks still apply the same
    // update, so weights and masks (rigl, grown from the dense gradient on update steps)
    // stay bit-identical across ranks, and it learns.
    void topkTrainingKeepsRanksInStep() {
        sl::RunConfig config = tiny("rigl");
        config.gradient.compression = "topk";
        config.gradient.density = 0.05f;
        config.train.epochs = 8;
        sl::Trainer two(config, sl::loadRunData(config));
        two.setCommunicator(g_world);
        two.runToEnd();
        std::vector<std::vector<char>> w, m;
        for (auto* layer : two.prunableLayers()) {
            w.push_back(fromRankZero(layer->weight));
            m.push_back(fromRankZero(layer->mask));
        }
        const auto layers = two.prunableLayers();
        for (std::size_t l = 0; l < layers.size(); ++l) {
            QVERIFY(sameBytes(w[l], layers[l]->weight));
            QVERIFY(sameBytes(m[l], layers[l]->mask));
        }
        const auto& totals = two.gradientExchange().totals();
        QVERIFY(totals.sparseSteps > 0);
        QVERIFY(!two.maskEvents().empty());
        // One top-k exchange every step, and a dense one more on every mask-update step.
        long long updateSteps = 0;
        for (long long t = 1; t <= two.step(); ++t)
            updateSteps += two.sparsityMethod().isMaskUpdateStep(t);
        QVERIFY(updateSteps > 0);
        QCOMPARE(totals.sparseSteps + totals.denseSteps, totals.steps + updateSteps);
        // It learns: the last logged training loss is well below the first.
        const double first = two.history().front().trainLoss, last = two.history().back().trainLoss;
        QVERIFY2(last < 0.8 * first, qPrintable(QString("%1 -> %2").arg(first).arg(last)));
    }

    // A checkpoint rank 0 writes mid-run resumes in one process and ends where the 2-rank
    // run ends (to float tolerance: only the order of the gradient sums differs).
    void checkpointOfTwoRanksResumesOnOne() {
        const sl::RunConfig config = tiny("rigl");
        QTemporaryDir dir;
        // Rank 0's folder name reaches rank 1 so both agree on the file.
        std::string pathText = dir.filePath("mid.h5").toStdString();
        std::vector<char> pathBytes(pathText.begin(), pathText.end());
        g_world->broadcast(pathBytes, 0);
        const std::string path(pathBytes.begin(), pathBytes.end());

        sl::Trainer two(config, sl::loadRunData(config));
        two.setCommunicator(g_world);
        two.run(13);
        if (g_world->rank() == 0) sl::saveCheckpoint(two, path);
        g_world->barrier();
        two.runToEnd();
        if (g_world->rank() != 0) return;

        const auto resumed = sl::loadCheckpoint(path);
        QCOMPARE(resumed->step(), 13LL);
        resumed->runToEnd();
        QCOMPARE(resumed->step(), two.step());
        const auto a = resumed->prunableLayers(), b = two.prunableLayers();
        for (std::size_t l = 0; l < a.size(); ++l) {
            QVERIFY(a[l]->mask == b[l]->mask);
            const float scale = std::max(1.0f, b[l]->weight.cwiseAbs().maxCoeff());
            QVERIFY(maxAbsDiff(a[l]->weight, b[l]->weight) <= 1e-4f * scale);
        }
    }
};

int main(int argc, char** argv) {
    if (!sl::mpi::launchedByMpi()) {
        // CTest starts the program plainly: it becomes a 2-rank job (as root and on one core
        // too). execv returns only on failure.
        std::vector<char*> args{const_cast<char*>(SPARSELAB_MPIEXEC),
                                const_cast<char*>("-np"),
                                const_cast<char*>("2"),
                                const_cast<char*>("--oversubscribe"),
                                const_cast<char*>("--allow-run-as-root"),
                                const_cast<char*>("--bind-to"),
                                const_cast<char*>("none")};
        for (int i = 0; i < argc; ++i) args.push_back(argv[i]);
        args.push_back(nullptr);
        execv(SPARSELAB_MPIEXEC, args.data());
        std::perror(SPARSELAB_MPIEXEC);
        return 1;
    }
    sl::mpi::MpiCommunicator world(argc, argv);
    g_world = &world;
    TestDataParallel test;
    int failed = QTest::qExec(&test, argc, argv);
    // The job fails when any rank failed.
    double any = failed;
    world.allreduceSum(&any, 1);
    return any > 0 ? 1 : 0;
}

#include "test_data_parallel.moc"
