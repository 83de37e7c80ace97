#pragma once

// Hand-built snapshots for the chart and panel tests (and their screenshots): a rigl run at
// 90% sparsity on a 784-300-100-10 MLP, shaped like a real one but computed from formulas, so
// every expected number in a test can be derived from the same few lines.

#include "controller/run_record.h"
#include "controller/snapshot.h"
#include "views/palette.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <random>

namespace sl::ui::testdata {

struct RunShape {
    QString method = QStringLiteral("rigl");
    long long totalSteps = 4690;  // 10 epochs of 469 steps
    long long deltaT = 100;
    long long deltaTChangeStep = 1500;  // ΔT 100→50 here; -1 for no change
    long long tEnd = 3517;              // 75% of the run: no mask updates after it
    double alpha0 = 0.3;
    double target = 0.9;
    double finalAccuracy = 0.88;
    std::uint32_t seed = 7;
};

// α_t of rigl's cosine drop schedule.
inline double cosineAlpha(const RunShape& s, long long step) {
    if (step >= s.tEnd) return 0.0;
    return s.alpha0 / 2.0 * (1.0 + std::cos(std::numbers::pi * double(step) / double(s.tEnd)));
}

inline LayerSnapshot makeLayer(const QString& name, int rows, int cols, double sparsity) {
    LayerSnapshot l;
    l.name = name;
    l.rows = rows;
    l.cols = cols;
    l.parameters = static_cast<long long>(rows) * cols;
    l.active = std::llround(double(l.parameters) * (1.0 - sparsity));
    l.sparsity = 1.0 - double(l.active) / double(l.parameters);
    l.target = sparsity;
    return l;
}

// Mask updates every ΔT steps (ΔT halves at deltaTChangeStep) until tEnd.
inline std::vector<long long> updateSteps(const RunShape& s) {
    std::vector<long long> steps;
    long long step = s.deltaT;
    while (step < s.tEnd) {
        steps.push_back(step);
        const bool halved = s.deltaTChangeStep >= 0 && step >= s.deltaTChangeStep;
        step += halved ? s.deltaT / 2 : s.deltaT;
    }
    return steps;
}

inline SnapshotPtr makeRun(const RunShape& s = {}) {
    auto snap = std::make_shared<RunSnapshot>();
    snap->method = s.method;
    snap->totalSteps = s.totalSteps;
    snap->step = s.totalSteps;
    snap->stepsPerEpoch = 469;
    snap->epoch = int(s.totalSteps / 469);
    snap->finished = true;
    snap->layers = {makeLayer("dense1", 300, 784, s.target),
                    makeLayer("dense2", 100, 300, s.target),
                    makeLayer("dense3", 10, 100, s.target)};
    long long params = 0, active = 0;
    for (const LayerSnapshot& l : snap->layers) {
        params += l.parameters;
        active += l.active;
    }
    const double density = double(active) / double(params);

    std::mt19937 rng(s.seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    const auto updates = updateSteps(s);
    std::size_t nextUpdate = 0;
    double itop = density;
    long long sinceGrown = 0, sincePruned = 0;
    for (long long step = 1; step <= s.totalSteps; ++step) {
        while (nextUpdate < updates.size() && updates[nextUpdate] == step) {
            const double alpha = cosineAlpha(s, step);
            for (int li = 0; li < int(snap->layers.size()); ++li) {
                LayerSnapshot& l = snap->layers[li];
                const int moved = int(std::lround(alpha * double(l.active)));
                snap->maskUpdates.push_back({step, li, moved, moved});
                l.lastPruned = moved;
                l.lastGrown = moved;
                l.lastUpdateStep = step;
                sinceGrown += moved;
                sincePruned += moved;
                // Part of the regrown weights were active before; the rest is new ground.
                itop += double(moved) / double(params) * (1.0 - itop) * 0.9;
            }
            ++nextUpdate;
        }
        MetricPoint p;
        p.step = step;
        p.epoch = int((step - 1) / 469) + 1;
        p.lr = 0.05;
        const double t = double(step);
        p.trainLoss = std::max(0.05, 0.3 + 2.0 * std::exp(-t / 450.0) + 0.06 * noise(rng));
        p.trainAccuracy = std::clamp(
            s.finalAccuracy + 0.02 - 0.8 * std::exp(-t / 400.0) + 0.025 * noise(rng), 0.0, 1.0);
        if (step % 469 == 0) p.testAccuracy = s.finalAccuracy - 0.75 * std::exp(-t / 400.0);
        p.sparsity = 1.0 - density;
        p.targetSparsity = s.target;
        p.dropFraction = cosineAlpha(s, step);
        p.grown = sinceGrown;
        p.pruned = sincePruned;
        sinceGrown = sincePruned = 0;
        p.itop = itop;
        snap->history.push_back(p);
    }
    for (long long step = 0; step <= s.totalSteps; step += 10) {
        snap->scheduleSteps.push_back(step);
        snap->scheduleTarget.push_back(s.target);
        snap->scheduleDropFraction.push_back(cosineAlpha(s, step));
    }
    if (s.deltaTChangeStep >= 0)
        snap->parameterChanges.push_back(
            {s.deltaTChangeStep, "sparsity.delta_t", double(s.deltaT), double(s.deltaT / 2)});
    snap->overallSparsity = 1.0 - density;
    snap->overallItop = itop;
    for (LayerSnapshot& l : snap->layers)
        l.itop = std::min(1.0, itop * (0.95 + 0.05 * l.rows / 300.0));

    // |w| histograms of dense1: pruned weights are zeroed by rigl (all in bin 0); active ones
    // are the large tail of a Gaussian, so the threshold sits where that tail is cut.
    LayerSnapshot& first = snap->layers[0];
    first.histogramMax = 0.3f;
    first.threshold = 0.031f;
    first.activeHistogram.assign(kHistogramBins, 0);
    first.prunedHistogram.assign(kHistogramBins, 0);
    first.prunedHistogram[0] = int(first.parameters - first.active);
    const double binWidth = 0.3 / kHistogramBins;
    double weightSum = 0;
    std::vector<double> shape(kHistogramBins, 0.0);
    for (int b = 0; b < kHistogramBins; ++b) {
        const double mid = (b + 0.5) * binWidth;
        if (mid >= first.threshold) shape[b] = std::exp(-mid * mid / (2 * 0.07 * 0.07));
        weightSum += shape[b];
    }
    long long placed = 0;
    for (int b = 0; b < kHistogramBins; ++b) {
        first.activeHistogram[b] = int(std::floor(double(first.active) * shape[b] / weightSum));
        placed += first.activeHistogram[b];
    }
    first.activeHistogram[int(first.threshold / binWidth) + 1] += int(first.active - placed);
    return snap;
}

inline RunRecord record(int id, const QString& name, SnapshotPtr snap, bool live,
                        bool visible = true) {
    RunRecord r;
    r.id = id;
    r.name = name;
    r.color = palette::runColor(id);
    r.live = live;
    r.visible = visible;
    r.snapshot = std::move(snap);
    return r;
}

// A snapshot's history is shared and immutable (MetricSeries): a test that changes points
// builds the series anew from an edited copy.
template <class Edit> void editHistory(RunSnapshot& snapshot, Edit edit) {
    std::vector<MetricPoint> points = snapshot.history.toVector();
    for (MetricPoint& p : points) edit(p);
    snapshot.history = MetricSeries(points);
}

}  // namespace sl::ui::testdata
