#include "nn/dense.h"
#include "sparsity/storage_size.h"
#include "support/test_main.h"

#include <QtTest>

// Three hand-built layers; every figure below is worked out by hand from the formulas in
// storage_size.h (4-byte values, indices, row pointers, scales and biases; 1-byte int8).
class TestStorageSize : public QObject {
    Q_OBJECT

    sl::Dense m_a{4, 3};  // weight (3, 4), 5 of 12 active, 3 biases
    sl::Dense m_b{3, 2};  // weight (2, 3), all 6 active, 2 biases
    sl::Dense m_c{2, 2};  // weight (2, 2), 1 of 4 active, 2 biases
    std::vector<sl::PrunableLayer*> m_layers{&m_a, &m_b, &m_c};

private slots:
    void initTestCase() {
        m_a.mask << 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1;
        m_c.mask << 0, 0, 1, 0;
        // Values do not matter, only the mask: an active weight that is 0 still has a slot.
        m_a.weight.setZero();
    }

    void denseAndCsrFp32() {
        const sl::StorageBytes b = sl::storageBytes(m_layers, sl::FakeQuantizer());
        // dense: a 4·(12+3) = 60, b 4·(6+2) = 32, c 4·(4+2) = 24
        QCOMPARE(b.denseFp32, 116LL);
        // CSR fp32 = 4·nnz + 4·nnz + 4·(rows+1) + 4·biases:
        // a 20+20+16+12 = 68, b 24+24+12+8 = 68, c 4+4+12+8 = 28
        QCOMPARE(b.csrFp32, 164LL);
        QCOMPARE(b.csrInt8, 164LL);  // quant off: every layer stays fp32
    }

    void int8PerChannel() {
        const sl::StorageBytes b =
            sl::storageBytes(m_layers, sl::FakeQuantizer("per-channel", false));
        QCOMPARE(b.denseFp32, 116LL);
        QCOMPARE(b.csrFp32, 164LL);
        // 1·nnz + 4·nnz + 4·(rows+1) + 4·rows scales + 4·biases:
        // a 5+20+16+12+12 = 65, b 6+24+12+8+8 = 58, c 1+4+12+8+8 = 33
        QCOMPARE(b.csrInt8, 156LL);
    }

    void int8PerLayer() {
        const sl::StorageBytes b =
            sl::storageBytes(m_layers, sl::FakeQuantizer("per-layer", false));
        // one scale per layer: a 57, b 54, c 29
        QCOMPARE(b.csrInt8, 140LL);
    }

    void floatEndsCountAsFp32() {
        const sl::StorageBytes b =
            sl::storageBytes(m_layers, sl::FakeQuantizer("per-channel", true));
        // a and c as CSR fp32 (68, 28), b as int8 per channel (58)
        QCOMPARE(b.csrInt8, 154LL);
    }

    // A born-sparse layer (no dense view, weight and mask 0 × 0) counts by its shape and CSR:
    // 5000 × 4000 = 2·10^7 weights, 7 active, 5000 biases.
    void bornSparseLayerCountsItsCsr() {
        auto giant = sl::Dense::sparseOnly(4000, 5000);
        sl::Rng rng(1);
        std::vector<std::int32_t> rowPtr(5001, 7), colIdx{0, 1, 2, 3, 4, 5, 6};
        rowPtr[0] = 0;
        giant->setSparseStructure(rowPtr, colIdx, rng);
        QCOMPARE(giant->weight.size(), Eigen::Index(0));
        const sl::StorageBytes b = sl::storageBytes({giant.get()}, sl::FakeQuantizer());
        // dense 4·(2·10^7 + 5000); csr 4·7 values + 4·7 indices + 4·5001 row pointers + 4·5000
        QCOMPARE(b.denseFp32, 80020000LL);
        QCOMPARE(b.csrFp32, 40060LL);
    }

    void noLayers() {
        const sl::StorageBytes b = sl::storageBytes({}, sl::FakeQuantizer("per-layer", false));
        QCOMPARE(b.denseFp32, 0LL);
        QCOMPARE(b.csrFp32, 0LL);
        QCOMPARE(b.csrInt8, 0LL);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestStorageSize)
#include "test_storage_size.moc"
