#include "io/checkpoint.h"
#include "nn/dense.h"
#include "sparsity/method.h"
#include "sparsity/methods/nm.h"
#include "sparsity/nm_pattern.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QTemporaryDir>
#include <QtTest>
#include <memory>

// N:M sparsity: every group of m consecutive inputs keeps exactly its n largest |w| (partial
// groups: min(n, size)); gradual counts per group follow the schedule; magnitude pruning with
// the n:m constraint never leaves more than n in a group and meets its target.
namespace {

struct Layer {
    sl::Rng rng{11};
    sl::Dense dense;
    sl::SparsityContext context;
    Layer(int out, int in, long long totalSteps = 1000) : dense(in, out) {
        dense.initialize(sl::Init::He, rng);
        context = sl::SparsityContext{{&dense}, &rng, totalSteps};
    }
};

sl::SparsitySettings nm(int n, int m, const char* schedule = "constant") {
    sl::SparsitySettings s;
    s.method = "nm";
    s.nmN = n;
    s.nmM = m;
    s.schedule = schedule;
    return s;
}

// Non-zero mask entries of each group of a row, in order.
std::vector<int> groupCounts(const sl::Tensor& mask, int row, int m) {
    std::vector<int> out;
    for (Eigen::Index start = 0; start < mask.cols(); start += m) {
        const auto size = std::min<Eigen::Index>(m, mask.cols() - start);
        out.push_back(
            static_cast<int>((mask.row(row).segment(start, size).array() != 0.0f).count()));
    }
    return out;
}

long long active(const sl::Tensor& mask) { return (mask.array() != 0.0f).count(); }

}  // namespace

class TestNmPruning : public QObject {
    Q_OBJECT

private slots:
    void twoOfFourKeepsTheTwoLargestPerGroup() {
        Layer l(2, 8);
        l.dense.weight << 0.1f, -0.9f, 0.5f, 0.2f, /**/ 1, 2, -3, 4, 0.3f, 0.3f, 0.3f, 0.3f, /**/ 0,
            0, 0, -0.01f;
        auto m = sl::makeSparsityMethod(nm(2, 4));
        const auto events = m->begin(l.context);
        sl::Tensor expected(2, 8);
        // Ties go to the lower index; row 1's last group keeps the lone non-zero and index 4.
        expected << 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1;
        QCOMPARE(l.dense.mask, expected);
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].pruned(), 8);
        QVERIFY(l.dense.masked());
        QCOMPARE(l.dense.weight(0, 0), 0.0f);  // pruned weights are zeroed
        QCOMPARE(m->targetSparsityAt(0), 0.5);
    }

    void everyGroupHasExactlyNOnAWideLayer() {
        Layer l(30, 64);
        const sl::Tensor w = l.dense.weight.cwiseAbs();
        auto m = sl::makeSparsityMethod(nm(2, 4));
        m->begin(l.context);
        for (int r = 0; r < 30; ++r)
            for (int c : groupCounts(l.dense.mask, r, 4)) QCOMPARE(c, 2);
        QCOMPARE(active(l.dense.mask), 30LL * 32);
        // Within a group, every survivor is at least as large as every pruned weight.
        for (int r = 0; r < 30; ++r)
            for (int g = 0; g < 16; ++g) {
                float smallestKept = 1e9f, largestPruned = -1.0f;
                for (int i = 4 * g; i < 4 * g + 4; ++i) {
                    if (l.dense.mask(r, i) != 0.0f) smallestKept = std::min(smallestKept, w(r, i));
                    else largestPruned = std::max(largestPruned, w(r, i));
                }
                QVERIFY(smallestKept >= largestPruned);
            }
    }

    void oneOfFourAndThreeOfEightWithPartialGroups() {
        {
            Layer l(3, 10);  // groups of 4, 4, 2
            auto m = sl::makeSparsityMethod(nm(1, 4));
            m->begin(l.context);
            for (int r = 0; r < 3; ++r)
                QCOMPARE(groupCounts(l.dense.mask, r, 4), (std::vector<int>{1, 1, 1}));
            QCOMPARE(active(l.dense.mask), sl::nmKeptCount(3, 10, 1, 4));
            QCOMPARE(sl::nmKeptCount(3, 10, 1, 4), 9LL);
        }
        {
            Layer l(2, 19);  // groups of 8, 8, 3
            auto m = sl::makeSparsityMethod(nm(3, 8));
            m->begin(l.context);
            for (int r = 0; r < 2; ++r)
                QCOMPARE(groupCounts(l.dense.mask, r, 8), (std::vector<int>{3, 3, 3}));
            QCOMPARE(active(l.dense.mask), 18LL);
            QCOMPARE(sl::nmMaxPerGroup(l.dense.mask, 8), 3);
        }
        {
            Layer l(2, 13);  // groups of 8, 5: 3:8 keeps 3 of the partial 5
            auto m = sl::makeSparsityMethod(nm(3, 8));
            m->begin(l.context);
            for (int r = 0; r < 2; ++r)
                QCOMPARE(groupCounts(l.dense.mask, r, 8), (std::vector<int>{3, 3}));
        }
        {
            Layer l(1, 5);  // 2:4 on 4 + 1: the lone entry of the partial group stays
            auto m = sl::makeSparsityMethod(nm(2, 4));
            m->begin(l.context);
            QCOMPARE(groupCounts(l.dense.mask, 0, 4), (std::vector<int>{2, 1}));
        }
    }

    void gradualCountsPerGroupFollowTheSchedule() {
        Layer l(4, 32, 400);
        auto s = nm(2, 8, "linear");
        s.startStep = 0;
        s.endStep = 100;
        s.deltaT = 25;
        auto method = std::make_unique<sl::NmPruning>(s);
        QVERIFY(method->begin(l.context).empty());
        QCOMPARE(active(l.dense.mask), 128LL);
        // Linear 0 -> 0.75: s = 0.1875, 0.375, 0.5625, 0.75 at steps 25..100; kept per group
        // round(8 (1 - s)) = 7 (6.5 rounds up), 5, 4 (3.5 rounds up), 2.
        const std::map<long long, int> kept{{25, 7}, {50, 5}, {75, 4}, {100, 2}};
        int perGroup = 8;
        for (long long step = 1; step <= 150; ++step) {
            const auto events = method->afterOptimizerStep(l.context, step);
            if (kept.count(step)) {
                perGroup = kept.at(step);
                QCOMPARE(events.size(), std::size_t(1));
                QCOMPARE(method->keptPerGroupAt(step), perGroup);
            } else {
                QVERIFY(events.empty());
            }
            for (int r = 0; r < 4; ++r)
                for (int c : groupCounts(l.dense.mask, r, 8)) QCOMPARE(c, perGroup);
        }
        QCOMPARE(method->targetSparsityAt(60), 0.375);
        QCOMPARE(method->targetSparsityAt(150), 0.75);
    }

    void oneShotWaitsForItsStep() {
        Layer l(2, 8);
        auto s = nm(2, 4, "one-shot");
        s.startStep = 5;
        auto m = sl::makeSparsityMethod(s);
        QVERIFY(m->begin(l.context).empty());
        QCOMPARE(m->targetSparsityAt(4), 0.0);
        for (long long step = 1; step < 5; ++step)
            QVERIFY(m->afterOptimizerStep(l.context, step).empty());
        QCOMPARE(m->afterOptimizerStep(l.context, 5).size(), std::size_t(1));
        QCOMPARE(active(l.dense.mask), 8LL);
    }

    void magnitudeWithConstraintPrunesInsideThePattern() {
        Layer l(8, 16);
        auto s = nm(2, 4);
        s.method = "magnitude";
        s.nmConstraint = true;
        s.distribution = "uniform";
        s.target = 0.75f;
        const sl::Tensor w = l.dense.weight;
        auto m = sl::makeSparsityMethod(s);
        m->begin(l.context);
        QCOMPARE(active(l.dense.mask), 32LL);  // 25% of 128
        QVERIFY(sl::nmMaxPerGroup(l.dense.mask, 4) <= 2);
        // The survivors are the 32 largest |w| among the pattern's 64.
        const auto pattern = sl::nmPatternIndices(w.cwiseAbs(), 2, 4);
        std::vector<float> inPattern;
        for (auto i : pattern) inPattern.push_back(std::abs(w.data()[i]));
        std::sort(inPattern.rbegin(), inPattern.rend());
        for (Eigen::Index i = 0; i < w.size(); ++i) {
            if (l.dense.mask.data()[i] == 0.0f) continue;
            QVERIFY(std::find(pattern.begin(), pattern.end(), i) != pattern.end());
            QVERIFY(std::abs(w.data()[i]) >= inPattern[31]);
        }
    }

    void magnitudeWithConstraintBelowThePatternGivesThePattern() {
        Layer l(8, 16);
        auto s = nm(2, 4);
        s.method = "magnitude";
        s.nmConstraint = true;
        s.distribution = "uniform";
        s.target = 0.3f;
        const sl::Tensor w = l.dense.weight;
        auto m = sl::makeSparsityMethod(s);
        m->begin(l.context);
        QCOMPARE(active(l.dense.mask), 64LL);
        for (int r = 0; r < 8; ++r)
            QCOMPARE(groupCounts(l.dense.mask, r, 4), (std::vector<int>{2, 2, 2, 2}));
        const auto pattern = sl::nmPatternIndices(w.cwiseAbs(), 2, 4);
        for (auto i : pattern) QCOMPARE(l.dense.mask.data()[i], 1.0f);
    }

    void magnitudeWithConstraintGradualEndsAtTarget() {
        Layer l(10, 40, 200);
        auto s = nm(2, 4, "cubic");
        s.method = "magnitude";
        s.nmConstraint = true;
        s.distribution = "uniform";
        s.target = 0.9f;
        s.endStep = 100;
        s.deltaT = 10;
        auto m = sl::makeSparsityMethod(s);
        m->begin(l.context);
        for (long long step = 1; step <= 100; ++step) {
            m->afterOptimizerStep(l.context, step);
            // Dense until the first update; from then on inside the pattern. At step 10 the
            // cubic asks for 0.9 (1 - 0.9^3) = 24% < 50%: the pattern itself.
            if (step < 10) QCOMPARE(active(l.dense.mask), 400LL);
            if (step >= 10 && step < 20) QCOMPARE(active(l.dense.mask), 200LL);
            if (step >= 10)
                QVERIFY2(sl::nmMaxPerGroup(l.dense.mask, 4) <= 2, std::to_string(step).c_str());
        }
        QCOMPARE(active(l.dense.mask), 40LL);  // 10% of 400
    }

    // Real runs: the optimizers keep pruned weights at zero, so the pattern holds through
    // training, and a checkpoint brings the masks back.
    void trainsAndRoundTripsThroughACheckpoint() {
        for (const char* method : {"nm", "magnitude"}) {
            sl::RunConfig c;
            c.data.name = "blobs";
            c.data.classes = 3;
            c.data.samples = 600;
            c.model.hidden = {16, 12};
            c.train.epochs = 5;
            c.train.batchSize = 32;
            c.sparsity.method = method;
            c.sparsity.nmConstraint = true;
            c.sparsity.target = 0.7f;
            c.sparsity.distribution = "uniform";
            c.sparsity.schedule = "linear";
            c.sparsity.deltaT = 5;
            sl::Trainer t(c, sl::loadRunData(c));
            t.runToEnd();
            auto layers = t.model().prunableLayers();
            for (auto* d : layers) {
                QVERIFY(sl::nmMaxPerGroup(d->mask, 4) <= 2);
                QVERIFY((d->weight.array() * (1.0f - d->mask.array()) == 0.0f).all());
            }
            // blobs has 2 inputs: the first layer's rows are one partial group of 2, kept whole.
            QCOMPARE(active(layers[0]->mask), std::string(method) == "nm" ? 32LL : 10LL);
            QCOMPARE(active(layers[1]->mask), std::string(method) == "nm" ? 96LL : 58LL);
            QVERIFY(t.evaluateTest().accuracy > 0.9);

            QTemporaryDir dir;
            const std::string path = dir.filePath("nm.h5").toStdString();
            sl::saveCheckpoint(t, path);
            auto back = sl::loadCheckpoint(path);
            auto restored = back->model().prunableLayers();
            for (std::size_t l = 0; l < layers.size(); ++l)
                QCOMPARE(restored[l]->mask, layers[l]->mask);
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestNmPruning)
#include "test_nm_pruning.moc"
