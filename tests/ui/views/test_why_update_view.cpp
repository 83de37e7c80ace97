#include "sparsity/schedule.h"
#include "support/test_main.h"
#include "views/explanation_histogram.h"
#include "views/histogram_bins.h"
#include "views/layer_combo.h"
#include "views/why_update_text.h"
#include "views/why_update_view.h"

#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <cmath>
#include <limits>
#include <numeric>

using namespace sl::ui;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// A RigL update at step 4600 of a 4x6 layer: 3 weights dropped below |w| = 0.05 and 3 grown
// above |gradient| = 0.46.
LayerSnapshot updatedLayer() {
    LayerSnapshot layer;
    layer.name = "dense1";
    layer.rows = 4;
    layer.cols = 6;
    layer.lastUpdateStep = 4600;
    layer.lastPruned = 3;
    layer.lastGrown = 3;
    UpdateExplanation& e = layer.explanation.edit();
    e.step = 4600;
    e.growCriterion = "|gradient|";
    e.keptMagnitudes = {0.07f, 0.1f, 0.2f, 0.35f, 0.5f, 0.9f};
    e.droppedMagnitudes = {0.01f, 0.015f, 0.04f};
    e.candidateScores = {0.0f, 0.05f, 0.1f, 0.12f, 0.3f};
    e.grownScores = {0.46f, 0.61f, 1.0f};
    e.dropCutoff = 0.04f;
    e.growCutoff = 0.46f;
    return layer;
}

SnapshotPtr snapshotWith(std::vector<LayerSnapshot> layers, const QString& method) {
    auto snapshot = std::make_shared<RunSnapshot>();
    snapshot->step = 4620;
    snapshot->method = method;
    snapshot->nextMaskUpdateStep = 4700;
    snapshot->layers = std::move(layers);
    return snapshot;
}

}  // namespace

class TestWhyUpdateView : public QObject {
    Q_OBJECT
private slots:
    void binCountsOnHandData();
    void niceTicksAreRound();
    void titleAndSentenceForRigl();
    void histogramsHoldTheScores();
    void randomGrowthHasNoCutoff();
    void beforeFirstUpdateSaysWhen();
    void followsLayerChoice();
    void lossSpikeAddsASentence();
    void whyThatManyWereDropped();
    void afterReopeningNamesTheLastUpdate();
    void dropCountAgreesWithTheEngine();
    void binsOnlyWhenTheExplanationChanges();
};

void TestWhyUpdateView::lossSpikeAddsASentence() {
    // The literal movement run's first update: the loss went from 1.06 to 44.22.
    auto snapshot = std::make_shared<RunSnapshot>(*snapshotWith({updatedLayer()}, "movement"));
    sl::LossSpikeEvent spike;
    spike.step = 4600;
    spike.loss = 44.2190524;
    spike.recentLevel = 1.06229662;
    spike.entered = 4396;
    spike.enteredMeanAbs = 0.316921732;
    spike.activeMeanAbs = 0.320946058;
    sl::LossSpikeEvent other = spike;
    other.step = 4500;  // another update's spike: not this one's
    snapshot->lossSpikes = {other, spike};
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const QString expected = QStringLiteral(
        "The loss then jumped from 1.06 to 44.22: 4,396 weights entered with mean |w| 0.32, "
        "against 0.32 for the kept ones.");
    QCOMPARE(lossSpikeSentence(*snapshot, 4600), expected);
    QVERIFY(lossSpikeSentence(*snapshot, 4700).isEmpty());
    WhyUpdateView view;
    view.setSnapshot(snapshot);
    QVERIFY2(view.sentenceText().endsWith(QStringLiteral(" ") + expected),
             qPrintable(view.sentenceText()));
    QVERIFY(view.sentenceText().startsWith(QStringLiteral("Movement pruning dropped")));
}

void TestWhyUpdateView::binCountsOnHandData() {
    // Bins of width 0.25 over [0, 1]: [0, .25) [.25, .5) [.5, .75) [.75, 1].
    const std::vector<float> values{0.0f,  0.1f, 0.25f, 0.3f, 0.49f, 0.5f,
                                    0.99f, 1.0f, -0.1f, 1.5f, kNaN};
    QCOMPARE(binCounts(values, 0.0f, 1.0f, 4), (std::vector<int>{2, 3, 1, 2}));
    // Negative ranges (movement scores) work the same way.
    QCOMPARE(binCounts({-2.0f, -1.5f, -0.5f, 0.0f, 2.0f}, -2.0f, 2.0f, 2),
             (std::vector<int>{3, 2}));
    QCOMPARE(binCounts(values, 1.0f, 1.0f, 3), (std::vector<int>{0, 0, 0}));
    QCOMPARE(binCounts(values, 0.0f, 1.0f, 0), std::vector<int>{});
}

void TestWhyUpdateView::niceTicksAreRound() {
    QCOMPARE(niceTicks(0.0, 0.37, 5), (std::vector<double>{0.0, 0.1, 0.2, 0.3}));
    QCOMPARE(niceTicks(0.0, 1000.0, 6), (std::vector<double>{0, 200, 400, 600, 800, 1000}));
    QCOMPARE(niceTicks(-1.0, 1.0, 5), (std::vector<double>{-1.0, -0.5, 0.0, 0.5, 1.0}));
    QCOMPARE(niceStep(7.0, 4), 2.0);
    QCOMPARE(niceStep(0.012, 4), 0.005);
}

void TestWhyUpdateView::titleAndSentenceForRigl() {
    WhyUpdateView view;
    view.setSnapshot(snapshotWith({updatedLayer()}, "rigl"));
    QCOMPARE(view.titleText(), QStringLiteral("Step 4600: dropped 3, grew 3"));
    QCOMPARE(view.sentenceText(),
             QStringLiteral("RigL dropped the 3 active weights with the smallest |w| and grew "
                            "the 3 inactive weights with the largest |gradient|."));
    QVERIFY(view.messageText().isEmpty());
    QCOMPARE(view.growHistogram()->title(), QStringLiteral("Grow: |gradient| of inactive weights"));
    QCOMPARE(view.dropHistogram()->title(), QStringLiteral("Drop: |w| of active weights"));

    // Counts come from the layer; singular wording for one weight.
    LayerSnapshot one = updatedLayer();
    one.lastPruned = 1;
    one.lastGrown = 1;
    QCOMPARE(updateTitle(one), QStringLiteral("Step 4600: dropped 1, grew 1"));
    QCOMPARE(updateSentence("rigl", one),
             QStringLiteral("RigL dropped the 1 active weight with the smallest |w| and grew "
                            "the 1 inactive weight with the largest |gradient|."));
    // Magnitude pruning has no growth at all.
    LayerSnapshot gmp = updatedLayer();
    gmp.lastGrown = 0;
    gmp.explanation.edit().growCriterion.clear();
    gmp.explanation.edit().grownScores.clear();
    QCOMPARE(updateSentence("magnitude", gmp),
             QStringLiteral("Magnitude pruning dropped the 3 active weights with the smallest "
                            "|w|; it never grows weights back."));
}

void TestWhyUpdateView::histogramsHoldTheScores() {
    WhyUpdateView view;
    view.setSnapshot(snapshotWith({updatedLayer()}, "rigl"));
    // Drop side over [0, 0.9]: about 40 bins, adjusted so the cut-off 0.04 is an edge: bins of
    // 0.02, 2 left of the line and 43 right of it.
    const ExplanationHistogram* drop = view.dropHistogram();
    QCOMPARE(drop->rangeLow(), 0.0f);
    QCOMPARE(drop->bins(), 45);
    QVERIFY(std::abs(drop->rangeHigh() - 0.9f) < 1e-6f);
    const auto& dropped = drop->highlightCounts();
    const auto& kept = drop->backgroundCounts();
    QCOMPARE(dropped.size(), std::size_t{45});
    QCOMPARE(dropped[0], 2);  // 0.01, 0.015
    QCOMPARE(dropped[1], 1);  // 0.04, the cut-off itself: left of the line
    QCOMPARE(std::accumulate(dropped.begin(), dropped.end(), 0), 3);
    QCOMPARE(kept[0] + kept[1], 0);  // nothing kept left of the line
    QCOMPARE(kept[3], 1);            // 0.07: 1.5 bins right of the line
    QCOMPARE(kept[44], 1);           // 0.9, the top of the range
    QCOMPARE(std::accumulate(kept.begin(), kept.end(), 0), 6);

    // Grow side over [0, 1]: 18 bins of 0.46 / 18 below the cut-off, 22 above.
    const ExplanationHistogram* grow = view.growHistogram();
    QCOMPARE(grow->bins(), 40);
    const auto& grown = grow->highlightCounts();
    const auto& candidates = grow->backgroundCounts();
    QCOMPARE(grown[18], 1);  // 0.46, the cut-off: right of the line
    QCOMPARE(grown[23], 1);  // 0.61
    QCOMPARE(grown[39], 1);  // 1.0
    QCOMPARE(std::accumulate(grown.begin(), grown.begin() + 18, 0), 0);
    QCOMPARE(std::accumulate(candidates.begin(), candidates.begin() + 18, 0), 5);
    QCOMPARE(candidates[0], 1);   // 0.0
    QCOMPARE(candidates[11], 1);  // 0.3 / (0.46 / 18) = 11.7
}

void TestWhyUpdateView::randomGrowthHasNoCutoff() {
    LayerSnapshot layer = updatedLayer();
    layer.explanation.edit().growCriterion = "random";
    layer.explanation.edit().randomGrowth = true;
    layer.explanation.edit().grownScores.clear();  // random growth has no scores
    layer.explanation.edit().growCutoff = kNaN;
    WhyUpdateView view;
    view.setSnapshot(snapshotWith({layer}, "set"));
    QCOMPARE(view.titleText(), QStringLiteral("Step 4600: dropped 3, grew 3"));
    QCOMPARE(view.sentenceText(),
             QStringLiteral("SET dropped the 3 active weights with the smallest |w| and grew 3 "
                            "inactive weights chosen at random, so growth has no cut-off."));
    QCOMPARE(view.growHistogram()->title(), QStringLiteral("Grow: at random"));
    QCOMPARE(view.growHistogram()->message(),
             QStringLiteral("Growth is random: the 3 new weights were drawn uniformly from the "
                            "inactive ones, so there is no score to rank them by and no "
                            "cut-off."));
    QVERIFY(view.dropHistogram()->message().isEmpty());
}

void TestWhyUpdateView::beforeFirstUpdateSaysWhen() {
    LayerSnapshot fresh = updatedLayer();
    fresh.lastUpdateStep = -1;
    fresh.explanation = UpdateExplanation{};
    auto snapshot = std::make_shared<RunSnapshot>();
    snapshot->step = 57;
    snapshot->nextMaskUpdateStep = 100;
    snapshot->method = "rigl";
    snapshot->layers = {fresh};
    WhyUpdateView view;
    view.setSnapshot(snapshot);
    QCOMPARE(view.titleText(), QStringLiteral("dense1: no mask update yet"));
    QCOMPARE(view.messageText(),
             QStringLiteral("No mask update yet. The first one comes at step 100 (in 43 "
                            "steps): this view will then show which weights were dropped and "
                            "grown, and why."));
    snapshot->nextMaskUpdateStep = -1;
    view.setSnapshot(snapshot);
    QCOMPARE(view.messageText(), QStringLiteral("dense1 has not changed its mask, and no mask "
                                                "update is ahead in this run."));
    view.setSnapshot(nullptr);
    QCOMPARE(view.messageText(), QStringLiteral("Start a run to see why its masks change."));
}

void TestWhyUpdateView::followsLayerChoice() {
    LayerSnapshot second = updatedLayer();
    second.name = "dense2";
    second.explanation.edit().step = 4500;
    second.lastUpdateStep = 4500;
    second.lastPruned = 7;
    second.lastGrown = 5;
    WhyUpdateView view;
    view.setSnapshot(snapshotWith({updatedLayer(), second}, "rigl"));
    QSignalSpy spy(&view, &WhyUpdateView::layerChanged);
    view.setCurrentLayer(1);
    QCOMPARE(view.currentLayer(), 1);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(view.findChild<LayerCombo*>()->currentIndex(), 1);
    QCOMPARE(view.titleText(), QStringLiteral("Step 4500: dropped 7, grew 5"));
    view.setCurrentLayer(5);  // out of range: ignored
    QCOMPARE(view.currentLayer(), 1);
}

// α_t from the sampled schedule at the update's step, times the active count before it:
// 0.3 at step 4000, 0.2 at 5000 -> 0.24 at 4600; 12 active after dropping 3 and growing 3 means
// 12 before; 0.24 x 12 = 2.88, about 3.
void TestWhyUpdateView::whyThatManyWereDropped() {
    LayerSnapshot layer = updatedLayer();
    layer.active = 12;
    auto snapshot = std::make_shared<RunSnapshot>(*snapshotWith({layer}, "rigl"));
    snapshot->scheduleSteps = {0, 4000, 5000};
    snapshot->scheduleDropFraction = {0.3, 0.3, 0.2};
    QVERIFY(std::abs(dropFractionAt(*snapshot, 4600) - 0.24) < 1e-12);
    QCOMPARE(dropFractionAt(*snapshot, 9000), 0.2);
    const QLocale locale;
    const QString expected = QStringLiteral("Why 3: at step %1 the drop fraction α_t was 0.24, and "
                                            "0.24 × 12 active weights ≈ 3.")
                                 .arg(locale.toString(4600));
    QCOMPARE(dropCountSentence(*snapshot, layer), expected);
    WhyUpdateView view;
    view.setSnapshot(snapshot);
    QVERIFY2(view.sentenceText().endsWith(expected), qPrintable(view.sentenceText()));
    // Magnitude pruning drops to a schedule, not a fraction of the active weights.
    snapshot->method = "magnitude";
    QVERIFY(dropCountSentence(*snapshot, layer).isEmpty());
    // No schedule, no claim.
    snapshot->method = "rigl";
    snapshot->scheduleSteps.clear();
    QVERIFY(dropCountSentence(*snapshot, layer).isEmpty());
}

// A run opened from a checkpoint knows its last update's step and counts but has no scores.
void TestWhyUpdateView::afterReopeningNamesTheLastUpdate() {
    LayerSnapshot layer = updatedLayer();
    layer.explanation = UpdateExplanation{};
    WhyUpdateView view;
    view.setSnapshot(snapshotWith({layer}, "rigl"));
    QCOMPARE(view.titleText(), QStringLiteral("Step 4600: dropped 3, grew 3"));
    QVERIFY(view.sentenceText().startsWith(QStringLiteral("RigL dropped the 3 active weights")));
    QVERIFY(view.messageText().contains(QStringLiteral("checkpoint")));
}

// #13's giant run: SET, α 0.3 (a float: 0.30000001192…) cosine to t_end = 75 % of 1,407
// steps = 1,055; the update at step 5 used α_5 = 0.15000000596 × (1 + cos(5π / 1055)) =
// 0.29998338591 (the engine's schedule, which keeps it with the update), and dense1's
// 3,042,200 active weights × α_5 = 912,609.45: the engine dropped 912,609 (the sampled
// schedule, interpolated, gave 912,601 or so). 0.2999834 is the shortest α whose product still
// rounds to 912,609 (0.299983 × 3,042,200 = 912,604.3).
void TestWhyUpdateView::dropCountAgreesWithTheEngine() {
    const double alpha5 = sl::DropFractionSchedule{"cosine", 0.3f, 1055}.at(5);
    QVERIFY(std::abs(alpha5 - 0.29998338591) < 1e-10);
    LayerSnapshot layer = updatedLayer();
    layer.parameters = 78'400'000;
    layer.active = 3'042'200;
    layer.lastUpdateStep = 5;
    layer.lastPruned = layer.lastGrown = 912'609;
    layer.lastDropFraction = alpha5;
    layer.explanation.edit().step = 5;
    auto snapshot = std::make_shared<RunSnapshot>(*snapshotWith({layer}, "set"));
    snapshot->totalSteps = 1407;
    snapshot->scheduleSteps = {0, 1407};  // coarse samples: 0.29893 at step 5
    snapshot->scheduleDropFraction = {0.3, 0.0};
    const QLocale locale;
    const QString expected = QStringLiteral("Why %1: at step 5 the drop fraction α_t was %2, and "
                                            "%2 × %3 active weights rounds to %1.")
                                 .arg(locale.toString(912609), locale.toString(0.2999834, 'g', 7),
                                      locale.toString(3042200));
    QCOMPARE(dropCountSentence(*snapshot, layer), expected);
    QCOMPARE(updateTitle(layer),
             QStringLiteral("Step 5: dropped %1, grew %1").arg(locale.toString(912609)));
    // dense2: 6,037,070 × α_5 = 1,811,020.78, dropped 1,811,021.
    LayerSnapshot dense2 = layer;
    dense2.parameters = 10'000'000'000LL;
    dense2.active = 6'037'070;
    dense2.lastPruned = dense2.lastGrown = 1'811'021;
    QVERIFY(dropCountSentence(*snapshot, dense2)
                .startsWith(QStringLiteral("Why %1:").arg(locale.toString(1811021))));
    QVERIFY(dropCountSentence(*snapshot, dense2)
                .endsWith(QStringLiteral("rounds to %1.").arg(locale.toString(1811021))));

    // Reopened from a checkpoint written before updates kept their α_t: the sampled schedule
    // and "≈", not a claim of exactness.
    LayerSnapshot unknown = layer;
    unknown.lastDropFraction = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(dropCountSentence(*snapshot, unknown).contains(QStringLiteral(" ≈ ")));

    // A count the schedule does not give (912,600 here) is not dressed up as exact: the
    // sampled α and "≈".
    layer.lastPruned = layer.lastGrown = 912'600;
    QVERIFY(dropCountSentence(*snapshot, layer).contains(QStringLiteral(" ≈ ")));

    // α × active beyond the inactive weights: a 15-weight layer with 12 active, constant α
    // 0.3: 0.3 × 12 = 3.6 rounds to 4, but only 3 were inactive.
    LayerSnapshot small = updatedLayer();
    small.parameters = 15;
    small.active = 12;
    small.lastPruned = small.lastGrown = 3;
    small.lastDropFraction = double(0.3f);
    snapshot->totalSteps = 10000;
    snapshot->scheduleSteps = {0, 10000};
    snapshot->scheduleDropFraction = {0.3, 0.3};
    QCOMPARE(dropCountSentence(*snapshot, small),
             QStringLiteral("Why 3: at step %1 the drop fraction α_t was 0.3, and 0.3 × 12 active "
                            "weights rounds to 4, but only 3 weights were inactive to grow into.")
                 .arg(locale.toString(4600)));
}

// Snapshots between two updates share the explanation: the histograms are not binned again;
// a new explanation, another layer, other counts or a language change bin them again.
void TestWhyUpdateView::binsOnlyWhenTheExplanationChanges() {
    WhyUpdateView view;
    const SnapshotPtr first = snapshotWith({updatedLayer(), updatedLayer()}, "rigl");
    view.setSnapshot(first);
    const int binned = view.dropHistogram()->binnings();
    auto later = std::make_shared<RunSnapshot>(*first);  // shares both explanations
    later->step += 5;
    view.setSnapshot(later);
    view.setSnapshot(first);
    QCOMPARE(view.dropHistogram()->binnings(), binned);
    view.setCurrentLayer(1);  // an explanation of its own
    QCOMPARE(view.dropHistogram()->binnings(), binned + 1);
    auto counted = std::make_shared<RunSnapshot>(*later);
    counted->layers[1].lastPruned = 2;  // the legend's count changes with the same scores
    view.setSnapshot(counted);
    QCOMPARE(view.dropHistogram()->binnings(), binned + 2);
    auto fresh = std::make_shared<RunSnapshot>(*counted);
    fresh->layers[1].explanation = UpdateExplanation(*fresh->layers[1].explanation);
    view.setSnapshot(fresh);
    QCOMPARE(view.dropHistogram()->binnings(), binned + 3);
    QEvent language(QEvent::LanguageChange);
    QCoreApplication::sendEvent(&view, &language);
    QCOMPARE(view.dropHistogram()->binnings(), binned + 4);
}

SPARSELAB_TEST_MAIN(TestWhyUpdateView)
#include "test_why_update_view.moc"
