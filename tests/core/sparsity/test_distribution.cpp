#include "sparsity/distribution.h"
#include "support/test_main.h"

#include <QtTest>

class TestDistribution : public QObject {
    Q_OBJECT
private slots:
    void erkMatchesTheFormula() {
        // Layers 10x10 and 40x10: raw (in+out)/(in*out) = 0.2 and 0.125. At sparsity 0.5 the
        // budget is 250 of 500 weights: eps (0.2*100 + 0.125*400) = 250 gives eps = 25/7, so
        // densities 5/7 and 25/56, i.e. 71.43 and 178.57 weights.
        const std::vector<sl::LayerShape> shapes{{10, 10, {}}, {40, 10, {}}};
        const auto d = sl::erkDensities(0.5, shapes);
        QVERIFY(std::abs(d[0] - 5.0 / 7.0) < 1e-12);
        QVERIFY(std::abs(d[1] - 25.0 / 56.0) < 1e-12);
        QCOMPARE(sl::activeCounts("erk", 0.5, shapes, false), (std::vector<long long>{71, 179}));
    }

    void erkKeepsOverfullLayersDense() {
        // A 2x2 layer has raw density 1: at eps = 202/44 it would exceed 1, so it is made
        // dense and the 20x20 layer gets the rest: (202 - 4) / 400 = 0.495.
        const std::vector<sl::LayerShape> shapes{{2, 2, {}}, {20, 20, {}}};
        const auto d = sl::erkDensities(0.5, shapes);
        QCOMPARE(d[0], 1.0);
        QVERIFY(std::abs(d[1] - 0.495) < 1e-12);
        QCOMPARE(sl::activeCounts("erk", 0.5, shapes, false), (std::vector<long long>{4, 198}));
    }

    void erkKernelUsesEveryDimension() {
        // A 3x3 conv kernel 8 -> 16: (16 + 8 + 3 + 3) / (16 * 8 * 9), alone in the model.
        const std::vector<sl::LayerShape> shapes{{16, 72, {16, 8, 3, 3}}, {10, 16, {}}};
        const auto d = sl::erkDensities(0.9, shapes);
        const double raw0 = 30.0 / 1152.0, raw1 = 26.0 / 160.0;
        const double eps = 0.1 * (1152 + 160) / (raw0 * 1152 + raw1 * 160);
        QVERIFY(std::abs(d[0] - eps * raw0) < 1e-12);
        QVERIFY(std::abs(d[1] - eps * raw1) < 1e-12);
    }

    void uniformAndDenseFirstLayer() {
        const std::vector<sl::LayerShape> shapes{{300, 784, {}}, {100, 300, {}}, {10, 100, {}}};
        QCOMPARE(sl::activeCounts("uniform", 0.9, shapes, false),
                 (std::vector<long long>{23520, 3000, 100}));
        QCOMPARE(sl::activeCounts("uniform", 0.9, shapes, true),
                 (std::vector<long long>{235200, 3000, 100}));
    }

    void globalRanksAcrossLayers() {
        sl::Tensor a(2, 2), b(1, 4);
        a << 0.9f, 0.1f, 0.5f, 0.05f;
        b << 0.3f, 0.7f, 0.2f, 0.01f;
        const std::vector<sl::LayerShape> shapes{{2, 2, {}}, {1, 4, {}}};
        // Keep 3 of 8: 0.9, 0.7, 0.5 -> two in the first layer, one in the second.
        QCOMPARE(sl::activeCounts("global", 0.625, shapes, false, {&a, &b}),
                 (std::vector<long long>{2, 1}));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestDistribution)
#include "test_distribution.moc"
