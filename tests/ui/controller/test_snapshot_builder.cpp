#include "controller/snapshot_builder.h"
#include "controller/snapshot_size.h"
#include "controller/sparse_explanation.h"
#include "nn/sparse_dense.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"

#include <QtTest>
#include <algorithm>

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

// Hands mask events to the builder inside the step, as the window's worker does: the last
// backward's inputs (RigL's gradient) are still there.
class Watcher : public sl::TrainObserver {
public:
    Watcher(SnapshotBuilder& builder, sl::Trainer& trainer) : m_b(builder), m_t(trainer) {}
    bool onMaskUpdate(const std::vector<sl::MaskUpdateEvent>& events) override {
        m_b.onMaskUpdate(m_t, events);
        return true;
    }

private:
    SnapshotBuilder& m_b;
    sl::Trainer& m_t;
};

const sl::MaskUpdateEvent* lastEventOf(const sl::Trainer& trainer, int layer) {
    const sl::MaskUpdateEvent* last = nullptr;
    for (const auto& e : trainer.maskEvents())
        if (e.layer == layer) last = &e;
    return last;
}

// RigL's promise, checked on what the view shows: every kept |w| is at or above the drop
// line, every inactive weight left behind scores at or below the grow line.
void checkRigLExplanation(const sl::ui::LayerSnapshot& layer, const sl::MaskUpdateEvent& e) {
    const sl::ui::UpdateExplanation& x = *layer.explanation;
    QCOMPARE(x.step, e.step);
    QVERIFY(e.grown() > 0);
    QCOMPARE(x.keptTotal, layer.active - e.grown());
    QCOMPARE(x.candidateTotal,
             static_cast<long long>(layer.rows) * layer.cols - layer.active - e.pruned());
    QVERIFY(!x.keptMagnitudes.empty());
    QVERIFY(!x.candidateScores.empty());
    QVERIFY(x.keptMagnitudes.size() <= sl::ui::kMaxExplanationScores);
    QVERIFY(x.candidateScores.size() <= sl::ui::kMaxExplanationScores);
    QVERIFY(*std::min_element(x.keptMagnitudes.begin(), x.keptMagnitudes.end()) >= x.dropCutoff);
    QVERIFY(*std::max_element(x.candidateScores.begin(), x.candidateScores.end()) <= x.growCutoff);
    QVERIFY(x.growCutoff > 0.0f);
    // The α_t the update used reaches the layer's snapshot ("why that many").
    QVERIFY(std::isfinite(e.dropFraction) && e.dropFraction > 0.0);
    QCOMPARE(layer.lastDropFraction, e.dropFraction);
}

// The shown layer's per-weight data of two snapshots, value by value: what a view would draw.
void checkSamePerWeightValues(const sl::ui::LayerSnapshot& a, const sl::ui::LayerSnapshot& b) {
    QVERIFY(!a.weight.empty());
    QCOMPARE(a.weight.vector(), b.weight.vector());
    QCOMPARE(a.mask.vector(), b.mask.vector());
    QCOMPARE(a.grownFade.vector(), b.grownFade.vector());
    QCOMPARE(a.prunedFade.vector(), b.prunedFade.vector());
    QCOMPARE(a.heatmap, b.heatmap);
    QCOMPARE(a.maxMagnitude, b.maxMagnitude);
    QCOMPARE(a.activeHistogram, b.activeHistogram);
    QCOMPARE(a.prunedHistogram, b.prunedHistogram);
    QCOMPARE(a.histogramMax, b.histogramMax);
    QCOMPARE(a.threshold, b.threshold);
}

// What a builder that never saw the earlier snapshots makes of the trainer now (reset()
// replays the mask events, so its fades are the ones the window's builder kept).
sl::ui::SnapshotPtr freshBuild(sl::Trainer& trainer, int layer) {
    SnapshotBuilder fresh;
    fresh.reset(trainer);
    fresh.setDetailLayers({layer});
    return fresh.build(trainer, false, 0.0, {});
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
        // Layer 0 (2 × 32, on screen) is kept dense by ERK: its mask never changes and is
        // shared too, 1 byte a weight.
        QCOMPARE(second->layers[0].mask.data(), first->layers[0].mask.data());
        QCOMPARE(held - copied,
                 first->history.chunks().size() * 64 * sizeof(sl::MetricPoint) +
                     first->maskUpdates.chunks().size() * 256 * sizeof(sl::ui::MaskUpdateSummary) +
                     64);

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

    // On the sparse backend RigL keeps no dense gradient: the grow side comes from gradient
    // rows formed from the last backward (here every row: the layers are small, so the
    // candidates are all of them), not from an empty criterion ("not grown (0)").
    void sparseBackendRigLExplainsItsGrowth() {
        sl::RunConfig config = sl::test::TinyRun().sparse("rigl", 0.8f, 5).hidden({64, 48});
        config.model.backend = "sparse";
        sl::Trainer trainer(config, sl::loadRunData(config));
        SnapshotBuilder builder;
        builder.reset(trainer);
        builder.setDetailLayers({0, 1, 2});
        Watcher watcher(builder, trainer);
        trainer.run(6, &watcher);  // the update comes after step 5
        const auto s = builder.build(trainer, false, 0.0, {});
        const auto engine = trainer.prunableLayers();
        int explained = 0;
        for (int l = 0; l < 3; ++l) {
            QVERIFY(sl::sparseWeightsOf(*engine[std::size_t(l)]));
            // ERK keeps the small layers dense: nothing to move there.
            const sl::MaskUpdateEvent* e = lastEventOf(trainer, l);
            if (!e) continue;
            ++explained;
            const auto& layer = s->layers[std::size_t(l)];
            checkRigLExplanation(layer, *e);
            const sl::ui::UpdateExplanation& x = *layer.explanation;
            QCOMPARE(static_cast<long long>(x.keptMagnitudes.size()), x.keptTotal);
            QCOMPARE(static_cast<long long>(x.candidateScores.size()), x.candidateTotal);
        }
        QVERIFY(explained >= 1);
    }

    // A layer born sparse (4100 x 4100, no dense view): the explanation is read from its CSR
    // and a few sampled gradient rows, bounded however big the layer is.
    void bornSparseLayerExplainsFromItsCsr() {
        sl::RunConfig c;
        c.data.name = "spirals";
        c.data.samples = 256;
        c.data.classes = 3;
        c.model.hidden = {4100, 4100};
        c.model.backend = "auto";
        c.sparsity.method = "rigl";
        c.sparsity.distribution = "uniform";
        c.sparsity.target = 0.99f;
        c.sparsity.deltaT = 2;
        c.sparsity.dropFraction = 0.3f;
        c.sparsity.tEnd = 100;  // past the run: the update at step 2 happens
        // Every first-layer unit gets its inputs, so that dense2's gradient is not all zeros.
        c.sparsity.denseFirstLayer = true;
        c.train.batchSize = 32;
        c.train.epochs = 1;
        c.train.maxSteps = 3;
        sl::Trainer trainer(c, sl::loadRunData(c));
        const auto engine = trainer.prunableLayers();
        QVERIFY(!engine[1]->hasDenseView());
        SnapshotBuilder builder;
        builder.reset(trainer);
        builder.setDetailLayers({1});
        Watcher watcher(builder, trainer);
        trainer.run(3, &watcher);  // the update comes after step 2
        const auto s = builder.build(trainer, false, 0.0, {});
        const sl::MaskUpdateEvent* e = lastEventOf(trainer, 1);
        QVERIFY(e);
        QCOMPARE(e->step, 2LL);
        const auto& layer = s->layers[1];
        checkRigLExplanation(layer, *e);
        // 300,000 / 4100 = 73 whole rows sampled, their active and just-dropped weights left out.
        QVERIFY(layer.explanation->candidateScores.size() > 72u * 4000u);
        QVERIFY(layer.explanation->candidateScores.size() <= 73u * 4100u);
        // Nothing of rows x cols in the snapshot: 16.8 million weights would be 16.8 MB as
        // a mask alone.
        QVERIFY(layer.weight.empty() && layer.mask.empty() && layer.grownFade.empty());
        QVERIFY(sl::ui::snapshotBytes(*s) < 8u * 1024u * 1024u);
    }
    // Paused, the shown layer's weights, mask, fades and heatmap pixels are the previous
    // snapshot's own (the same memory), not copies: a snapshot then copies only its figures.
    void pausedSnapshotsShareThePerWeightArrays() {
        const sl::RunConfig config = sl::test::TinyRun().sparse("rigl", 0.8f, 5).hidden({32, 16});
        sl::Trainer trainer(config, sl::loadRunData(config));
        SnapshotBuilder builder;
        builder.reset(trainer);
        builder.setDetailLayers({1});
        train(trainer, builder, 12);
        const auto first = builder.build(trainer, false, 0.0, {});
        const auto second = builder.build(trainer, false, 0.0, {});
        const sl::ui::LayerSnapshot& a = first->layers[1];
        const sl::ui::LayerSnapshot& b = second->layers[1];
        const std::size_t n = 16u * 32u;
        QCOMPARE(b.weight.size(), n);
        QCOMPARE(b.weight.data(), a.weight.data());
        QCOMPARE(b.mask.data(), a.mask.data());
        QCOMPARE(b.grownFade.data(), a.grownFade.data());
        QCOMPARE(b.prunedFade.data(), a.prunedFade.data());
        QCOMPARE(b.heatmap.constBits(), a.heatmap.constBits());
        QCOMPARE(b.heatmap.cacheKey(), a.heatmap.cacheKey());
        // Shared and still right: the values a builder without a past makes.
        checkSamePerWeightValues(b, freshBuild(trainer, 1)->layers[1]);
        // Bytes not copied: the series' sealed chunks, the explanation, and 4 + 1 + 1 + 1
        // bytes a weight plus the heatmap's pixels (32-bit).
        QCOMPARE(b.heatmap.sizeInBytes(), qsizetype(4 * n));
        const std::size_t shared =
            second->history.chunks().size() * 64 * sizeof(sl::MetricPoint) +
            second->maskUpdates.chunks().size() * 256 * sizeof(sl::ui::MaskUpdateSummary) +
            sl::ui::explanationBytes(*b.explanation) + 7 * n + 4 * n;
        QCOMPARE(sl::ui::snapshotBytes(*second) - sl::ui::copiedBytes(*second, first.get()),
                 shared);
    }

    // After a step the weights (and their heatmap) are new and right; the mask and the fades,
    // which only a mask update changes, stay shared. After an update nothing is stale either,
    // and a change made without a step (a prune, a rewind) is seen too.
    void aStepOrAnUpdateLeavesNothingStale() {
        const sl::RunConfig config = sl::test::TinyRun().sparse("rigl", 0.8f, 5).hidden({32, 16});
        sl::Trainer trainer(config, sl::loadRunData(config));
        SnapshotBuilder builder;
        builder.reset(trainer);
        builder.setDetailLayers({1});
        train(trainer, builder, 12);
        const auto paused = builder.build(trainer, false, 0.0, {});

        std::size_t events = trainer.maskEvents().size();
        train(trainer, builder, 1);  // step 13: no update
        QCOMPARE(trainer.maskEvents().size(), events);
        const auto stepped = builder.build(trainer, true, 0.0, {});
        const sl::ui::LayerSnapshot& p = paused->layers[1];
        const sl::ui::LayerSnapshot& t = stepped->layers[1];
        QVERIFY(t.weight.data() != p.weight.data());
        QVERIFY(t.weight.vector() != p.weight.vector());
        QVERIFY(t.heatmap.constBits() != p.heatmap.constBits());
        QCOMPARE(t.mask.data(), p.mask.data());
        QCOMPARE(t.grownFade.data(), p.grownFade.data());
        QCOMPARE(t.prunedFade.data(), p.prunedFade.data());
        checkSamePerWeightValues(t, freshBuild(trainer, 1)->layers[1]);

        train(trainer, builder, 2);  // step 15: an update
        QVERIFY(trainer.maskEvents().size() > events);
        const sl::MaskUpdateEvent* e = lastEventOf(trainer, 1);
        QVERIFY(e && e->step == 15 && e->grown() > 0);
        const auto updated = builder.build(trainer, true, 0.0, {});
        const sl::ui::LayerSnapshot& u = updated->layers[1];
        QVERIFY(u.mask.data() != t.mask.data() && u.mask.vector() != t.mask.vector());
        QVERIFY(u.grownFade.data() != t.grownFade.data());
        QCOMPARE(u.grownFade[std::size_t(e->grownIndices.front())], std::uint8_t(255));
        checkSamePerWeightValues(u, freshBuild(trainer, 1)->layers[1]);
        // The snapshot before is as it was: its weight still not pruned, not grown.
        QCOMPARE(t.grownFade[std::size_t(e->grownIndices.front())], std::uint8_t(0));

        // Paused, the engine's weights and mask changed by a command: seen at once.
        sl::PrunableLayer& engine = *trainer.prunableLayers()[1];
        std::size_t on = 0;
        while (engine.mask.data()[on] == 0.0f) ++on;
        engine.mask.data()[on] = 0.0f;
        engine.weight.data()[on] = 0.0f;
        const auto commanded = builder.build(trainer, false, 0.0, {});
        const sl::ui::LayerSnapshot& c = commanded->layers[1];
        QCOMPARE(c.mask[on], std::uint8_t(0));
        QCOMPARE(c.weight[on], 0.0f);
        QCOMPARE(u.mask[on], std::uint8_t(1));
        checkSamePerWeightValues(c, freshBuild(trainer, 1)->layers[1]);
    }

    // Movement grows by the latent |w| (its registry entry says so, no score tensor): the
    // candidates are the inactive weights that did not just move.
    void movementExplainsByTheLatentWeight() {
        sl::RunConfig config = sl::test::TinyRun().sparse("movement", 0.7f, 5).hidden({32, 16});
        config.sparsity.schedule = "constant";  // re-ranked every 5 steps at the full target
        config.sparsity.distribution = "uniform";
        sl::Trainer trainer(config, sl::loadRunData(config));
        SnapshotBuilder builder;
        builder.reset(trainer);
        builder.setDetailLayers({0, 1, 2});
        Watcher watcher(builder, trainer);
        trainer.run(60, &watcher);
        // A re-ranking reports the layers whose mask it changed: the last one after step 0.
        const sl::MaskUpdateEvent* e = nullptr;
        for (const auto& event : trainer.maskEvents())
            if (event.step > 0 && event.pruned() > 0) e = &event;
        QVERIFY(e);
        const auto s = builder.build(trainer, false, 0.0, {});
        const sl::ui::UpdateExplanation& x = *s->layers[std::size_t(e->layer)].explanation;
        QCOMPARE(x.step, e->step);
        QVERIFY(!x.randomGrowth);
        // Weights the update moved are on neither side; every other inactive one is a candidate.
        const sl::PrunableLayer& d = *trainer.prunableLayers()[std::size_t(e->layer)];
        const long long inactive = static_cast<long long>((d.mask.array() == 0.0f).count());
        QCOMPARE(lastEventOf(trainer, e->layer), e);  // the mask is still the update's
        QCOMPARE(x.candidateTotal, inactive - e->pruned());
        QVERIFY(x.candidateTotal > 0);
        QCOMPARE(static_cast<long long>(x.candidateScores.size()), x.candidateTotal);
        for (float v : x.candidateScores) QVERIFY(v >= 0.0f);
    }
};

SPARSELAB_TEST_MAIN(TestSnapshotBuilder)
#include "test_snapshot_builder.moc"
