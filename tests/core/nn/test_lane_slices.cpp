#include "nn/csr_matrix.h"
#include "nn/lane_slices.h"
#include "nn/sparse_dense.h"
#include "nn/sparse_kernels.h"
#include "support/test_main.h"
#include "util/rng.h"

#include <QtTest>
#include <cmath>
#include <vector>

// The batch-1 inference layout (LaneSlices): its slots on hand-built cases, its product
// against the dense one on awkward shapes, the AVX-512 kernel against the portable loop bit
// for bit, and the sparse layer's copy following its weights.
namespace {

sl::CsrMatrix csrOf(const sl::Tensor& weight) {
    return sl::CsrMatrix::fromDense(weight, (weight.array() != 0.0f).cast<float>().matrix());
}

sl::Tensor randomWeight(int rows, int cols, double density, sl::Rng& rng) {
    sl::Tensor w = sl::Tensor::Zero(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            if (rng.uniform(0.0f, 1.0f) < density) w(r, c) = rng.uniform(0.1f, 1.0f);
    return w;
}

std::vector<float> randomVector(int n, sl::Rng& rng) {
    std::vector<float> v(static_cast<std::size_t>(n));
    for (float& x : v) x = rng.uniform(-1.0f, 1.0f);
    return v;
}

double maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
    double d = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(double(a[i]) - b[i]));
    return d;
}

std::vector<float> denseProduct(const sl::Tensor& w, const std::vector<float>& bias,
                                const std::vector<float>& x) {
    std::vector<float> y(static_cast<std::size_t>(w.rows()));
    for (int r = 0; r < w.rows(); ++r) {
        double s = bias.empty() ? 0.0 : bias[static_cast<std::size_t>(r)];
        for (int c = 0; c < w.cols(); ++c) s += double(w(r, c)) * x[static_cast<std::size_t>(c)];
        y[static_cast<std::size_t>(r)] = float(s);
    }
    return y;
}

}  // namespace

class TestLaneSlices : public QObject {
    Q_OBJECT

private slots:
    // 18 rows × 40 columns: two slices (the second with 2 rows and 14 padding lanes) and two
    // chunks (the second 8 columns wide). Counted by hand below.
    void layoutOfAHandBuiltMatrix() {
        sl::Tensor w = sl::Tensor::Zero(18, 40);
        // Row 5: three weights in chunk 0, one in chunk 1 — the longest row, lane 0 of slice 0.
        w(5, 1) = 1.0f;
        w(5, 2) = 2.0f;
        w(5, 31) = 3.0f;
        w(5, 39) = 4.0f;
        // Row 0: two weights in chunk 1 (columns 32 and 35): the next longest, lane 1.
        w(0, 32) = 5.0f;
        w(0, 35) = 6.0f;
        // Row 17: one weight in chunk 0, lane 2. The 15 empty rows follow by index.
        w(17, 7) = 7.0f;
        const sl::LaneSlices m = sl::LaneSlices::build(csrOf(w));
        QCOMPARE(m.chunks, 2);
        QCOMPARE(int(m.rowOrder.size()), 32);
        QCOMPARE(m.rowOrder[0], 5);
        QCOMPARE(m.rowOrder[1], 0);
        QCOMPARE(m.rowOrder[2], 17);
        QCOMPARE(m.rowOrder[3], 1);  // then the empty rows 1, 2, 3, 4, 6, ...
        QCOMPARE(m.rowOrder[17], 16);
        QCOMPARE(m.rowOrder[18], -1);
        // Slice 0: chunk 0 needs 3 vectors (row 5), chunk 1 needs 2 (row 0); slice 1 is empty.
        QCOMPARE(m.sliceStart, (std::vector<std::int32_t>{0, 5, 5}));
        QCOMPARE(m.chunkOf, (std::vector<std::uint16_t>{0, 0, 0, 1, 1}));
        // Vector 2 (chunk 0): row 5's third weight (column 31) in lane 0, padding elsewhere.
        QCOMPARE(m.values[2 * 16 + 0], 3.0f);
        QCOMPARE(int(m.offset[2 * 16 + 0]), 31);
        QCOMPARE(m.values[2 * 16 + 2], 0.0f);
        // Vector 3 (chunk 1): row 5's column 39 (offset 7) and row 0's column 32 (offset 0).
        QCOMPARE(m.values[3 * 16 + 0], 4.0f);
        QCOMPARE(int(m.offset[3 * 16 + 0]), 7);
        QCOMPARE(m.values[3 * 16 + 1], 5.0f);
        QCOMPARE(int(m.offset[3 * 16 + 1]), 0);
        // Vector 4: row 0's column 35 alone.
        QCOMPARE(m.values[4 * 16 + 1], 6.0f);
        QCOMPARE(int(m.offset[4 * 16 + 1]), 3);
        QCOMPARE(m.values[4 * 16 + 0], 0.0f);
        QCOMPARE(m.vectors(), 5LL);

        // Small integers: every sum is exact.
        std::vector<float> x(40);
        for (int c = 0; c < 40; ++c) x[static_cast<std::size_t>(c)] = float(c % 5);
        std::vector<float> bias(18, 0.5f), y(18, -9.0f);
        m.multiplyPortable(bias.data(), x.data(), y.data());
        QCOMPARE(y[5], 0.5f + 1.0f * 1 + 2.0f * 2 + 3.0f * 1 + 4.0f * 4);
        QCOMPARE(y[0], 0.5f + 5.0f * 2 + 6.0f * 0);
        QCOMPARE(y[17], 0.5f + 7.0f * 2);
        QCOMPARE(y[3], 0.5f);  // an empty row is its bias
        m.multiply(bias.data(), x.data(), y.data());
        QCOMPARE(y[5], 24.5f);
        QCOMPARE(y[0], 10.5f);
        QCOMPARE(y[17], 14.5f);
    }

    // Random shapes and densities with the awkward cases: 1×1, empty rows, a fully dense row,
    // no weight at all, shapes that are not whole slices or chunks.
    void matchesTheDenseProduct_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<double>("density");
        QTest::addColumn<bool>("denseRow");
        QTest::newRow("1x1") << 1 << 1 << 1.0 << false;
        QTest::newRow("no weights") << 20 << 50 << 0.0 << false;
        QTest::newRow("one dense row") << 33 << 70 << 0.05 << true;
        QTest::newRow("reference layer 1 at 90 %") << 300 << 784 << 0.1 << false;
        QTest::newRow("reference layer 2 at 98 %") << 100 << 300 << 0.02 << false;
        QTest::newRow("wide, half full") << 17 << 1000 << 0.5 << true;
        QTest::newRow("31 columns") << 64 << 31 << 0.3 << false;
    }
    void matchesTheDenseProduct() {
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(double, density);
        QFETCH(bool, denseRow);
        sl::Rng rng(static_cast<std::uint64_t>(rows * 1000 + cols));
        sl::Tensor w = randomWeight(rows, cols, density, rng);
        if (denseRow)
            for (int c = 0; c < cols; ++c) w(rows / 2, c) = rng.uniform(0.1f, 1.0f);
        const sl::LaneSlices m = sl::LaneSlices::build(csrOf(w));
        // Every active weight has one slot; the others hold weight 0.
        long long nonZeroSlots = 0;
        for (float v : m.values) nonZeroSlots += v != 0.0f;
        QCOMPARE(nonZeroSlots, static_cast<long long>((w.array() != 0.0f).count()));
        const std::vector<float> x = randomVector(cols, rng), bias = randomVector(rows, rng);
        std::vector<float> portable(static_cast<std::size_t>(rows)), fast(portable.size());
        m.multiplyPortable(bias.data(), x.data(), portable.data());
        QVERIFY(maxDifference(portable, denseProduct(w, bias, x)) < 1e-4);
        // The AVX-512 kernel sums in the portable loop's order: the same bits.
        m.multiply(bias.data(), x.data(), fast.data());
        QCOMPARE(fast, portable);
        m.multiply(nullptr, x.data(), fast.data());  // no bias
        QVERIFY(maxDifference(fast, denseProduct(w, {}, x)) < 1e-4);
    }

    // 16 rows per slice, each with its one weight in a chunk of its own: 16 vectors of 16
    // slots for 16 weights. `of` refuses such a layout (and any layout without AVX-512).
    void refusesALayoutThatIsMostlyPadding() {
        sl::Tensor w = sl::Tensor::Zero(32, 16 * 32);
        for (int r = 0; r < 32; ++r) w(r, (r % 16) * 32) = 1.0f;
        QCOMPARE(sl::LaneSlices::build(csrOf(w)).vectors(), 32LL);
        QVERIFY(!sl::LaneSlices::of(csrOf(w)).has_value());
        sl::Rng rng(3);
        const sl::CsrMatrix reference = csrOf(randomWeight(300, 784, 0.1, rng));
        QCOMPARE(sl::LaneSlices::of(reference).has_value(), sl::hasAvx512());
    }

    // The sparse layer's batch-1 forward goes through its copy, which must follow every change
    // of the weights: an optimizer's write through values(), and a new structure.
    void theLayersCopyFollowsItsWeights() {
        sl::Rng rng(11);
        const sl::Tensor w = randomWeight(40, 70, 0.2, rng);
        sl::SparseWeights layer(csrOf(w));
        const sl::Tensor bias = sl::Tensor::Constant(40, 1, 0.25f);
        sl::Activations x(70, 1), y;
        for (int c = 0; c < 70; ++c) x(c, 0) = rng.uniform(0.1f, 1.0f);  // no zero input
        const std::vector<float> xv(x.data(), x.data() + 70), bv(40, 0.25f);
        // Twice: the first batch-1 forward after a change takes the CSR, the second builds the
        // layout and goes through it.
        const auto check = [&](const sl::Tensor& expected) {
            bool ok = true;
            for (int pass = 0; pass < 2; ++pass) {
                layer.forward(bias, x, y);
                ok = ok && maxDifference(std::vector<float>(y.data(), y.data() + 40),
                                         denseProduct(expected, bv, xv)) < 1e-4;
            }
            return ok;
        };
        QVERIFY(check(w));
        // An optimizer step: every value doubled through the parameter reference.
        layer.values() *= 2.0f;
        QVERIFY(check(2.0f * w));
        // A new structure: row 0 gains a weight at column 3 (0 at first), row 1 loses all.
        sl::CsrMatrix before = layer.matrix();
        sl::Tensor dense;
        before.toDense(dense);
        dense.row(1).setZero();
        dense(0, 3) = 0.0f;
        sl::Tensor mask = (dense.array() != 0.0f).cast<float>().matrix();
        mask(0, 3) = 1.0f;
        const sl::CsrMatrix after = sl::CsrMatrix::fromDense(dense, mask);
        layer.replace(after);
        QVERIFY(check(dense));
        // Without the layout (setLaneSliceInference off) the same result.
        sl::setLaneSliceInference(false);
        const bool same = check(dense);
        sl::setLaneSliceInference(true);
        QVERIFY(same);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestLaneSlices)
#include "test_lane_slices.moc"
