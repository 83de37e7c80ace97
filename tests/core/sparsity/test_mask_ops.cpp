#include "sparsity/mask_ops.h"
#include "support/test_main.h"

#include <QtTest>

class TestMaskOps : public QObject {
    Q_OBJECT
private slots:
    void topKPicksLargestAndBreaksTiesByIndex() {
        const float scores[] = {0.5f, 0.9f, 0.5f, 0.1f, 0.5f};
        QCOMPARE(sl::topK(scores, {0, 1, 2, 3, 4}, 3), (std::vector<std::int32_t>{0, 1, 2}));
        QCOMPARE(sl::topK(scores, {3, 4, 2}, 1), (std::vector<std::int32_t>{2}));
        QCOMPARE(sl::topK(scores, {3, 4}, 5), (std::vector<std::int32_t>{3, 4}));
        QCOMPARE(sl::topK(scores, {0, 1}, 0), (std::vector<std::int32_t>{}));
    }

    void setActiveReportsTheChange() {
        sl::Tensor mask(2, 3);
        mask << 1, 0, 1, 0, 1, 0;
        const auto e = sl::setActive(mask, {1, 2, 5}, 42, 3);
        QCOMPARE(e.step, 42LL);
        QCOMPARE(e.layer, 3);
        QCOMPARE(e.prunedIndices, (std::vector<std::int32_t>{0, 4}));
        QCOMPARE(e.grownIndices, (std::vector<std::int32_t>{1, 5}));
        sl::Tensor expected(2, 3);
        expected << 0, 1, 1, 0, 0, 1;
        QCOMPARE(mask, expected);
        QCOMPARE(sl::activeIndices(mask), (std::vector<std::int32_t>{1, 2, 5}));
        QCOMPARE(sl::inactiveIndices(mask), (std::vector<std::int32_t>{0, 3, 4}));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestMaskOps)
#include "test_mask_ops.moc"
