#include "nn/dense.h"
#include "sparsity/distribution.h"
#include "sparsity/method.h"
#include "sparsity/method_descriptor.h"
#include "sparsity/method_helpers.h"
#include "support/error_message.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "train/run_config.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <set>

// The contract every registered method keeps, checked for every name sparsityMethodNames()
// returns: a method is tested the moment it gets its registry line.
//   - its descriptor is filled in and names only settings the field table has;
//   - masks hold only 0 and 1, and the reported events replay exactly to the masks (a change
//     nobody reported, a dropped weight that was not active, a grown one that was);
//   - a method without a latent weight keeps pruned weights at exactly 0;
//   - what the descriptor's headline promises holds in exact counts: the target's active
//     count in every layer, whole units removed, n of every m kept;
//   - capture -> restore gives the same state, and a run resumed mid-way ends bit for bit
//     where the uninterrupted run ends.
namespace {

constexpr double kTarget = 0.75;
constexpr int kDeltaT = 5;

// One small run for every method: 3 spiral arms, 24-16 hidden, 13 steps an epoch. Constant
// schedule and a uniform distribution, so the target holds from the start in known counts.
sl::RunConfig contractConfig(const std::string& method) {
    sl::RunConfig c;
    c.data.name = "spirals";
    c.data.samples = 400;
    c.data.classes = 3;
    c.model.hidden = {24, 16};
    c.train.batchSize = 32;
    c.train.epochs = 2;  // 26 steps: updates at 5, 10, 15 (t_end = 19)
    c.train.evalEvery = 10;
    c.train.logEvery = 4;
    c.seed = 5;
    c.sparsity.method = method;
    c.sparsity.target = static_cast<float>(kTarget);
    c.sparsity.distribution = "uniform";
    c.sparsity.schedule = "constant";
    // The target holds from the first step, so counts are exact after every update; movement's
    // gradual ramp (its default) would turn the constant schedule into the cubic one.
    c.sparsity.movementGradual = false;
    c.sparsity.movementDeltaT = 0;  // movement re-ranks every ΔT too
    c.sparsity.deltaT = kDeltaT;
    c.sparsity.dropSchedule = "constant";
    c.sparsity.l1Lambda = 2e-2f;  // strong enough to make zeros within 26 steps
    c.sparsity.l0Lambda = 1e-3f;
    return c;
}

// Replays events onto masks; returns "" or what went wrong.
std::string replay(std::vector<sl::Tensor>& masks, const std::vector<sl::MaskUpdateEvent>& events) {
    for (const auto& e : events) {
        const std::string at =
            "event at step " + std::to_string(e.step) + " layer " + std::to_string(e.layer) + ": ";
        if (e.layer < 0 || e.layer >= static_cast<int>(masks.size())) return at + "bad layer";
        sl::Tensor& m = masks[e.layer];
        std::set<std::int32_t> pruned(e.prunedIndices.begin(), e.prunedIndices.end());
        if (pruned.size() != e.prunedIndices.size()) return at + "a weight pruned twice";
        for (std::int32_t i : e.grownIndices)
            if (pruned.count(i)) return at + "weight " + std::to_string(i) + " pruned and grown";
        for (std::int32_t i : e.prunedIndices) {
            if (i < 0 || i >= m.size()) return at + "pruned index out of range";
            if (m.data()[i] != 1.0f) return at + "pruned " + std::to_string(i) + ", not active";
            m.data()[i] = 0.0f;
        }
        for (std::int32_t i : e.grownIndices) {
            if (i < 0 || i >= m.size()) return at + "grown index out of range";
            if (m.data()[i] != 0.0f) return at + "grew " + std::to_string(i) + ", already active";
            m.data()[i] = 1.0f;
        }
    }
    return {};
}

// A drop-and-grow update (rigl, set: methods with the drop fraction among their settings)
// keeps the α_t it used, and dropped exactly
// min(round(α_t × active), inactive) of the layer's weights as they were before it (masks:
// the replayed masks before this event). "" or what went wrong.
std::string dropCountError(const sl::MethodDescriptor& d, const std::vector<sl::Tensor>& masks,
                           const sl::MaskUpdateEvent& e) {
    if (e.step == 0 || e.layer < 0 || e.layer >= static_cast<int>(masks.size())) return {};
    const std::string at =
        "event at step " + std::to_string(e.step) + " layer " + std::to_string(e.layer) + ": ";
    if (std::isnan(e.dropFraction)) {
        // A method whose settings include the drop fraction drops by it.
        const bool usesAlpha = std::find(d.settings.begin(), d.settings.end(),
                                         "sparsity.drop_fraction") != d.settings.end();
        if (usesAlpha && e.pruned() > 0) return at + "a drop-and-grow update without its α_t";
        return {};
    }
    const sl::Tensor& m = masks[static_cast<std::size_t>(e.layer)];
    const auto active = static_cast<long long>((m.array() != 0.0f).count());
    const long long inactive = static_cast<long long>(m.size()) - active;
    const long long expected = std::min(std::llround(e.dropFraction * double(active)), inactive);
    if (e.pruned() != expected)
        return at + "dropped " + std::to_string(e.pruned()) + ", but α_t " +
               std::to_string(e.dropFraction) + " × " + std::to_string(active) + " active gives " +
               std::to_string(expected);
    return {};
}

// The invariants of the layers' masks right now; "" or the first violation.
std::string maskInvariants(const sl::MethodDescriptor& d, const sl::SparsitySettings& s,
                           const std::vector<sl::PrunableLayer*>& layers,
                           const std::vector<sl::Tensor>& replayed) {
    std::vector<long long> expected;
    if (d.headline == sl::MethodHeadline::Target)
        expected = sl::activeCounts("uniform", kTarget, sl::layerShapes(layers), false);
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const sl::PrunableLayer& layer = *layers[l];
        const std::string at = "layer " + std::to_string(l) + ": ";
        const auto& mask = layer.mask;
        if (((mask.array() != 0.0f) && (mask.array() != 1.0f)).any()) return at + "mask not 0/1";
        if (!sl::test::sameBits(mask, replayed[l]))
            return at + "the mask differs from what its events replay to";
        if (!d.latentWeight && !d.emergent &&
            ((mask.array() == 0.0f) && (layer.weight.array() != 0.0f)).any())
            return at + "a pruned weight is not 0, and the method keeps no latent weight";
        const long long active = (mask.array() != 0.0f).count();
        switch (d.headline) {
        case sl::MethodHeadline::None:
            if (active != mask.size()) return at + "a dense method pruned";
            break;
        case sl::MethodHeadline::Target:
            if (active != expected[l])
                return at + std::to_string(active) + " active, the target needs " +
                       std::to_string(expected[l]);
            break;
        case sl::MethodHeadline::UnitsRemoved: {
            const int units = layer.units();
            int removed = 0;
            for (int r = 0; r < units; ++r) {
                const long long kept = (mask.row(r).array() != 0.0f).count();
                if (kept != 0 && kept != mask.cols()) return at + "a unit partly removed";
                removed += kept == 0;
            }
            const bool last = l + 1 == layers.size();
            const int want = last ? 0 : std::min(units - 1, int(std::lround(kTarget * units)));
            if (removed != want)
                return at + std::to_string(removed) + " units removed, expected " +
                       std::to_string(want);
            break;
        }
        case sl::MethodHeadline::NmPattern:
            for (int r = 0; r < mask.rows(); ++r)
                for (int g = 0; g < mask.cols(); g += s.nmM) {
                    const int width = std::min<int>(s.nmM, int(mask.cols()) - g);
                    const long long kept = (mask.row(r).segment(g, width).array() != 0.0f).count();
                    if (kept > s.nmN) return at + "a group keeps more than n";
                    if (width == s.nmM && kept != s.nmN)
                        return at + "a full group keeps other than n";
                }
            break;
        case sl::MethodHeadline::L1Lambda:
        case sl::MethodHeadline::L0Lambda: break;  // emergent: no count is promised
        }
    }
    return {};
}

std::vector<sl::Tensor> masksOf(const std::vector<sl::PrunableLayer*>& layers) {
    std::vector<sl::Tensor> out;
    for (const auto* layer : layers) out.push_back(layer->mask);
    return out;
}

}  // namespace

class TestMethodContract : public QObject {
    Q_OBJECT

    static void methodRows() {
        QTest::addColumn<QString>("method");
        for (const auto& name : sl::sparsityMethodNames())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

private slots:
    void registryAndDescriptorsAgree() {
        const auto names = sl::sparsityMethodNames();
        QVERIFY(names.size() >= 11);
        QCOMPARE(sl::sparsityMethodDescriptors().size(), names.size());
        QVERIFY(!sl::findSparsityMethod("no-such-method"));
        sl::test::expectError<sl::ConfigError>(
            [] { sl::sparsityMethodDescriptor("no-such-method"); },
            {"sparsity.method", "no-such-method", "rigl"});
    }

    void descriptorIsComplete_data() { methodRows(); }
    void descriptorIsComplete() {
        QFETCH(QString, method);
        const auto& d = sl::sparsityMethodDescriptor(method.toStdString());
        QCOMPARE(QString(d.name), method);
        QVERIFY2(*d.displayName && *d.help && std::string(d.help).size() > 20,
                 "registered without a description: give its entry a display name and help");
        QVERIFY(d.supports(sl::StorageBackend::Dense));
        sl::RunConfig probe;
        const auto fields = sl::configFields(probe);
        for (const auto& key : d.settings) {
            QVERIFY2(key.rfind("sparsity.", 0) == 0, key.c_str());
            QVERIFY2(sl::findConfigField(fields, key), ("not in the field table: " + key).c_str());
        }
        // What the engine reports agrees with the description.
        auto instance = sl::makeSparsityMethod(contractConfig(d.name).sparsity);
        QCOMPARE(QString::fromStdString(instance->name()), method);
        QCOMPARE(instance->emergent(), d.emergent);
        if (d.regrows || d.randomGrowth) QVERIFY2(*d.growRule, "a method that grows says how");
        // A method whose layers move to the sparse backend during the run (a resumed run is
        // then not pinned to dense) prunes by schedule, never regrows, and can run there.
        if (instance->movesToSparseBackend())
            QVERIFY(instance->runsOnSparseBackend() && !d.regrows && !d.emergent);
    }

    // begin() on a hand-built pair of layers: its events replay to its masks.
    void beginKeepsTheInvariants_data() { methodRows(); }
    void beginKeepsTheInvariants() {
        QFETCH(QString, method);
        const auto& d = sl::sparsityMethodDescriptor(method.toStdString());
        const sl::SparsitySettings s = contractConfig(d.name).sparsity;
        sl::Rng rng(3);
        sl::Dense first(12, 16), second(16, 4);
        first.initialize(sl::Init::He, rng);
        second.initialize(sl::Init::He, rng);
        sl::SparsityContext context{{&first, &second}, &rng, 200};
        std::vector<sl::Tensor> replayed = masksOf(context.layers);  // all ones
        auto m = sl::makeSparsityMethod(s);
        const auto events = m->begin(context);
        const std::string replayError = replay(replayed, events);
        QVERIFY2(replayError.empty(), replayError.c_str());
        const std::string error = maskInvariants(d, s, context.layers, replayed);
        QVERIFY2(error.empty(), error.c_str());
    }

    // Step by step through a short run: after every step (updates at 5, 10, 15) the events
    // of the run so far replay to the masks, and the counts hold.
    // Each method on the backend `auto` picks for it and on the dense backend: rigl and set
    // update sparse layers and masked dense ones by different code.
    void updatesKeepTheInvariants_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("backend");
        for (const auto& name : sl::sparsityMethodNames())
            for (const char* backend : {"auto", "dense"})
                QTest::newRow((name + " " + backend).c_str())
                    << QString::fromStdString(name) << QString(backend);
    }
    void updatesKeepTheInvariants() {
        QFETCH(QString, method);
        QFETCH(QString, backend);
        const auto& d = sl::sparsityMethodDescriptor(method.toStdString());
        sl::RunConfig config = contractConfig(d.name);
        config.model.backend = backend.toStdString();
        sl::Trainer t(config, sl::loadRunData(config));
        const auto layers = t.prunableLayers();
        std::vector<sl::Tensor> replayed = masksOf(layers);  // after begin()
        std::string error = maskInvariants(d, config.sparsity, layers, replayed);
        QVERIFY2(error.empty(), ("after begin: " + error).c_str());
        std::size_t seen = t.maskEvents().size();
        while (!t.finished()) {
            t.run(1);
            const auto& events = t.maskEvents();
            const std::vector<sl::MaskUpdateEvent> fresh(events.begin() + long(seen), events.end());
            seen = events.size();
            for (const auto& e : fresh) {
                if (error.empty()) error = dropCountError(d, replayed, e);
                if (error.empty()) error = replay(replayed, {e});
            }
            // Read through prunableLayers(), which refreshes the dense views of sparse-backend
            // layers (they are synced lazily, not after every step).
            if (error.empty())
                error = maskInvariants(d, config.sparsity, t.prunableLayers(), replayed);
            QVERIFY2(error.empty(),
                     ("after step " + std::to_string(t.step()) + ": " + error).c_str());
        }
        // The run did what the method does, so the checks above had something to check.
        if (d.regrows) QVERIFY(seen >= 3);
        // What the updates did, the descriptor words for "why this update".
        for (const auto& e : t.maskEvents()) {
            if (e.step == 0) continue;
            if (e.pruned() > 0) QVERIFY2(*d.dropRule, "the method drops at updates: say how");
            if (e.grown() > 0) QVERIFY2(*d.growRule, "the method grows at updates: say how");
        }
    }

    void captureRestoreIsIdentity_data() { methodRows(); }
    void captureRestoreIsIdentity() {
        QFETCH(QString, method);
        const sl::RunConfig config = contractConfig(method.toStdString());
        sl::Trainer t(config, sl::loadRunData(config));
        t.run(12);
        const sl::TrainerState state = t.captureState();
        sl::Trainer other(config, sl::loadRunData(config));
        other.restoreState(state);
        const std::string difference = sl::test::stateDifference(other.captureState(), state);
        QVERIFY2(difference.empty(), difference.c_str());
    }

    // Paused at 7 (between updates) and at 10 (just after one), restored into a fresh
    // trainer and run to the end: bit for bit the uninterrupted run.
    void shortResumeIsExact_data() { methodRows(); }
    void shortResumeIsExact() {
        QFETCH(QString, method);
        const sl::RunConfig config = contractConfig(method.toStdString());
        sl::Trainer whole(config, sl::loadRunData(config));
        whole.runToEnd();
        const sl::TrainerState expected = whole.captureState();
        for (long long split : {7LL, 10LL}) {
            sl::Trainer first(config, sl::loadRunData(config));
            first.run(split);
            const sl::TrainerState paused = first.captureState();
            sl::Trainer resumed(config, sl::loadRunData(config));
            resumed.restoreState(paused);
            resumed.runToEnd();
            const std::string difference =
                sl::test::stateDifference(resumed.captureState(), expected);
            QVERIFY2(difference.empty(),
                     qPrintable(QString("split at %1: %2").arg(split).arg(difference.c_str())));
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestMethodContract)
#include "test_method_contract.moc"
