#include "support/test_main.h"
#include "train/density_map.h"
#include "util/error.h"

#include <QtTest>

using namespace sl;

namespace {

// 5 × 7, rows 1 and 3 empty:
//   row 0: columns 0 3 6
//   row 2: columns 1 2 5
//   row 4: columns 0 1 4 5 6
CsrMatrix handMade() {
    CsrMatrix w;
    w.rows = 5;
    w.cols = 7;
    w.rowPtr = {0, 3, 3, 6, 6, 11};
    w.colIdx = {0, 3, 6, 1, 2, 5, 0, 1, 4, 5, 6};
    w.values.resize(11, 1);
    for (int k = 0; k < 11; ++k) w.values(k, 0) = 0.1f * float(k + 1);  // 0.1 … 1.1
    return w;
}

}  // namespace

class TestDensityMap : public QObject {
    Q_OBJECT
private slots:
    // 3 × 2 blocks over 7 columns and 5 rows: edges floor(x·7/3) = 0 2 4 7 and
    // floor(y·5/2) = 0 2 5, so blocks are 2, 2, 3 columns wide and 2, 3 rows tall.
    void unevenBlocksCountByHand() {
        const DensityMap map = densityMapOf(handMade(), 3, 2);
        QCOMPARE(map.width, 3);
        QCOMPARE(map.height, 2);
        QCOMPARE(map.colBegin(0), 0);
        QCOMPARE(map.colBegin(1), 2);
        QCOMPARE(map.colBegin(2), 4);
        QCOMPARE(map.colBegin(3), 7);
        QCOMPARE(map.rowBegin(1), 2);
        QCOMPARE(map.rowBegin(2), 5);
        const long long active[2][3] = {{1, 1, 1}, {3, 1, 4}};
        const long long total[2][3] = {{4, 4, 6}, {6, 6, 9}};
        long long sum = 0;
        for (int y = 0; y < 2; ++y)
            for (int x = 0; x < 3; ++x) {
                QCOMPARE(map.activeAt(x, y), active[y][x]);
                QCOMPARE(map.total(x, y), total[y][x]);
                sum += map.total(x, y);
            }
        QCOMPARE(sum, 35LL);
        QCOMPARE(map.maxFraction(), 0.5);  // block (0, 1): 3 of 6
        QCOMPARE(map.changeStep, -1LL);
    }

    // Every column and row lands in the block whose edges hold it, for awkward ratios.
    void blockOfInvertsTheEdges() {
        for (int cols : {1, 2, 7, 13, 100, 1000})
            for (int width : {1, 2, 3, 7, 64}) {
                const DensityMap map = densityGrid(3, cols, width, 3);
                for (int c = 0; c < cols; ++c) {
                    const int x = map.blockOfCol(c);
                    QVERIFY(x >= 0 && x < map.width);
                    QVERIFY(map.colBegin(x) <= c && c < map.colBegin(x + 1));
                }
            }
    }

    // A layer that fits gets a block per weight: the map is the mask itself.
    void smallLayerIsOneBlockPerWeight() {
        const DensityMap map = densityMapOf(handMade(), 512, 512);
        QCOMPARE(map.width, 7);
        QCOMPARE(map.height, 5);
        QCOMPARE(map.activeAt(3, 0), 1LL);
        QCOMPARE(map.activeAt(3, 1), 0LL);  // an empty row
        QCOMPARE(map.activeAt(4, 4), 1LL);
        QCOMPARE(map.activeAt(3, 4), 0LL);
        QCOMPARE(map.total(6, 4), 1LL);
    }

    void maskGivesTheSameCounts() {
        const CsrMatrix w = handMade();
        Tensor dense;
        w.toDense(dense);
        const Tensor mask = (dense.array() != 0.0f).cast<float>();
        const DensityMap fromMask = densityMapOfMask(mask.data(), 5, 7, 3, 2);
        QCOMPARE(fromMask.active, densityMapOf(w, 3, 2).active);
    }

    // Positions (64-bit, layers without a dense view) and indices (int32) both mark blocks;
    // a new event forgets the old marks; positions outside the layer are not counted.
    void changesMarkTheirBlocks() {
        DensityMap map = densityMapOf(handMade(), 3, 2);
        MaskUpdateEvent e;
        e.step = 40;
        e.grownPositions = {4 * 7 + 6};       // row 4, column 6: block (2, 1)
        e.prunedPositions = {0 * 7 + 2, 35};  // row 0, column 2: block (1, 0); 35 is outside
        e.prunedUnlisted = 2;
        e.grownUnlisted = 1;
        markChanges(map, e);
        QCOMPARE(map.changeStep, 40LL);
        QCOMPARE(map.changed[map.at(2, 1)], DensityMap::kGrew);
        QCOMPARE(map.changed[map.at(1, 0)], DensityMap::kPruned);
        int marked = 0;
        for (std::uint8_t c : map.changed) marked += c != 0;
        QCOMPARE(marked, 2);
        QCOMPARE(map.changesMarked, 2LL);
        QCOMPARE(map.changesTotal, 3LL);

        MaskUpdateEvent next;
        next.step = 80;
        next.grownIndices = {1 * 7 + 1, 0};  // rows 1 and 0, columns 1 and 0: block (0, 0)
        next.prunedIndices = {2 * 7 + 0};    // row 2, column 0: block (0, 1)
        markChanges(map, next);
        QCOMPARE(map.changed[map.at(0, 0)], DensityMap::kGrew);
        QCOMPARE(map.changed[map.at(0, 1)], DensityMap::kPruned);
        QCOMPARE(map.changed[map.at(2, 1)], std::uint8_t(0));
        QCOMPARE(map.changesTotal, 3LL);
    }

    // Zoomed in: rows 1–3 and columns 2–6 (the request's 10 columns cut to the layer) read
    // from the CSR hold row 2's weights at columns 2 (0.5) and 5 (0.6), and nothing else.
    void windowReadsTheCsrRowsInIt() {
        const CsrMatrix w = handMade();
        WeightWindow window = csrWindow(w, 1, 2, 3, 10);
        QCOMPARE(window.row0, 1);
        QCOMPARE(window.col0, 2);
        QCOMPARE(window.rows, 3);
        QCOMPARE(window.cols, 5);
        int active = 0;
        for (std::uint8_t m : window.mask) active += m;
        QCOMPARE(active, 2);
        QCOMPARE(window.mask[window.at(2, 2)], std::uint8_t(1));
        QCOMPARE(window.weight[window.at(2, 2)], 0.5f);
        QCOMPARE(window.weight[window.at(2, 5)], 0.6f);
        QCOMPARE(window.mask[window.at(2, 3)], std::uint8_t(0));
        QCOMPARE(window.weight[window.at(3, 4)], 0.0f);

        Tensor dense;
        w.toDense(dense);
        const Tensor mask = (dense.array() != 0.0f).cast<float>();
        const WeightWindow same = denseWindow(dense.data(), mask.data(), 5, 7, 1, 2, 3, 10);
        QCOMPARE(same.mask, window.mask);
        QCOMPARE(same.weight, window.weight);

        MaskUpdateEvent e;
        e.grownPositions = {2 * 7 + 5, 0};  // (2, 5) inside, (0, 0) outside the window
        e.prunedIndices = {3 * 7 + 6};      // (3, 6) inside
        markChanges(window, e, 7);
        QCOMPARE(window.changed[window.at(2, 5)], DensityMap::kGrew);
        QCOMPARE(window.changed[window.at(3, 6)], DensityMap::kPruned);
        int marked = 0;
        for (std::uint8_t c : window.changed) marked += c != 0;
        QCOMPARE(marked, 2);

        QVERIFY_THROWS_EXCEPTION(ShapeError, csrWindow(w, 5, 0, 2, 2));  // below the layer
        CsrMatrix wide;
        wide.rows = 1000;
        wide.cols = 1000;
        wide.rowPtr.assign(1001, 0);
        QVERIFY_THROWS_EXCEPTION(ShapeError, csrWindow(wide, 0, 0, 600, 600));  // over 2^18
    }

    void badSizesAreRefused() {
        QVERIFY_THROWS_EXCEPTION(ShapeError, densityGrid(0, 7, 3, 2));
        QVERIFY_THROWS_EXCEPTION(ShapeError, densityGrid(5, 7, 0, 2));
        CsrMatrix broken = handMade();
        broken.rowPtr.pop_back();
        QVERIFY_THROWS_EXCEPTION(ShapeError, densityMapOf(broken, 3, 2));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestDensityMap)
#include "test_density_map.moc"
