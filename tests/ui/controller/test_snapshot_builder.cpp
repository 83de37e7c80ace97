#include "controller/snapshot_builder.h"
#include "controller/snapshot_size.h"
#include "train/run_setup.h"

#include <QtTest>

using sl::ui::SnapshotBuilder;

// A lean snapshot: per-weight data only for the layers on screen. On the reference MLP
// (784-300-100-10) the two layers not shown are 30,000 + 1,000 weights that no longer travel
// 30 times a second; the shown one is complete.
class TestSnapshotBuilder : public QObject {
    Q_OBJECT

private slots:
    void onlyTheShownLayersCarryPerWeightData() {
        sl::RunConfig config;  // the default lesson: Fashion-MNIST, 784-300-100-10, RigL 90%
        config.data.trainSubset = 1024;
        config.data.testSubset = 500;
        config.train.epochs = 1;
        config.sparsity.deltaT = 3;
        sl::Trainer trainer(config, sl::loadRunData(config));
        SnapshotBuilder builder;
        builder.reset(trainer);
        std::size_t seen = trainer.maskEvents().size();
        while (!trainer.finished()) {
            trainer.run(3);
            const std::vector<sl::MaskUpdateEvent> fresh(trainer.maskEvents().begin() + long(seen),
                                                         trainer.maskEvents().end());
            seen = trainer.maskEvents().size();
            builder.onMaskUpdate(trainer, fresh);
        }
        QVERIFY(seen > 0);

        const auto lean = builder.build(trainer, false, 0.0, {});
        builder.setDetailLayers({0, 1, 2});
        const auto full = builder.build(trainer, false, 0.0, {});
        builder.setDetailLayers({1});
        const auto second = builder.build(trainer, false, 0.0, {});

        QCOMPARE(lean->layers.size(), std::size_t(3));
        const int sizes[3][2] = {{300, 784}, {100, 300}, {10, 100}};
        for (int l = 0; l < 3; ++l) {
            const auto& a = lean->layers[l];
            const auto& b = full->layers[l];
            const std::size_t weights = std::size_t(sizes[l][0]) * sizes[l][1];
            // The figures every view needs are in every layer of both.
            QCOMPARE(a.active, b.active);
            QCOMPARE(a.sparsity, b.sparsity);
            QCOMPARE(a.rows, sizes[l][0]);
            QCOMPARE(a.cols, sizes[l][1]);
            QVERIFY(b.detailed);
            QCOMPARE(b.weight.size(), weights);
            QCOMPARE(b.mask.size(), weights);
            QCOMPARE(b.heatmap.size(), QSize(sizes[l][1], sizes[l][0]));
            QCOMPARE(b.activeHistogram.size(), std::size_t(sl::ui::kHistogramBins));
            QCOMPARE(a.detailed, l == 0);
            QCOMPARE(second->layers[l].detailed, l == 1);
            if (l == 0) {
                QCOMPARE(a.weight, b.weight);
                QCOMPARE(a.mask, b.mask);
                QCOMPARE(a.heatmap, b.heatmap);
                QCOMPARE(a.explanation.step, b.explanation.step);
            } else {
                QVERIFY(a.weight.empty() && a.mask.empty() && a.grownFade.empty() &&
                        a.prunedFade.empty() && a.activeHistogram.empty());
                QVERIFY(a.heatmap.isNull());
                QCOMPARE(a.explanation.step, -1LL);
                // The detailed layer explains its own last update.
                long long last = -1;
                for (const auto& e : trainer.maskEvents())
                    if (e.layer == l) last = e.step;
                QCOMPARE(b.explanation.step, last);
            }
        }
        const std::size_t leanBytes = sl::ui::snapshotBytes(*lean);
        const std::size_t fullBytes = sl::ui::snapshotBytes(*full);
        // Layers 2 and 3 without their weights, mask, two fades (1 byte each) and heatmap
        // pixels (4 bytes): at least 11 bytes for each of their 31,000 weights fewer.
        QVERIFY(fullBytes - leanBytes >= 31000u * 11u);
        qInfo("snapshot bytes, reference MLP: every layer detailed %zu, layer 1 shown %zu, "
              "layer 2 shown %zu", fullBytes, leanBytes, sl::ui::snapshotBytes(*second));
    }
};

QTEST_MAIN(TestSnapshotBuilder)
#include "test_snapshot_builder.moc"
