#include "nn/dense.h"
#include "nn/sparse_dense.h"
#include "sparsity/methods/sparse_drop_grow.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <vector>

using namespace sl;

namespace {

constexpr std::size_t kBound = MaskUpdateEvent::kEventPositionBound;

// The j-th of the bound changes a listed subset of n should hold: ceil(j·n/bound), written
// here from the definition rather than from the code's integer-crossing test.
std::size_t expectedRank(std::size_t j, std::size_t n) { return (j * n + kBound - 1) / kBound; }

// A 4100 x 4100 layer without a dense view (16.8 million weights, above kDenseViewLimit), 60
// active weights a row at columns 68·j + r mod 68: 246,000 in all, every row alike in count.
struct BornSparse {
    static constexpr int kSide = 4100;
    static constexpr int kPerRow = 60;
    std::unique_ptr<Dense> layer = Dense::sparseOnly(kSide, kSide);

    BornSparse() {
        std::vector<std::int32_t> rowPtr{0}, colIdx;
        for (int r = 0; r < kSide; ++r) {
            for (int j = 0; j < kPerRow; ++j) colIdx.push_back(68 * j + r % 68);
            rowPtr.push_back(static_cast<std::int32_t>(colIdx.size()));
        }
        Rng rng(7);
        layer->setSparseStructure(std::move(rowPtr), std::move(colIdx), rng);
    }
    SparseWeights& sparse() { return *layer->sparse(); }
    // Flat index of CSR entry k.
    long long flat(std::int32_t k) const {
        const CsrMatrix& w = layer->sparse()->matrix();
        const auto row = static_cast<int>(std::upper_bound(w.rowPtr.begin(), w.rowPtr.end(), k) -
                                          w.rowPtr.begin() - 1);
        return w.flatIndex(row, k);
    }
    // `perRow` inactive positions of every row (columns 68·j + (r + 1) mod 68), ascending.
    static std::vector<long long> inactive(int perRow) {
        std::vector<long long> out;
        for (int r = 0; r < kSide; ++r)
            for (int j = 0; j < perRow; ++j)
                out.push_back(static_cast<long long>(r) * kSide + 68 * j + (r + 1) % 68);
        return out;
    }
};

// Checks one side of a bounded event: the listed positions are the evenly spaced subset of
// `all` (ascending), and run to the last rows of the layer.
void checkEvenSubset(const std::vector<long long>& listed, const std::vector<long long>& all) {
    QVERIFY(all.size() > kBound);
    QCOMPARE(listed.size(), kBound);
    QVERIFY(std::is_sorted(listed.begin(), listed.end()));
    for (std::size_t j = 0; j < kBound; ++j) QCOMPARE(listed[j], all[expectedRank(j, all.size())]);
    QCOMPARE(listed.front(), all.front());
    // The last listed one is among the last n/bound changes, not change number bound - 1.
    const std::size_t lastRank = expectedRank(kBound - 1, all.size());
    QVERIFY(lastRank >= all.size() - all.size() / kBound - 1);
    QCOMPARE(listed.back() / BornSparse::kSide, static_cast<long long>(BornSparse::kSide - 1));
}

// Hands RigL's mask events to a check while the backward pass's inputs are still there.
class GradientAtUpdate : public TrainObserver {
public:
    explicit GradientAtUpdate(Trainer& trainer) : m_trainer(trainer) {}
    bool onMaskUpdate(const std::vector<MaskUpdateEvent>& events) override {
        for (const MaskUpdateEvent& e : events)
            if (e.layer == 1) check(e);
        return true;
    }
    int checked = 0;

private:
    // The engine scored position p by |dL/dW| from the last backward, formed in blocks of
    // topInactiveGradient's default height: the same blocks give the same numbers.
    void check(const MaskUpdateEvent& e) {
        const SparseWeights& s = *sparseWeightsOf(*m_trainer.prunableLayers()[1]);
        const int cols = s.matrix().cols;
        const int blockRows = std::max(1, (1 << 20) / cols);
        QVERIFY(s.hasBackwardInputs());
        QVERIFY(static_cast<std::size_t>(e.grown()) > kBound);
        QCOMPARE(e.grownPositions.size(), kBound);
        QCOMPARE(e.grownScores.size(), kBound);
        QVERIFY(std::is_sorted(e.grownPositions.begin(), e.grownPositions.end()));
        // Spread over the layer: the last listed growth lies in its last tenth of rows.
        QVERIFY(e.grownPositions.back() / cols >= s.matrix().rows * 9 / 10);
        Tensor block;
        int blockStart = -1;
        float smallest = e.grownScores.front();
        for (std::size_t i = 0; i < e.grownPositions.size(); ++i) {
            const auto r = static_cast<int>(e.grownPositions[i] / cols);
            const int c = static_cast<int>(e.grownPositions[i] % cols);
            const int start = r / blockRows * blockRows;
            if (start != blockStart) {
                s.denseGradientRows(start, std::min(s.matrix().rows, start + blockRows), block);
                blockStart = start;
            }
            QCOMPARE(e.grownScores[i], std::abs(block(r - start, c)));
            smallest = std::min(smallest, e.grownScores[i]);
        }
        // The grow cut-off is the smallest score of all growths, listed or not.
        QVERIFY(e.growCutoff <= smallest);
        ++checked;
    }

    Trainer& m_trainer;
};

}  // namespace

// A layer without a dense view lists at most kEventPositionBound positions of each kind of
// change; the list is evenly spaced over all the changes, so that the density map's
// highlights fall where the changes are, and its scores stay index for index with it.
class TestSparseDropGrow : public QObject {
    Q_OBJECT

private slots:
    void keptInBoundedListByHand() {
        // n = 10, bound 4: ceil(0), ceil(2.5), ceil(5), ceil(7.5) = 0, 3, 5, 8.
        std::vector<std::size_t> kept;
        for (std::size_t i = 0; i < 10; ++i)
            if (keptInBoundedList(i, 10, 4)) kept.push_back(i);
        QCOMPARE(kept, (std::vector<std::size_t>{0, 3, 5, 8}));
        // Up to the bound every change is kept.
        for (std::size_t i = 0; i < 4; ++i) QVERIFY(keptInBoundedList(i, 4, 4));
        // One past the bound: exactly one change is left out.
        int count = 0;
        for (std::size_t i = 0; i < 5; ++i) count += keptInBoundedList(i, 5, 4) ? 1 : 0;
        QCOMPARE(count, 4);
        // 10^10 changes (a giant layer's every weight) do not overflow: bound kept.
        const std::size_t n = 10'000'000'000ULL;
        QVERIFY(keptInBoundedList(0, n, kBound));
        QVERIFY(keptInBoundedList(expectedRank(kBound - 1, n), n, kBound));
        QVERIFY(!keptInBoundedList(expectedRank(kBound - 1, n) + 1, n, kBound));
    }

    void manyChangesListAnEvenlySpacedSubset() {
        BornSparse b;
        QVERIFY(!b.layer->hasDenseView());
        const CsrMatrix& w = b.sparse().matrix();
        const std::vector<float> before(w.values.data(), w.values.data() + w.values.size());
        // Every other active weight dropped (123,000), 30 a row grown (123,000).
        std::vector<std::int32_t> dropped;
        for (std::int32_t k = 0; k < static_cast<std::int32_t>(w.nnz()); k += 2)
            dropped.push_back(k);
        std::vector<long long> droppedAt;
        for (std::int32_t k : dropped) droppedAt.push_back(b.flat(k));
        const std::vector<long long> grown = BornSparse::inactive(30);
        QCOMPARE(dropped.size(), std::size_t(123000));
        QCOMPARE(grown.size(), std::size_t(123000));

        const MaskUpdateEvent e = dropAndGrowSparse(*b.layer, b.sparse(), dropped, grown, 9, 1);
        QCOMPARE(e.prunedUnlisted, 123000LL);
        QCOMPARE(e.grownUnlisted, 123000LL);
        QVERIFY(e.prunedIndices.empty() && e.grownIndices.empty());
        checkEvenSubset(e.prunedPositions, droppedAt);
        checkEvenSubset(e.grownPositions, grown);
        // |w| of each listed drop, index for index, as the weight was before the update.
        QCOMPARE(e.prunedScores.size(), kBound);
        float largest = 0.0f;
        for (std::size_t j = 0; j < kBound; ++j) {
            const std::int32_t k = dropped[expectedRank(j, dropped.size())];
            QCOMPARE(e.prunedScores[j], std::abs(before[static_cast<std::size_t>(k)]));
        }
        for (std::int32_t k : dropped)
            largest = std::max(largest, std::abs(before[static_cast<std::size_t>(k)]));
        QCOMPARE(e.dropCutoff, largest);  // of all drops, listed or not
        QCOMPARE(w.nnz(), 246000LL);
    }

    void fewChangesAreAllListed() {
        BornSparse b;
        const CsrMatrix& w = b.sparse().matrix();
        const std::vector<float> before(w.values.data(), w.values.data() + w.values.size());
        // 1,000 drops every 246th entry, one growth in each of 1,000 rows spread over the layer.
        std::vector<std::int32_t> dropped;
        std::vector<long long> droppedAt, grown;
        for (std::int32_t k = 0; k < 246000; k += 246) {
            dropped.push_back(k);
            droppedAt.push_back(b.flat(k));
        }
        const std::vector<long long> all = BornSparse::inactive(1);
        for (std::size_t i = 0; i < all.size() && grown.size() < dropped.size(); i += 4)
            grown.push_back(all[i]);
        QCOMPARE(grown.size(), std::size_t(1000));

        const MaskUpdateEvent e = dropAndGrowSparse(*b.layer, b.sparse(), dropped, grown, 3, 1);
        QCOMPARE(e.prunedPositions, droppedAt);
        QCOMPARE(e.grownPositions, grown);
        QCOMPARE(e.prunedScores.size(), dropped.size());
        for (std::size_t i = 0; i < dropped.size(); ++i)
            QCOMPARE(e.prunedScores[i], std::abs(before[static_cast<std::size_t>(dropped[i])]));
        QCOMPARE(e.pruned(), 1000);
        QCOMPARE(e.grown(), 1000);
    }

    // RigL on a 4100 x 4100 layer without a dense view moves about 84,000 weights: its grow
    // scores are those of the listed positions, read again from the same gradient.
    void rigLScoresFollowTheListedPositions() {
        RunConfig c;
        c.data.name = "spirals";
        c.data.samples = 256;
        c.data.classes = 3;
        c.model.hidden = {BornSparse::kSide, BornSparse::kSide};
        c.model.backend = "auto";
        c.sparsity.method = "rigl";
        c.sparsity.distribution = "uniform";
        c.sparsity.target = 0.99f;  // 168,100 active in the middle layer
        c.sparsity.deltaT = 2;
        c.sparsity.dropFraction = 0.5f;  // about 84,000 moved at step 2: above the bound
        c.sparsity.tEnd = 100;
        c.sparsity.denseFirstLayer = true;  // every unit gets input: a gradient everywhere
        c.train.batchSize = 32;
        c.train.epochs = 1;
        c.train.maxSteps = 2;
        Trainer trainer(c, loadRunData(c));
        QVERIFY(!trainer.prunableLayers()[1]->hasDenseView());
        GradientAtUpdate check(trainer);
        QCOMPARE(trainer.run(2, &check), 2LL);
        QCOMPARE(check.checked, 1);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSparseDropGrow)
#include "test_sparse_drop_grow.moc"
