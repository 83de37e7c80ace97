#include "nn/csr_matrix.h"
#include "nn/sparse_kernels.h"
#include "support/test_main.h"
#include "util/error.h"
#include "util/rng.h"

#include "support/error_message.h"

#include <QtTest>
#include <cmath>
#include <tuple>
#include <vector>

// Every sparse kernel against the dense product it replaces, on random shapes and densities
// with the awkward cases: empty rows, a fully dense row, empty columns, 1x1, batch 1.
namespace {

struct Case {
    sl::Tensor weight;  // dense, zeros where inactive
    sl::Tensor mask;
};

Case randomCase(int rows, int cols, double density, sl::Rng& rng) {
    Case c{sl::Tensor::Zero(rows, cols), sl::Tensor::Zero(rows, cols)};
    for (int r = 0; r < rows; ++r)
        for (int k = 0; k < cols; ++k)
            if (rng.uniform(0.0f, 1.0f) < density) {
                c.mask(r, k) = 1.0f;
                c.weight(r, k) = rng.uniform(-1.0f, 1.0f);
            }
    return c;
}

sl::Tensor randomRows(int rows, int cols, sl::Rng& rng) {
    sl::Tensor t(rows, cols);
    for (Eigen::Index i = 0; i < t.size(); ++i) t.data()[i] = rng.uniform(-1.0f, 1.0f);
    return t;
}

// Relative to the size of the terms: float sums in another order differ in the last bits.
double maxError(const sl::Tensor& got, const sl::Tensor& expected) {
    if (got.rows() != expected.rows() || got.cols() != expected.cols()) return 1e30;
    const double scale = std::max(1.0, double(expected.cwiseAbs().maxCoeff()));
    return double((got - expected).cwiseAbs().maxCoeff()) / scale;
}

void checkAllKernels(const Case& c, int batch, sl::Rng& rng) {
    const int rows = static_cast<int>(c.weight.rows()), cols = static_cast<int>(c.weight.cols());
    const sl::CsrMatrix w = sl::CsrMatrix::fromDense(c.weight, c.mask);
    w.validate("test");
    const sl::Tensor xt = randomRows(cols, batch, rng);   // (in, batch)
    const sl::Tensor dyt = randomRows(rows, batch, rng);  // (out, batch)
    const sl::Tensor bias = randomRows(rows, 1, rng);

    sl::Tensor yt;
    sl::csrMultiply(w, bias.data(), xt, yt);
    sl::Tensor expectedY = c.weight * xt;
    expectedY.colwise() += Eigen::Map<const Eigen::VectorXf>(bias.data(), rows);
    QVERIFY2(maxError(yt, expectedY) < 1e-5, "forward differs from the dense product");

    sl::Tensor grad(w.nnz(), 1);
    sl::csrSampledGradient(w, dyt, xt, grad.data());
    const sl::Tensor denseGrad = dyt * xt.transpose();  // (out, in)
    for (int r = 0; r < rows; ++r)
        for (std::int32_t k = w.rowPtr[std::size_t(r)]; k < w.rowPtr[std::size_t(r) + 1]; ++k) {
            const float e = denseGrad(r, w.colIdx[std::size_t(k)]);
            QVERIFY2(std::abs(grad(k, 0) - e) <= 1e-5f * std::max(1.0f, std::abs(e)),
                     "sampled gradient differs from dY·Xᵀ at an active position");
        }

    const sl::Tensor expectedDx = c.weight.transpose() * dyt;  // (in, batch)
    sl::Tensor dxt;
    sl::csrTransposeMultiply(w, sl::CscIndex::of(w), dyt, dxt);
    QVERIFY2(maxError(dxt, expectedDx) < 1e-5, "gathered Wᵀ·dY differs from the dense product");
    sl::Tensor scattered;
    sl::csrTransposeMultiplyScatter(w, dyt, scattered);
    QVERIFY2(maxError(scattered, expectedDx) < 1e-5, "scattered Wᵀ·dY differs");
}

}  // namespace

class TestSparseKernels : public QObject {
    Q_OBJECT
private slots:
    void csrRoundTripAndHandValues() {
        sl::Tensor w(2, 3), m(2, 3);
        w << 1, 2, 3, 4, 5, 6;
        m << 1, 0, 1, 0, 0, 0;  // row 1 empty
        const auto csr = sl::CsrMatrix::fromDense(w, m);
        QCOMPARE(csr.rowPtr, (std::vector<std::int32_t>{0, 2, 2}));
        QCOMPARE(csr.colIdx, (std::vector<std::int32_t>{0, 2}));
        QCOMPARE(csr.values(0, 0), 1.0f);
        QCOMPARE(csr.values(1, 0), 3.0f);
        QCOMPARE(csr.flatIndex(0, 1), 2LL);
        sl::Tensor back;
        csr.toDense(back);
        sl::Tensor expected(2, 3);
        expected << 1, 0, 3, 0, 0, 0;
        QCOMPARE(back, expected);
        const auto t = sl::CscIndex::of(csr);
        QCOMPARE(t.colPtr, (std::vector<std::int32_t>{0, 1, 1, 2}));
        QCOMPARE(t.csrPos, (std::vector<std::int32_t>{0, 1}));

        // y = W x + b by hand: x = (1, 2, 3) for one example, b = (0.5, -1).
        sl::Tensor xt(3, 1), bias(2, 1), yt;
        xt << 1, 2, 3;
        bias << 0.5f, -1.0f;
        sl::csrMultiply(csr, bias.data(), xt, yt);
        QCOMPARE(yt(0, 0), 1.0f * 1 + 3.0f * 3 + 0.5f);
        QCOMPARE(yt(1, 0), -1.0f);
    }

    void validateRejectsBrokenStructure() {
        sl::Tensor w = sl::Tensor::Ones(2, 2), m = sl::Tensor::Ones(2, 2);
        auto csr = sl::CsrMatrix::fromDense(w, m);
        csr.colIdx[1] = 0;  // row 0 now (0, 0): not ascending
        sl::test::expectError<sl::ShapeError>([&] { csr.validate("t"); }, {});
        csr = sl::CsrMatrix::fromDense(w, m);
        csr.colIdx[3] = 2;  // out of range
        sl::test::expectError<sl::ShapeError>([&] { csr.validate("t"); }, {});
        csr = sl::CsrMatrix::fromDense(w, m);
        csr.rowPtr.back() = 3;
        sl::test::expectError<sl::ShapeError>([&] { csr.validate("t"); }, {});
        sl::Tensor xt(3, 4), yt;  // 3 features for a 2-input weight
        sl::test::expectError<sl::ShapeError>([&] { sl::csrMultiply(csr, nullptr, xt, yt); }, {});
    }

    void kernelsMatchDenseOnRandomShapes() {
        sl::Rng rng(7);
        const int shapes[][3] = {{1, 1, 1},   {1, 1, 5},     {7, 3, 1},      {5, 9, 2},
                                 {33, 17, 8}, {64, 100, 13}, {100, 64, 128}, {300, 784, 16},
                                 {70, 90, 77}};  // 77 = a 64-chunk, an 8-chunk and 5 single
        const double densities[] = {0.0, 0.02, 0.1, 0.5, 1.0};
        for (const auto& s : shapes)
            for (double d : densities) checkAllKernels(randomCase(s[0], s[1], d, rng), s[2], rng);
    }

    void emptyAndFullRowsAndColumns() {
        sl::Rng rng(3);
        Case c = randomCase(40, 30, 0.1, rng);
        for (int k = 0; k < 30; ++k) {
            c.mask(0, k) = 0.0f;  // row 0 empty
            c.weight(0, k) = 0.0f;
            c.mask(5, k) = 1.0f;  // row 5 fully dense
            c.weight(5, k) = rng.uniform(-1.0f, 1.0f);
        }
        for (int r = 0; r < 40; ++r) {
            c.mask(r, 7) = 0.0f;  // column 7 empty: its input gradient must be exactly 0
            c.weight(r, 7) = 0.0f;
        }
        checkAllKernels(c, 1, rng);
        checkAllKernels(c, 37, rng);
        const auto w = sl::CsrMatrix::fromDense(c.weight, c.mask);
        sl::Tensor dxt;
        sl::csrTransposeMultiply(w, sl::CscIndex::of(w), randomRows(40, 4, rng), dxt);
        for (int j = 0; j < 4; ++j) QCOMPARE(dxt(7, j), 0.0f);
    }

    void batchOneMatchesTheDenseProduct() {
        sl::Rng rng(5);
        for (double d : {0.0, 0.1, 0.5, 1.0}) {
            const Case c = randomCase(37, 301, d, rng);  // rows of 0 to 301 entries: all tails
            const auto w = sl::CsrMatrix::fromDense(c.weight, c.mask);
            const sl::Tensor x = randomRows(301, 1, rng), bias = randomRows(37, 1, rng);
            sl::Tensor y(37, 1);
            sl::csrMultiplyOne(w, bias.data(), x.data(), y.data());
            const sl::Tensor expected = c.weight * x + bias;
            QVERIFY2(maxError(y, expected) < 1e-5, "batch-1 forward differs from W·x + b");
        }
    }

    void batchOneByColumnsSkipsZeroInputsOnly() {
        // The column form (W's values in CSC order, only the non-zero inputs' columns) against
        // W·x + b, with half of x exactly zero as after a ReLU, and on 1x1 and empty layers.
        sl::Rng rng(6);
        for (auto [rows, cols, d] : {std::tuple{37, 301, 0.1},
                                     {37, 301, 1.0},
                                     {1, 1, 1.0},
                                     {5, 9, 0.0},
                                     {300, 784, 0.02}}) {
            const Case c = randomCase(rows, cols, d, rng);
            const auto w = sl::CsrMatrix::fromDense(c.weight, c.mask);
            const auto t = sl::CscIndex::of(w);
            std::vector<float> columnValues(t.csrPos.size());
            for (std::size_t p = 0; p < t.csrPos.size(); ++p)
                columnValues[p] = w.values(t.csrPos[p], 0);
            sl::Tensor x = randomRows(cols, 1, rng);
            for (int j = 0; j < cols; j += 2) x(j, 0) = 0.0f;
            const sl::Tensor bias = randomRows(rows, 1, rng);
            sl::Tensor y = sl::Tensor::Constant(rows, 1, 7.0f);  // overwritten, not added to
            sl::cscMultiplyOne(t, columnValues.data(), rows, cols, bias.data(), x.data(), y.data());
            QVERIFY2(maxError(y, c.weight * x + bias) < 1e-5, "column form differs from W·x + b");
            sl::cscMultiplyOne(t, columnValues.data(), rows, cols, nullptr, x.data(), y.data());
            QVERIFY2(maxError(y, c.weight * x) < 1e-5, "column form without a bias");
        }
        // It pays once a fifth of the inputs are zero, and never for an empty layer.
        std::vector<float> x(10, 1.0f);
        QVERIFY(!sl::columnsPay(x.data(), 10, 50));
        x[0] = x[1] = x[2] = 0.0f;
        QVERIFY(sl::columnsPay(x.data(), 10, 50));
        QVERIFY(!sl::columnsPay(x.data(), 10, 0));
        sl::setColumnInference(false);
        QVERIFY(!sl::columnsPay(x.data(), 10, 50));
        sl::setColumnInference(true);
    }

    void layoutChangesAreExactTransposes() {
        sl::Rng rng(9);
        for (const auto& [f, b] : {std::pair{1, 1}, {8, 8}, {13, 7}, {784, 128}, {10, 77}}) {
            sl::Activations x(f, b);
            for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.uniform(-1.0f, 1.0f);
            sl::Tensor xt;
            sl::toBatchMajor(x, xt);
            QCOMPARE(xt.rows(), Eigen::Index(f));
            QVERIFY(xt == sl::Tensor(x));
            sl::Activations back;
            sl::toFeatureMajor(xt, back);
            QVERIFY(back == x);
        }
    }

    void resultsDoNotDependOnTheThreadCount() {
        sl::Rng rng(11);
        const Case c = randomCase(512, 256, 0.3, rng);
        const auto w = sl::CsrMatrix::fromDense(c.weight, c.mask);
        // A batch large enough that every product takes the threaded path.
        const int batch = 256;
        QVERIFY(w.nnz() * batch > sl::sparseParallelWork());
        const sl::Tensor xt = randomRows(256, batch, rng), dyt = randomRows(512, batch, rng);
        const auto t = sl::CscIndex::of(w);
        sl::Tensor y1, y2, dx1, dx2, g1(w.nnz(), 1), g2(w.nnz(), 1);
        sl::setSparseThreads(1);
        sl::csrMultiply(w, nullptr, xt, y1);
        sl::csrSampledGradient(w, dyt, xt, g1.data());
        sl::csrTransposeMultiply(w, t, dyt, dx1);
        sl::setSparseThreads(2);
        sl::csrMultiply(w, nullptr, xt, y2);
        sl::csrSampledGradient(w, dyt, xt, g2.data());
        sl::csrTransposeMultiply(w, t, dyt, dx2);
        QVERIFY(y1 == y2);
        QVERIFY(g1 == g2);
        QVERIFY(dx1 == dx2);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestSparseKernels)
#include "test_sparse_kernels.moc"
