#include "support/test_main.h"
#include "views/heatmap_image.h"
#include "views/image_canvas.h"
#include "views/layer_combo.h"
#include "views/mask_heatmap_view.h"
#include "views/palette.h"

#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

using namespace sl::ui;

namespace {

// A 4x6 layer: 10 active weights, the largest active |w| is 0.8 (index 7); index 2 and 13
// were grown at the last update (fade 255), index 9 one update before (fade 127); index 4 and
// 20 were pruned at the last update, index 22 one update before.
LayerSnapshot smallLayer() {
    LayerSnapshot layer;
    layer.name = "dense1";
    layer.rows = 4;
    layer.cols = 6;
    layer.parameters = 24;
    layer.weight = {0.1f,  -0.2f, 0.5f, 0.0f, 0.3f, 0.05f, 0.4f, -0.8f, 0.0f,  0.2f, 0.9f,  0.0f,
                    -0.6f, 0.01f, 0.0f, 0.0f, 0.7f, 0.0f,  0.0f, 0.3f,  0.25f, 0.0f, -1.5f, 0.0f};
    layer.mask = {1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0};
    layer.grownFade.assign(24, 0);
    layer.prunedFade.assign(24, 0);
    layer.grownFade[2] = 255;
    layer.grownFade[13] = 255;
    layer.grownFade[9] = 127;
    layer.prunedFade[4] = 255;
    layer.prunedFade[20] = 255;
    layer.prunedFade[22] = 127;
    layer.active = 10;
    layer.sparsity = 14.0 / 24.0;
    layer.heatmap = buildHeatmapImage(layer);
    return layer;
}

// 6 units over a 3x4 "image" (12 inputs), so the layer can be shown as receptive fields.
LayerSnapshot imageLayer() {
    LayerSnapshot layer;
    layer.name = "dense1";
    layer.rows = 6;
    layer.cols = 12;
    layer.parameters = 72;
    for (int i = 0; i < 72; ++i) {
        layer.weight.push_back(0.01f * static_cast<float>((i * 37) % 71) - 0.35f);
        layer.mask.push_back(static_cast<std::uint8_t>(i % 3 != 0));
        layer.grownFade.push_back(i % 11 == 1 ? 255 : 0);
        layer.prunedFade.push_back(i % 9 == 0 ? 255 : 0);
    }
    layer.heatmap = buildHeatmapImage(layer);
    return layer;
}

SnapshotPtr twoLayerSnapshot() {
    auto snapshot = std::make_shared<RunSnapshot>();
    snapshot->layers.push_back(smallLayer());
    LayerSnapshot second = smallLayer();
    second.name = "dense2";
    second.rows = 3;
    second.cols = 4;
    second.parameters = 12;
    second.weight.resize(12);
    second.mask.resize(12);
    second.grownFade.resize(12);
    second.prunedFade.resize(12);
    second.heatmap = buildHeatmapImage(second);
    snapshot->layers.push_back(second);
    return snapshot;
}

// A conv kernel: 3 filters over 2 input channels, 2x2 kernels, weight (3, 8) with value
// 0.1 * index (index 0 is 0.0 and pruned, as is every index divisible by 5).
LayerSnapshot convLayer() {
    LayerSnapshot layer;
    layer.name = "conv2";
    layer.kind = "conv2d";
    layer.dims = {3, 2, 2, 2};
    layer.rows = 3;
    layer.cols = 8;
    layer.parameters = 24;
    for (int i = 0; i < 24; ++i) {
        layer.weight.push_back(0.1f * static_cast<float>(i));
        layer.mask.push_back(static_cast<std::uint8_t>(i % 5 != 0));
    }
    layer.grownFade.assign(24, 0);
    layer.prunedFade.assign(24, 0);
    layer.active = 19;
    layer.sparsity = 5.0 / 24.0;
    layer.heatmap = buildHeatmapImage(layer);
    return layer;
}

SnapshotPtr imageSnapshot() {
    auto snapshot = std::make_shared<RunSnapshot>();
    snapshot->imageData = true;
    snapshot->imageRows = 3;
    snapshot->imageCols = 4;
    snapshot->layers.push_back(imageLayer());
    snapshot->layers.push_back(smallLayer());
    return snapshot;
}

}  // namespace

class TestMaskHeatmapView : public QObject {
    Q_OBJECT
private slots:
    void heatmapPixelsFollowPalette();
    void viewShowsChosenLayer();
    void receptiveFieldTilesCopyWeights();
    void viewShowsReceptiveFieldsOnlyForFirstImageLayer();
    void hoverTextNamesWeight();
    void mouseOverCanvasReportsWeight();
    void convKernelShowsChannelSeparators();
};

void TestMaskHeatmapView::heatmapPixelsFollowPalette() {
    const LayerSnapshot layer = smallLayer();
    QCOMPARE(maxActiveMagnitude(layer), 0.8f);  // index 22 (|w| 1.5) is pruned
    const QImage image = buildHeatmapImage(layer);
    QCOMPARE(image.size(), QSize(6, 4));
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 6; ++c) {
            const int i = r * 6 + c;
            const QRgb expected =
                palette::weightColor(layer.mask[i] != 0, std::abs(layer.weight[i]) / 0.8f,
                                     layer.grownFade[i], layer.prunedFade[i]);
            QCOMPARE(image.pixel(c, r), expected);
        }
    }
    // A fresh mark is exactly the palette colour, whatever the magnitude below it.
    QCOMPARE(image.pixel(2, 0), palette::kGrown);
    QCOMPARE(image.pixel(1, 2), palette::kGrown);
    QCOMPARE(image.pixel(4, 0), palette::kPruned);
    QCOMPARE(image.pixel(2, 3), palette::kPruned);
    // Settled pruned weights, and the largest active weight at the bright end of the ramp.
    QCOMPARE(image.pixel(3, 0), palette::kEmpty);
    QCOMPARE(image.pixel(5, 3), palette::kEmpty);
    QCOMPARE(image.pixel(1, 1), palette::kKeptHigh);
    // One update later the mark has faded half-way: neither the mark nor the plain shade.
    QVERIFY(image.pixel(3, 1) != palette::kGrown);
    QVERIFY(image.pixel(3, 1) != palette::weightColor(true, 0.25f, 0, 0));
}

void TestMaskHeatmapView::viewShowsChosenLayer() {
    MaskHeatmapView view;
    QSignalSpy spy(&view, &MaskHeatmapView::layerChanged);
    const SnapshotPtr snapshot = twoLayerSnapshot();
    view.setSnapshot(snapshot);
    auto* combo = view.findChild<LayerCombo*>();
    QVERIFY(combo);
    QCOMPARE(combo->count(), 2);
    QCOMPARE(combo->itemText(0), QStringLiteral("dense1 — 4 × 6"));
    QCOMPARE(combo->itemText(1), QStringLiteral("dense2 — 3 × 4"));
    QCOMPARE(view.currentLayer(), 0);
    // The first snapshot picks layer 0, and followers (the "why" view) are told.
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).toInt(), 0);
    QCOMPARE(view.renderedImage(), snapshot->layers[0].heatmap);

    combo->setCurrentIndex(1);
    QCOMPARE(view.currentLayer(), 1);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.last().at(0).toInt(), 1);
    QCOMPARE(view.renderedImage().size(), QSize(4, 3));
    QCOMPARE(view.renderedImage(), snapshot->layers[1].heatmap);

    // A live update with the same layers keeps the choice and emits nothing.
    view.setSnapshot(twoLayerSnapshot());
    QCOMPARE(view.currentLayer(), 1);
    QCOMPARE(spy.count(), 2);

    view.setCurrentLayer(0);
    QCOMPARE(combo->currentIndex(), 0);
    QCOMPARE(spy.count(), 3);
    QCOMPARE(view.renderedImage(), snapshot->layers[0].heatmap);
}

void TestMaskHeatmapView::receptiveFieldTilesCopyWeights() {
    const LayerSnapshot layer = imageLayer();
    const QImage image = buildReceptiveFieldImage(layer, 3, 4, 4);
    // 4 tiles of 4 across with 3 separators; 2 rows of tiles of 3 with 1 separator.
    QCOMPARE(image.size(), QSize(19, 7));
    const ReceptiveFieldGrid grid{6, 3, 4, 4};
    for (int u = 0; u < 6; ++u) {
        for (int p = 0; p < 12; ++p) {
            const QPoint at = grid.position(u, p);
            QCOMPARE(image.pixel(at), layer.heatmap.pixel(p, u));
            int unit = -1;
            int pixel = -1;
            QVERIFY(grid.hit(at, &unit, &pixel));
            QCOMPARE(unit, u);
            QCOMPARE(pixel, p);
        }
    }
    // Unit 5, pixel 6 (row 1, column 2) sits in the second tile row, second tile.
    QCOMPARE(grid.position(5, 6), QPoint(5 + 2, 4 + 1));
    QCOMPARE(image.pixel(4, 0), kTileSeparator);   // between tiles 0 and 1
    QCOMPARE(image.pixel(0, 3), kTileSeparator);   // between the tile rows
    QCOMPARE(image.pixel(12, 5), kTileSeparator);  // where unit 6 would be: no such unit
    QVERIFY(!grid.hit(QPoint(4, 0), nullptr, nullptr));
    QVERIFY(!grid.hit(QPoint(12, 5), nullptr, nullptr));
    // The tiles are the heatmap's pixels moved: without the snapshot's heatmap there are none
    // (the view never builds the heatmap itself).
    LayerSnapshot bare = layer;
    bare.heatmap = QImage();
    QVERIFY(buildReceptiveFieldImage(bare, 3, 4, 4).isNull());
    QVERIFY(buildReceptiveFieldImage(layer, 3, 5, 4).isNull());  // 12 inputs are not 3x5
    QCOMPARE(defaultTilesPerRow(300), 20);
}

void TestMaskHeatmapView::viewShowsReceptiveFieldsOnlyForFirstImageLayer() {
    MaskHeatmapView view;
    const SnapshotPtr snapshot = imageSnapshot();
    view.setSnapshot(snapshot);
    view.setReceptiveFields(true);
    QVERIFY(view.receptiveFieldsShown());
    // 6 units -> 3 tiles across (about 4:3), 2 rows.
    QCOMPARE(view.renderedImage(),
             buildReceptiveFieldImage(snapshot->layers[0], 3, 4, defaultTilesPerRow(6)));
    QCOMPARE(view.renderedImage().size(), QSize(14, 7));
    view.setCurrentLayer(1);
    QVERIFY(!view.receptiveFieldsShown());
    QCOMPARE(view.renderedImage(), snapshot->layers[1].heatmap);
    view.setCurrentLayer(0);
    QVERIFY(view.receptiveFieldsShown());
    view.setReceptiveFields(false);
    QCOMPARE(view.renderedImage(), snapshot->layers[0].heatmap);
}

void TestMaskHeatmapView::hoverTextNamesWeight() {
    MaskHeatmapView view;
    view.setSnapshot(twoLayerSnapshot());
    QCOMPARE(view.hoverText(QPoint(2, 0)),
             QStringLiteral("row 0 (output), column 2 (input): w = 0.5, just grown"));
    QCOMPARE(view.hoverText(QPoint(3, 1)),
             QStringLiteral("row 1 (output), column 3 (input): w = 0.2, "
                            "just grown (1 update before the last)"));
    QCOMPARE(view.hoverText(QPoint(4, 0)),
             QStringLiteral("row 0 (output), column 4 (input): w = 0.3, just pruned"));
    QCOMPARE(view.hoverText(QPoint(1, 1)),
             QStringLiteral("row 1 (output), column 1 (input): w = -0.8, active"));
    QCOMPARE(view.hoverText(QPoint(5, 3)),
             QStringLiteral("row 3 (output), column 5 (input): w = 0, pruned"));
    QVERIFY(view.hoverText(QPoint(6, 0)).isEmpty());

    MaskHeatmapView fields;
    const SnapshotPtr snapshot = imageSnapshot();
    fields.setSnapshot(snapshot);
    fields.setReceptiveFields(true);
    // 3 tiles across: unit 4 is the second tile of the second row; its pixel 6 is (1, 2).
    const int index = 4 * 12 + 6;
    QCOMPARE(fields.hoverText(QPoint(5 + 2, 4 + 1)),
             QStringLiteral("unit 4, image pixel (row 1, column 2): w = %1, %2")
                 .arg(QString::number(snapshot->layers[0].weight[index], 'g', 4),
                      weightStateText(snapshot->layers[0], index)));
    QVERIFY(fields.hoverText(QPoint(4, 0)).isEmpty());  // a separator
}

void TestMaskHeatmapView::mouseOverCanvasReportsWeight() {
    MaskHeatmapView view;
    view.resize(700, 450);
    view.setSnapshot(twoLayerSnapshot());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto* canvas = view.findChild<ImageCanvas*>();
    QVERIFY(canvas);
    QVERIFY(canvas->fitting());
    QVERIFY(canvas->zoom() > 20.0);  // a 6x4 layer fitted into ~690x360 pixels
    QVERIFY(view.statusText().startsWith(QStringLiteral("dense1: 10 of 24 weights active")));

    QPoint target;
    for (int y = 0; y < canvas->height() && target.isNull(); y += 4)
        for (int x = 0; x < canvas->width() && target.isNull(); x += 4)
            if (canvas->pixelAt(QPointF(x, y)) == QPoint(2, 0)) target = QPoint(x, y);
    QVERIFY(!target.isNull());
    QMouseEvent move(QEvent::MouseMove, QPointF(target), canvas->mapToGlobal(QPointF(target)),
                     Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(canvas, &move);
    QCOMPARE(canvas->hoveredPixel(), QPoint(2, 0));
    QCOMPARE(view.statusText(),
             QStringLiteral("row 0 (output), column 2 (input): w = 0.5, just grown"));

    // Zooming in keeps the image point under the mouse.
    const double before = canvas->zoom();
    canvas->zoomIn();
    QVERIFY(canvas->zoom() > before);
    QVERIFY(!canvas->fitting());
}

void TestMaskHeatmapView::convKernelShowsChannelSeparators() {
    const LayerSnapshot conv = convLayer();
    const KernelColumns kernel = kernelColumnsOf(conv);
    QCOMPARE(kernel.channels, 2);
    QCOMPARE(kernel.kernel, 2);
    QCOMPARE(kernel.width(), 9);  // 4 + separator + 4
    QCOMPARE(kernel.imageX(3), 3);
    QCOMPARE(kernel.imageX(4), 5);
    int col = -1;
    QVERIFY(!kernel.hit(4, &col));
    QVERIFY(kernel.hit(5, &col));
    QCOMPARE(col, 4);
    QVERIFY(!kernelColumnsOf(smallLayer()).valid());  // a dense layer has no kernel columns

    auto snapshot = std::make_shared<RunSnapshot>();
    snapshot->layers.push_back(smallLayer());
    snapshot->layers.push_back(conv);
    MaskHeatmapView view;
    view.setSnapshot(snapshot);
    view.setCurrentLayer(1);
    const QImage image = view.renderedImage();
    QCOMPARE(image.size(), QSize(9, 3));
    // Every weight keeps the heatmap's colour, shifted past the separator; column 4 is the line.
    for (int r = 0; r < 3; ++r) {
        QCOMPARE(image.pixel(4, r), kKernelSeparator);
        for (int c = 0; c < 8; ++c)
            QCOMPARE(image.pixel(kernel.imageX(c), r), conv.heatmap.pixel(c, r));
    }
    // Weight (filter 2, column 6) = channel 1, ky 1, kx 0: index 22, w = 2.2, active.
    QCOMPARE(view.hoverText(QPoint(kernel.imageX(6), 2)),
             QStringLiteral("filter 2, input channel 1, ky 1, kx 0: w = 2.2, active"));
    QCOMPARE(view.hoverText(QPoint(0, 0)),
             QStringLiteral("filter 0, input channel 0, ky 0, kx 0: w = 0, pruned"));
    QVERIFY(view.hoverText(QPoint(4, 1)).isEmpty());  // the separator
    QVERIFY(view.hoverText(QPoint(9, 0)).isEmpty());
    QVERIFY(view.statusText().contains(QStringLiteral("2 input channels' 2×2 kernels")));
    QVERIFY(!view.receptiveFieldsShown());
}

SPARSELAB_TEST_MAIN(TestMaskHeatmapView)
#include "test_mask_heatmap_view.moc"
