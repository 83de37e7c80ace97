#include "controller/snapshot_builder.h"
#include "controller/snapshot_size.h"
#include "support/state_compare.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"

#include <QtTest>

using sl::ui::SnapshotBuilder;

// A lean snapshot: per-weight data only for the layers on screen. On the reference MLP
// (784-300-100-10) the two layers not shown are 30,000 + 1,000 weights that no longer travel
// 30 times a second; the shown one is complete.
namespace {

// Trains `steps` more steps, passing the new mask events to the builder as the worker does.
void train(sl::Trainer& trainer, SnapshotBuilder& builder, long long steps) {
    const std::size_t seen = trainer.maskEvents().size();
    trainer.run(steps);
    const std::vector<sl::MaskUpdateEvent> fresh(trainer.maskEvents().begin() + long(seen),
                                                 trainer.maskEvents().end());
    if (!fresh.empty()) builder.onMaskUpdate(trainer, fresh);
}

}  // namespace

class TestSnapshotBuilder : public QObject {
    Q_OBJECT

private slots:
    // The history and the mask updates are shared between snapshots as sealed chunks: a later
    // snapshot holds the very chunk objects of an earlier one, and still reads as the whole
    // history the trainer recorded.
    void historyAndUpdatesAreSharedChunks() {
        sl::RunConfig config = sl::test::TinyRun().sparse("rigl", 0.8f, 1).epochs(40);
        config.train.logEvery = 1;  // a point a step: 150 points, two chunks of 64 and a tail
        sl::Trainer trainer(config, sl::loadRunData(config));
        SnapshotBuilder builder;
        builder.reset(trainer);
        train(trainer, builder, 150);
        const auto first = builder.build(trainer, false, 0.0, {});
        const std::size_t points = trainer.history().size();
        train(trainer, builder, 100);
        const auto second = builder.build(trainer, false, 0.0, {});

        QVERIFY(points >= 150);
        QCOMPARE(first->history.size(), points);
        QCOMPARE(first->history.chunks().size(), points / 64);
        QCOMPARE(second->history.chunks().size(), trainer.history().size() / 64);
        QVERIFY(second->history.chunks().size() > first->history.chunks().size());
        for (std::size_t c = 0; c < first->history.chunks().size(); ++c)
            QCOMPARE(second->history.chunks()[c].get(), first->history.chunks()[c].get());
        // A mask update of each sparse layer every step: hundreds of summaries, sealed by 256.
        const auto& events = trainer.maskEvents();
        QCOMPARE(second->maskUpdates.size(), events.size());
        QVERIFY(first->maskUpdates.chunks().size() >= 1);
        for (std::size_t c = 0; c < first->maskUpdates.chunks().size(); ++c)
            QCOMPARE(second->maskUpdates.chunks()[c].get(), first->maskUpdates.chunks()[c].get());
        for (std::size_t i = 0; i < events.size(); ++i) {
            QCOMPARE(second->maskUpdates[i].step, events[i].step);
            QCOMPARE(second->maskUpdates[i].layer, events[i].layer);
            QCOMPARE(second->maskUpdates[i].pruned, events[i].pruned());
            QCOMPARE(second->maskUpdates[i].grown, events[i].grown());
        }

        // The series equals the full history, point by point and bit for bit.
        const sl::MetricHistory& full = trainer.history();
        QCOMPARE(second->history.size(), full.size());
        for (std::size_t i = 0; i < full.size(); ++i)
            QCOMPARE(sl::test::metricDifference(second->history[i], full[i]), std::string());
        // The earlier snapshot is unchanged by what came after it.
        for (std::size_t i = 0; i < first->history.size(); ++i)
            QCOMPARE(first->history[i].step, full[i].step);

        // What the second snapshot copied: not the chunks it shares with the first.
        const std::size_t held = sl::ui::snapshotBytes(*second);
        const std::size_t copied = sl::ui::copiedBytes(*second, first.get());
        QCOMPARE(held - copied,
                 first->history.chunks().size() * 64 * sizeof(sl::MetricPoint) +
                     first->maskUpdates.chunks().size() * 256 * sizeof(sl::ui::MaskUpdateSummary));

        // A new run (reset) starts a new series; the old snapshot keeps its own.
        builder.reset(trainer);
        const auto third = builder.build(trainer, false, 0.0, {});
        QCOMPARE(third->history.size(), full.size());
        QVERIFY(third->history.chunks()[0].get() != second->history.chunks()[0].get());
        QCOMPARE(second->history.size(), full.size());
    }

    // With layer k on screen a snapshot holds per-weight data of layer k and of no other.
    void aSnapshotHoldsNoWeightsOfLayersNotShown() {
        const sl::RunConfig config = sl::test::TinyRun().sparse("rigl", 0.8f, 5).hidden({32, 16});
        sl::Trainer trainer(config, sl::loadRunData(config));
        SnapshotBuilder builder;
        builder.reset(trainer);
        train(trainer, builder, 12);
        const auto engine = trainer.prunableLayers();
        QCOMPARE(engine.size(), std::size_t(3));
        for (int k = 0; k < 3; ++k) {
            builder.setDetailLayers({k});
            const auto s = builder.build(trainer, false, 0.0, {});
            QCOMPARE(s->layers.size(), std::size_t(3));
            for (int l = 0; l < 3; ++l) {
                const sl::ui::LayerSnapshot& layer = s->layers[std::size_t(l)];
                QCOMPARE(layer.detailed, l == k);
                const std::size_t n =
                    l == k ? std::size_t(engine[std::size_t(l)]->weight.size()) : 0;
                QCOMPARE(layer.weight.size(), n);
                QCOMPARE(layer.mask.size(), n);
                QCOMPARE(layer.grownFade.size(), n);
                QCOMPARE(layer.prunedFade.size(), n);
                QCOMPARE(std::size_t(layer.heatmap.width() * layer.heatmap.height()), n);
                QCOMPARE(layer.activeHistogram.empty(), l != k);
                long long last = -1;
                for (const auto& e : trainer.maskEvents())
                    if (e.layer == l) last = e.step;
                QCOMPARE(layer.explanation->step, l == k ? last : -1LL);
                if (l != k)
                    QVERIFY(layer.explanation->keptMagnitudes.empty() &&
                            layer.explanation->candidateScores.empty() &&
                            layer.explanation->droppedMagnitudes.empty());
            }
        }
    }

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
                QCOMPARE(a.explanation->step, b.explanation->step);
            } else {
                QVERIFY(a.weight.empty() && a.mask.empty() && a.grownFade.empty() &&
                        a.prunedFade.empty() && a.activeHistogram.empty());
                QVERIFY(a.heatmap.isNull());
                QCOMPARE(a.explanation->step, -1LL);
                // The detailed layer explains its own last update.
                long long last = -1;
                for (const auto& e : trainer.maskEvents())
                    if (e.layer == l) last = e.step;
                QCOMPARE(b.explanation->step, last);
            }
        }
        const std::size_t leanBytes = sl::ui::snapshotBytes(*lean);
        const std::size_t fullBytes = sl::ui::snapshotBytes(*full);
        // Layers 2 and 3 without their weights, mask, two fades (1 byte each) and heatmap
        // pixels (4 bytes): at least 11 bytes for each of their 31,000 weights fewer.
        QVERIFY(fullBytes - leanBytes >= 31000u * 11u);
        qInfo("snapshot bytes, reference MLP: every layer detailed %zu, layer 1 shown %zu, "
              "layer 2 shown %zu",
              fullBytes, leanBytes, sl::ui::snapshotBytes(*second));
    }
};

QTEST_MAIN(TestSnapshotBuilder)
#include "test_snapshot_builder.moc"
