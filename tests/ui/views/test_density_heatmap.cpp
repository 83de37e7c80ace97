#include "controller/snapshot_builder.h"
#include "data/synthetic.h"
#include "nn/sparse_dense.h"
#include "support/test_main.h"
#include "train/trainer.h"
#include "views/heatmap_image.h"
#include "views/image_canvas.h"
#include "views/mask_heatmap_view.h"
#include "views/palette.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>
#include <memory>

using namespace sl::ui;

namespace {

// 2-20000-20000-k on spirals at 99.9 %: the middle layer has 4·10^8 weights, more than a
// dense view is made for (Dense::sparseOnly), and about 400,000 active.
sl::RunConfig giantConfig() {
    sl::RunConfig c;
    c.data.name = "spirals";
    c.model.hidden = {20000, 20000};
    c.model.backend = "sparse";
    c.sparsity.method = "set";
    c.sparsity.distribution = "uniform";
    c.sparsity.target = 0.999f;
    c.sparsity.deltaT = 2;
    c.sparsity.dropFraction = 0.3f;
    c.sparsity.tEnd = 100;
    c.train.batchSize = 16;
    c.train.epochs = 1;
    c.train.maxSteps = 2;
    return c;
}

sl::TrainTestSplit smallData() {
    sl::SyntheticSpec spec;
    spec.trainCount = 64;
    spec.testCount = 32;
    return sl::makeSynthetic(spec);
}

// Block edges as the density map defines them, floor(i · n / blocks), and the block of an
// index found by searching them: an independent route to what DensityMap computes.
std::vector<long long> edges(int n, int blocks) {
    std::vector<long long> e;
    for (int i = 0; i <= blocks; ++i) e.push_back(static_cast<long long>(i) * n / blocks);
    return e;
}
int blockOf(const std::vector<long long>& e, long long i) {
    return static_cast<int>(std::upper_bound(e.begin(), e.end(), i) - e.begin()) - 1;
}

}  // namespace

class TestDensityHeatmap : public QObject {
    Q_OBJECT

    std::unique_ptr<sl::Trainer> m_trainer;
    SnapshotBuilder m_builder;

private slots:
    void initTestCase() {
        QLocale::setDefault(QLocale::c());
        m_trainer = std::make_unique<sl::Trainer>(giantConfig(), smallData());
        QCOMPARE(m_trainer->run(2), 2LL);  // a mask update at step 2
        QVERIFY(!m_trainer->prunableLayers()[1]->hasDenseView());
        QVERIFY(!m_trainer->maskEvents().empty());
        m_builder.reset(*m_trainer);
        m_builder.setDetailLayers({1});
    }

    // Every block's count, colour and change mark against the CSR and the event, counted here
    // without the builder's closed forms; and nothing per weight in the snapshot.
    void blocksMatchTheCsr() {
        QElapsedTimer clock;
        clock.start();
        const SnapshotPtr snapshot = m_builder.build(*m_trainer, false, 0.0, {});
        qInfo("snapshot of the 20000 x 20000 layer built on the worker side in %.1f ms",
              double(clock.nsecsElapsed()) / 1e6);
        const LayerSnapshot& layer = snapshot->layers[1];
        QVERIFY(layer.detailed);
        QVERIFY(layer.weight.empty());
        QVERIFY(layer.mask.empty());
        QVERIFY(layer.grownFade.empty());
        const sl::DensityMap& map = layer.density;
        QCOMPARE(map.rows, 20000);
        QCOMPARE(map.cols, 20000);
        QCOMPARE(map.width, 512);
        QCOMPARE(map.height, 512);
        QCOMPARE(layer.heatmap.size(), QSize(512, 512));

        const sl::CsrMatrix& w = sl::sparseWeightsOf(*m_trainer->prunableLayers()[1])->matrix();
        const auto colEdges = edges(20000, 512);
        const auto rowEdges = edges(20000, 512);
        std::vector<long long> counts(512 * 512, 0);
        for (int r = 0; r < w.rows; ++r)
            for (std::int32_t k = w.rowPtr[std::size_t(r)]; k < w.rowPtr[std::size_t(r) + 1]; ++k)
                ++counts[std::size_t(blockOf(rowEdges, r)) * 512 +
                         std::size_t(blockOf(colEdges, w.colIdx[std::size_t(k)]))];
        // The middle layer's own last update (each layer records its event at step 2).
        const sl::MaskUpdateEvent* found = nullptr;
        for (const auto& e : m_trainer->maskEvents())
            if (e.layer == 1) found = &e;
        QVERIFY(found != nullptr);
        const sl::MaskUpdateEvent& last = *found;
        QCOMPARE(last.step, 2LL);
        QVERIFY(!last.grownPositions.empty());
        std::vector<std::uint8_t> changed(512 * 512, 0);
        for (long long p : last.grownPositions)
            changed[std::size_t(blockOf(rowEdges, p / 20000)) * 512 +
                    std::size_t(blockOf(colEdges, p % 20000))] |= sl::DensityMap::kGrew;
        for (long long p : last.prunedPositions)
            changed[std::size_t(blockOf(rowEdges, p / 20000)) * 512 +
                    std::size_t(blockOf(colEdges, p % 20000))] |= sl::DensityMap::kPruned;

        double densest = 0.0;
        long long sum = 0;
        for (int y = 0; y < 512; ++y)
            for (int x = 0; x < 512; ++x) {
                const double total =
                    double((colEdges[std::size_t(x) + 1] - colEdges[std::size_t(x)]) *
                           (rowEdges[std::size_t(y) + 1] - rowEdges[std::size_t(y)]));
                densest = std::max(densest,
                                   double(counts[std::size_t(y) * 512 + std::size_t(x)]) / total);
            }
        int mismatches = 0, marked = 0;
        for (int y = 0; y < 512; ++y)
            for (int x = 0; x < 512; ++x) {
                const std::size_t i = std::size_t(y) * 512 + std::size_t(x);
                const long long total = (colEdges[std::size_t(x) + 1] - colEdges[std::size_t(x)]) *
                                        (rowEdges[std::size_t(y) + 1] - rowEdges[std::size_t(y)]);
                sum += counts[i];
                marked += changed[i] != 0;
                const QRgb expected = palette::densityColor(
                    counts[i], double(counts[i]) / double(total) / densest, changed[i]);
                mismatches += map.activeAt(x, y) != counts[i] || map.total(x, y) != total ||
                              map.changed[i] != changed[i] || layer.heatmap.pixel(x, y) != expected;
            }
        QCOMPARE(mismatches, 0);
        QCOMPARE(sum, w.nnz());
        QCOMPARE(layer.active, w.nnz());
        QVERIFY(marked > 0);
        QCOMPARE(map.changeStep, 2LL);
    }

    // The view shows the blocks, names a block's ranges and counts on hover, and zoomed in far
    // enough asks for the weights under it and shows them one by one, read from the CSR.
    // In a narrow view the layer's name is not cut for a receptive-fields box that a density
    // map never offers (it was greyed, and still took its width). Below about 350 px the name
    // is still cut: label, name and three zoom buttons need that much.
    void aNarrowBarKeepsTheLayerName() {
        SnapshotPtr snapshot = m_builder.build(*m_trainer, false, 0.0, {});
        MaskHeatmapView view;
        view.resize(380, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(snapshot);
        view.setCurrentLayer(1);
        QApplication::processEvents();
        const QCheckBox* fields = view.findChild<QCheckBox*>();
        QVERIFY(fields && !fields->isVisible());
        const QComboBox* combo = view.findChild<QComboBox*>();
        QVERIFY(combo);
        QVERIFY2(combo->width() >= combo->sizeHint().width(),
                 qPrintable(QString("%1 < %2").arg(combo->width()).arg(combo->sizeHint().width())));
        QVERIFY(combo->geometry().right() < view.width());
    }

    void viewZoomsFromBlocksToWeights() {
        SnapshotPtr snapshot = m_builder.build(*m_trainer, false, 0.0, {});
        MaskHeatmapView view;
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy asked(&view, &MaskHeatmapView::windowRequested);

        QElapsedTimer clock;
        clock.start();
        view.setSnapshot(snapshot);
        view.setCurrentLayer(1);
        view.repaint();
        qInfo("GUI thread: new snapshot of the 20000 x 20000 layer shown and painted in %.2f ms",
              double(clock.nsecsElapsed()) / 1e6);

        const sl::DensityMap& map = snapshot->layers[1].density;
        QCOMPARE(view.renderedImage().size(), QSize(512, 512));
        QCOMPARE(view.renderedImage().pixel(100, 200), snapshot->layers[1].heatmap.pixel(100, 200));
        // Block (100, 200): columns floor(100·20000/512) = 3906 to floor(101·20000/512) - 1 =
        // 3944, rows floor(200·20000/512) = 7812 to floor(201·20000/512) - 1 = 7850.
        const QString text = view.hoverText(QPoint(100, 200));
        QVERIFY2(text.contains("rows 7812–7850") && text.contains("columns 3906–3944"),
                 qPrintable(text));
        QVERIFY2(text.contains(QString("%1 of %2 weights active")
                                   .arg(map.activeAt(100, 200))
                                   .arg(map.total(100, 200))),
                 qPrintable(text));
        QVERIFY(asked.isEmpty() || asked.last().at(3).toInt() == 0);

        // A block is ~39 weights wide: at 3 screen pixels per weight the canvas zoom is ~117.
        ImageCanvas* canvas = view.canvas();
        for (int i = 0; i < 40 && canvas->zoom() < 130.0; ++i) canvas->zoomIn();
        const MaskHeatmapView::WeightRange wanted = view.wantedWindow();
        QVERIFY(wanted.layer == 1 && wanted.rows > 0 && wanted.cols > 0);
        QVERIFY(!asked.isEmpty());
        const QList<QVariant> request = asked.last();
        QCOMPARE(request.at(0).toInt(), 1);
        const int row0 = request.at(1).toInt(), col0 = request.at(2).toInt();
        const int rows = request.at(3).toInt(), cols = request.at(4).toInt();
        QVERIFY(row0 <= wanted.row0 && col0 <= wanted.col0);
        QVERIFY(row0 + rows >= wanted.row0 + wanted.rows &&
                col0 + cols >= wanted.col0 + wanted.cols);
        QVERIFY(static_cast<long long>(rows) * cols <= sl::WeightWindow::kMaxWeights);

        m_builder.setDetailWindow({1, row0, col0, rows, cols});
        snapshot = m_builder.build(*m_trainer, false, 0.0, {});
        clock.restart();
        view.setSnapshot(snapshot);
        view.repaint();
        qInfo("GUI thread: zoomed-in snapshot (%d x %d weights) shown and painted in %.2f ms", rows,
              cols, double(clock.nsecsElapsed()) / 1e6);
        QVERIFY(canvas->hasOverlay());
        const sl::WeightWindow& window = snapshot->layers[1].window;
        QCOMPARE(window.rows, rows);
        QCOMPARE(window.cols, cols);
        const sl::CsrMatrix& w = sl::sparseWeightsOf(*m_trainer->prunableLayers()[1])->matrix();
        long long inWindow = 0, shown = 0;
        for (int r = row0; r < row0 + rows; ++r)
            for (std::int32_t k = w.rowPtr[std::size_t(r)]; k < w.rowPtr[std::size_t(r) + 1]; ++k) {
                const int c = w.colIdx[std::size_t(k)];
                if (c < col0 || c >= col0 + cols) continue;
                ++inWindow;
                QCOMPARE(window.weight[window.at(r, c)], w.values(k, 0));
            }
        for (std::uint8_t m : window.mask) shown += m;
        QCOMPARE(shown, inWindow);

        // Back out: the view lets go of the window.
        canvas->fit();
        QCOMPARE(asked.last().at(3).toInt(), 0);
        QVERIFY(!canvas->hasOverlay());
    }
};

SPARSELAB_TEST_MAIN(TestDensityHeatmap)
#include "test_density_heatmap.moc"
