#include "controller/snapshot_builder.h"
#include "heatmap/heatmap_builder.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "views/mask_heatmap_view.h"
#include "views/palette.h"

#include <QtTest>
#include <cmath>

using namespace sl::ui;

// The heatmap image is built once, on the worker, by heatmap/heatmap_builder.h: the view
// shows the snapshot's own image (the same pixels, not a copy) and builds none.
class TestHeatmapBuilder : public QObject {
    Q_OBJECT

private slots:
    // A 2 x 3 layer by hand: largest active |w| is 0.5, so weight 1 (|w| 0.5) is the top of
    // the ramp, weight 4 (0.25) half-way; weight 2 was just grown, weight 3 just pruned.
    void colorsEachWeightByHand() {
        LayerSnapshot layer;
        layer.rows = 2;
        layer.cols = 3;
        layer.weight = {0.1f, -0.5f, 0.0f, 2.0f, 0.25f, 0.0f};
        layer.mask = {1, 1, 1, 0, 1, 0};
        layer.grownFade = {0, 0, 255, 0, 0, 0};
        layer.prunedFade = {0, 0, 0, 255, 0, 0};
        QCOMPARE(maxActiveMagnitude(layer), 0.5f);  // 2.0 is pruned: not counted
        const long long before = heatmapImagesBuilt();
        const QImage image = buildHeatmapImage(layer);
        QCOMPARE(heatmapImagesBuilt(), before + 1);
        QCOMPARE(image.size(), QSize(3, 2));
        QCOMPARE(image.pixel(1, 0), palette::weightColor(true, 1.0f, 0, 0));
        QCOMPARE(image.pixel(1, 1), palette::weightColor(true, 0.5f, 0, 0));
        QCOMPARE(image.pixel(0, 0), palette::weightColor(true, 0.2f, 0, 0));
        QCOMPARE(image.pixel(2, 0), palette::weightColor(true, 0.0f, 255, 0));
        QCOMPARE(image.pixel(0, 1), palette::weightColor(false, 4.0f, 0, 255));
        QCOMPARE(image.pixel(2, 1), palette::weightColor(false, 0.0f, 0, 0));
        layer.mask.pop_back();  // a short mask: no image rather than a read past the end
        QVERIFY(buildHeatmapImage(layer).isNull());
    }

    void builtOnceOnTheWorkerAndSharedWithTheView() {
        const sl::RunConfig config = sl::test::TinyRun().sparse("rigl", 0.8f, 5).hidden({32, 16});
        sl::Trainer trainer(config, sl::loadRunData(config));
        SnapshotBuilder builder;
        builder.reset(trainer);
        builder.setDetailLayers({1});
        MaskHeatmapView view;
        const long long start = heatmapImagesBuilt();
        for (int i = 0; i < 3; ++i) {
            trainer.run(4);
            const SnapshotPtr s = builder.build(trainer, true, 0.0, {});
            // One image a snapshot, for the one layer on screen.
            QCOMPARE(heatmapImagesBuilt(), start + i + 1);
            view.setSnapshot(s);
            view.setCurrentLayer(1);
            view.setCurrentLayer(0);  // a layer without data shows nothing, builds nothing
            QVERIFY(view.renderedImage().isNull());
            view.setCurrentLayer(1);
            QCOMPARE(heatmapImagesBuilt(), start + i + 1);
            const LayerSnapshot& shown = s->layers[1];
            QCOMPARE(view.renderedImage().size(), QSize(shown.cols, shown.rows));
            // The very image the worker built: implicitly shared, same pixels in memory.
            QCOMPARE(view.renderedImage().cacheKey(), shown.heatmap.cacheKey());
            QCOMPARE(view.renderedImage().constBits(), shown.heatmap.constBits());
            QCOMPARE(shown.maxMagnitude, maxActiveMagnitude(shown));
            QVERIFY(shown.maxMagnitude > 0.0f);
        }
    }
};

SPARSELAB_TEST_MAIN(TestHeatmapBuilder)
#include "test_heatmap_builder.moc"
