#include "nn/dense_step_clock.h"
#include "support/test_main.h"

#include <QtTest>

// The dense equivalent the Cost panel shows: measured on small shapes, refused (negative)
// where a dense matrix of the shape could not be held, never allocated then.
class TestDenseStepClock : public QObject {
    Q_OBJECT
private slots:
    void measuresSmallShapes() {
        const double ms = sl::denseProductsMs({{30, 20}, {10, 30}}, 16);
        QVERIFY(ms >= 0.0);
        QVERIFY(ms < 1000.0);
    }

    void refusesWhatCannotBeHeldDensely() {
        // 100,000 × 100,000 floats = 40 GB: refused before any allocation.
        QCOMPARE(sl::denseProductsMs({{100000, 100000}}, 128), -1.0);
        QCOMPARE(sl::denseProductsMs({{0, 10}}, 128), -1.0);
        QCOMPARE(sl::denseProductsMs({}, 128), -1.0);
        QCOMPARE(sl::denseProductsMs({{10, 10}}, 0), -1.0);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestDenseStepClock)
#include "test_dense_step_clock.moc"
