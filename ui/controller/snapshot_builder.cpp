#include "controller/snapshot_builder.h"

#include "controller/routing_stats.h"
#include "controller/sparse_explanation.h"
#include "heatmap/heatmap_builder.h"
#include "nn/dense.h"
#include "nn/dense_step_clock.h"
#include "nn/gpt.h"
#include "nn/sparse_dense.h"
#include "sparsity/method_descriptor.h"
#include "sparsity/method_helpers.h"
#include "sparsity/storage_size.h"
#include "train/density_map.h"
#include "train/model_builder.h"
#include "train/model_kind.h"
#include "train/text_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace sl::ui {
namespace {

constexpr int kScheduleSamples = 400;
// Histogram inputs beyond this are thinned (the legend then says so); the reference MLP stays
// below it, so its legend counts are exact.
constexpr std::size_t kMaxSampled = 300000;

// Every n-th value, so that a huge layer does not make every snapshot heavy.
std::vector<float> sampled(const std::vector<float>& values) {
    if (values.size() <= kMaxSampled) return values;
    std::vector<float> out;
    const double stride = double(values.size()) / double(kMaxSampled);
    for (std::size_t i = 0; i < kMaxSampled; ++i)
        out.push_back(values[static_cast<std::size_t>(double(i) * stride)]);
    return out;
}

// Beyond this many weights a layer is shown as a density map: its heatmap at a pixel per
// weight would be over 8 MB, and its per-weight copies several times that in every snapshot.
constexpr long long kPixelPerWeightLimit = 1LL << 21;
// The density map's largest side, in blocks: a 20000 × 20000 layer in 512 × 512 blocks.
constexpr int kDensityBlocks = 512;

bool showsDensity(const PrunableLayer& layer) {
    return !layer.hasDenseView() || layer.weightCount() > kPixelPerWeightLimit;
}

// n weights w, active(i) whether weight i is active.
template <class Active>
void fillHistograms(LayerSnapshot& l, const float* w, std::size_t n, Active active) {
    l.activeHistogram.assign(kHistogramBins, 0);
    l.prunedHistogram.assign(kHistogramBins, 0);
    float maxMagnitude = 0.0f, minActive = INFINITY;
    for (std::size_t i = 0; i < n; ++i) {
        const float m = std::abs(w[i]);
        maxMagnitude = std::max(maxMagnitude, m);
        // Weights grown at the last update sit at exactly 0 until trained: the pruning line is
        // the smallest active magnitude that has been trained.
        if (active(i) && m > 0.0f) minActive = std::min(minActive, m);
    }
    l.histogramMax = maxMagnitude > 0 ? maxMagnitude : 1.0f;
    l.threshold = std::isfinite(minActive) ? minActive : 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
        const float m = std::abs(w[i]);
        // Pruned weights of methods without a latent weight are exactly 0: they would be one
        // tall bar at zero that flattens everything else, so only non-zero ones are binned.
        const bool on = active(i);
        if (!on && m == 0.0f) continue;
        const int bin = std::min(kHistogramBins - 1, int(m / l.histogramMax * kHistogramBins));
        (on ? l.activeHistogram : l.prunedHistogram)[static_cast<std::size_t>(bin)]++;
    }
}

void fillHistograms(LayerSnapshot& l) {
    // Read through a const reference: SharedArray's writable operator[] would unshare it.
    const SharedArray<std::uint8_t>& mask = l.mask;
    fillHistograms(l, l.weight.data(), l.weight.size(),
                   [&mask](std::size_t i) { return mask[i] != 0; });
}

// A layer too big for a pixel per weight: block counts from its CSR (or, on the dense
// backend, its mask), histograms read in place, nothing per weight copied.
void fillDensity(LayerSnapshot& ls, PrunableLayer& d, const MaskUpdateEvent& lastChange,
                 const SnapshotBuilder::WindowRequest* zoom) {
    // A request past the layer's edge (it shrank since) is cut; one wholly outside is ignored.
    const bool window =
        zoom && zoom->rows > 0 && zoom->cols > 0 && zoom->row0 < d.units() &&
        zoom->col0 < d.fanIn() && zoom->row0 + zoom->rows > 0 && zoom->col0 + zoom->cols > 0 &&
        static_cast<long long>(zoom->rows) * zoom->cols <= WeightWindow::kMaxWeights;
    if (const SparseWeights* sparse = sparseWeightsOf(d)) {
        const CsrMatrix& w = sparse->matrix();
        if (window) ls.window = csrWindow(w, zoom->row0, zoom->col0, zoom->rows, zoom->cols);
        ls.density = densityMapOf(w, kDensityBlocks, kDensityBlocks);
        fillHistograms(ls, w.values.data(), static_cast<std::size_t>(w.values.size()),
                       [](std::size_t) { return true; });
    } else {
        if (window)
            ls.window = denseWindow(d.weight.data(), d.mask.data(), d.units(), d.fanIn(),
                                    zoom->row0, zoom->col0, zoom->rows, zoom->cols);
        ls.density =
            densityMapOfMask(d.mask.data(), d.units(), d.fanIn(), kDensityBlocks, kDensityBlocks);
        const float* mask = d.mask.data();
        fillHistograms(ls, d.weight.data(), static_cast<std::size_t>(d.weight.size()),
                       [mask](std::size_t i) { return mask[i] != 0.0f; });
    }
    if (lastChange.step >= 0) {
        markChanges(ls.density, lastChange);
        markChanges(ls.window, lastChange, d.fanIn());
    }
    ls.heatmap = buildDensityImage(ls.density);
}

}  // namespace

void SnapshotBuilder::reset(Trainer& trainer) {
    m_clockStep = -1;
    m_msPerStep = -1.0;
    m_denseMeasured = false;
    m_text.reset();
    const auto layers = trainer.prunableLayers();
    m_grownFade.assign(layers.size(), {});
    m_prunedFade.assign(layers.size(), {});
    for (std::size_t l = 0; l < layers.size(); ++l) {
        m_grownFade[l].assign(static_cast<std::size_t>(layers[l]->weight.size()), 0);
        m_prunedFade[l].assign(static_cast<std::size_t>(layers[l]->weight.size()), 0);
    }
    m_shown.assign(layers.size(), {});
    m_explanations.assign(layers.size(), {});
    m_lastDropFraction.assign(layers.size(), std::numeric_limits<double>::quiet_NaN());
    m_lastChange.assign(layers.size(), {});
    m_density.assign(layers.size(), false);
    for (std::size_t l = 0; l < layers.size(); ++l) {
        m_lastChange[l].step = -1;
        m_density[l] = showsDensity(*layers[l]);
    }
    m_updates.clear();
    m_history.clear();
    for (const auto& e : trainer.maskEvents()) {
        m_updates.push_back({e.step, e.layer, e.pruned(), e.grown()});
        fade(e);
        rememberChange(e);
        m_lastDropFraction[static_cast<std::size_t>(e.layer)] = e.dropFraction;
    }
    ++m_runId;
    m_routingStep = -1;
    rebuildSchedule(trainer);
}

void SnapshotBuilder::fade(const MaskUpdateEvent& e) {
    const auto l = static_cast<std::size_t>(e.layer);
    // Older highlights fade by half at each later update of the layer. edit(): new arrays
    // when snapshots hold the old ones, which stay as they were.
    std::vector<std::uint8_t>& grown = m_grownFade[l].edit();
    std::vector<std::uint8_t>& pruned = m_prunedFade[l].edit();
    for (auto& f : grown) f = static_cast<std::uint8_t>(f / 2);
    for (auto& f : pruned) f = static_cast<std::uint8_t>(f / 2);
    for (std::int32_t i : e.grownIndices) grown[static_cast<std::size_t>(i)] = 255;
    for (std::int32_t i : e.prunedIndices) pruned[static_cast<std::size_t>(i)] = 255;
}

void SnapshotBuilder::rememberChange(const MaskUpdateEvent& e) {
    const auto l = static_cast<std::size_t>(e.layer);
    // Layers shown per weight have their fades; a dense view's int32 lists can be long.
    if (l >= m_lastChange.size() || !m_density[l]) return;
    MaskUpdateEvent& kept = m_lastChange[l];
    kept = MaskUpdateEvent{};
    kept.step = e.step;
    kept.layer = e.layer;
    kept.prunedUnlisted = e.prunedUnlisted;
    kept.grownUnlisted = e.grownUnlisted;
    kept.prunedPositions = e.prunedPositions;
    kept.grownPositions = e.grownPositions;
    kept.prunedIndices = e.prunedIndices;
    kept.grownIndices = e.grownIndices;
}

void SnapshotBuilder::syncHistory(const Trainer& trainer) {
    const MetricHistory& h = trainer.history();
    // The trainer only appends; a history that shrank or changed under us (a restored state)
    // is taken again from the start.
    if (h.size() < m_history.size() ||
        (!m_history.empty() && h[m_history.size() - 1].step != m_history.back().step))
        m_history.clear();
    m_history.append(h.begin() + static_cast<std::ptrdiff_t>(m_history.size()), h.end());
}

void SnapshotBuilder::rebuildSchedule(Trainer& trainer) {
    m_scheduleSteps.clear();
    m_scheduleTarget.clear();
    m_scheduleDrop.clear();
    const long long total = std::max(1LL, trainer.totalSteps());
    for (int i = 0; i <= kScheduleSamples; ++i) {
        const long long t = total * i / kScheduleSamples;
        m_scheduleSteps.push_back(t);
        m_scheduleTarget.push_back(trainer.sparsityMethod().targetSparsityAt(t));
        m_scheduleDrop.push_back(trainer.sparsityMethod().dropFractionAt(t));
    }
}

void SnapshotBuilder::onMaskUpdate(Trainer& trainer, const std::vector<MaskUpdateEvent>& events) {
    const auto layers = trainer.prunableLayers();
    SparsityMethod& method = trainer.sparsityMethod();
    // What the method grows by, from its registry entry (null for an unregistered one).
    const MethodDescriptor* described = findSparsityMethod(method.name());
    for (const auto& e : events) {
        const auto l = static_cast<std::size_t>(e.layer);
        m_updates.push_back({e.step, e.layer, e.pruned(), e.grown()});
        fade(e);
        rememberChange(e);
        m_lastDropFraction[l] = e.dropFraction;

        UpdateExplanation x;
        x.step = e.step;
        x.growCriterion = QString::fromStdString(method.growCriterionName());
        x.randomGrowth = described && described->randomGrowth;
        x.dropCutoff = e.dropCutoff;
        x.growCutoff = e.growCutoff;
        x.droppedMagnitudes = e.prunedScores;
        x.grownScores = e.grownScores;
        if (const SparseWeights* sparse = sparseWeightsOf(*layers[l])) {
            // The CSR's values and sampled gradient rows: no dense mask or gradient is read
            // (RigL keeps none on this backend, and a layer without a dense view has none).
            explainSparseUpdate(*sparse, e, described && described->gradientGrowth, x);
            x.keptMagnitudes = sampled(x.keptMagnitudes);
            x.candidateScores = sampled(x.candidateScores);
            m_explanations[l] = std::move(x);
            continue;
        }
        const PrunableLayer& d = *layers[l];
        const Tensor* criterion = method.growCriterion(e.layer);
        const bool latentCriterion = described && described->latentGrowth;
        // Weights grown at this update start at w = 0: they are not "kept" and would sit left
        // of the drop line, so they are left out of the kept side.
        // Just-pruned weights were not candidates for growth either.
        std::vector<bool> moved(static_cast<std::size_t>(d.mask.size()), false);
        for (std::int32_t i : e.grownIndices) moved[static_cast<std::size_t>(i)] = true;
        for (std::int32_t i : e.prunedIndices) moved[static_cast<std::size_t>(i)] = true;
        std::vector<float> kept, candidates;
        for (Eigen::Index i = 0; i < d.mask.size(); ++i) {
            if (moved[static_cast<std::size_t>(i)]) continue;
            if (d.mask.data()[i] != 0.0f) {
                kept.push_back(std::abs(d.weight.data()[i]));
            } else if (criterion) {
                candidates.push_back(criterion->data()[i]);
            } else if (latentCriterion) {
                candidates.push_back(std::abs(d.weight.data()[i]));
            }
        }
        x.keptTotal = static_cast<long long>(kept.size());
        x.candidateTotal = static_cast<long long>(candidates.size());
        x.keptMagnitudes = sampled(kept);
        x.candidateScores = sampled(candidates);
        m_explanations[l] = std::move(x);
    }
}

void SnapshotBuilder::measureStepCost(Trainer& trainer, RunSnapshot& s) {
    // The step timer: the steps alone, not evaluations or the refresh of dense views.
    const double seconds = trainer.stepTimes().total();
    const long long step = trainer.stepTimes().steps;
    if (m_clockStep >= 0 && step > m_clockStep && seconds > m_clockSeconds)
        m_msPerStep = (seconds - m_clockSeconds) * 1000.0 / double(step - m_clockStep);
    if (m_clockStep < 0 || step != m_clockStep) {
        m_clockSeconds = seconds;
        m_clockStep = step;
    }
    if (!m_denseMeasured) {
        // Once per run, on the worker thread: a few GEMMs (≈ 10 ms for the reference MLP).
        std::vector<std::pair<int, int>> shapes;
        for (const PrunableLayer* layer : trainer.prunableLayers())
            if (dynamic_cast<const Dense*>(layer))
                shapes.emplace_back(layer->units(), layer->fanIn());
        m_denseProductsMs = shapes.size() == trainer.prunableLayers().size()
                                ? denseProductsMs(shapes, trainer.config().train.batchSize)
                                : -1.0;  // convolutions: no GEMM-only equivalent here
        m_denseMeasured = true;
    }
    s.msPerStep = m_msPerStep;
    s.denseProductsMs = m_denseProductsMs;
    s.backendNote = QString::fromStdString(sparseBackendRefusal(trainer.config()));
}

void SnapshotBuilder::fillPerWeight(LayerSnapshot& ls, const PrunableLayer& d, std::size_t l) {
    if (m_shown.size() <= l) m_shown.resize(l + 1);
    LayerSnapshot& last = m_shown[l];
    const auto n = static_cast<std::size_t>(d.weight.size());
    const float* weight = d.weight.data();
    const float* mask = d.mask.data();
    const bool sameShape = last.rows == ls.rows && last.cols == ls.cols && last.weight.size() == n;
    // Bit for bit: while training the first trained weight already differs, so this stops
    // early; while paused it reads the layer once (≈ 0.1 ms for 235,200 weights).
    const bool sameWeights =
        sameShape && (n == 0 || std::memcmp(weight, last.weight.data(), n * sizeof(float)) == 0);
    // Through data(): SharedArray's writable operator[] would unshare the arrays.
    bool sameMask = sameShape && last.mask.size() == n;
    const std::uint8_t* shownMask = last.mask.data();
    for (std::size_t i = 0; sameMask && i < n; ++i)
        sameMask = (mask[i] != 0.0f) == (shownMask[i] != 0);
    const bool sameFades =
        last.grownFade.sameAs(m_grownFade[l]) && last.prunedFade.sameAs(m_prunedFade[l]);
    last.rows = ls.rows;
    last.cols = ls.cols;
    if (!sameWeights) last.weight = std::vector<float>(weight, weight + n);
    if (!sameMask) {
        std::vector<std::uint8_t> active(n);
        for (std::size_t i = 0; i < n; ++i) active[i] = mask[i] != 0.0f;
        last.mask = std::move(active);
    }
    if (!sameFades) {
        last.grownFade = m_grownFade[l];
        last.prunedFade = m_prunedFade[l];
    }
    if (!sameWeights || !sameMask || !sameFades || last.heatmap.isNull()) {
        fillHistograms(last);
        last.heatmap = buildHeatmapImage(last);
        last.maxMagnitude = maxActiveMagnitude(last);
    }
    ls.weight = last.weight;
    ls.mask = last.mask;
    ls.grownFade = last.grownFade;
    ls.prunedFade = last.prunedFade;
    ls.heatmap = last.heatmap;
    ls.maxMagnitude = last.maxMagnitude;
    ls.activeHistogram = last.activeHistogram;
    ls.prunedHistogram = last.prunedHistogram;
    ls.histogramMax = last.histogramMax;
    ls.threshold = last.threshold;
}

SnapshotPtr SnapshotBuilder::build(Trainer& trainer, bool playing, double stepsPerSecond,
                                   const QString& notice) {
    auto s = std::make_shared<RunSnapshot>();
    s->runId = m_runId;
    s->step = trainer.step();
    s->totalSteps = trainer.totalSteps();
    s->epoch = trainer.epoch();
    s->stepsPerEpoch = trainer.stepsPerEpoch();
    s->stepsPerSecond = stepsPerSecond;
    s->playing = playing;
    s->finished = trainer.finished();
    s->notice = notice;
    s->config = trainer.config();
    const Dataset& train = trainer.data().train;
    s->imageData = train.imageRows > 0 && train.imageCols > 0;
    s->imageRows = train.imageRows;
    s->imageCols = train.imageCols;
    s->learningRate = trainer.learningRate();
    s->method = QString::fromStdString(trainer.config().sparsity.method);
    syncHistory(trainer);
    s->history = m_history;
    s->maskUpdates = m_updates;
    s->parameterChanges = trainer.parameterChanges();
    s->lossSpikes = trainer.lossSpikes();
    s->scheduleSteps = m_scheduleSteps;
    s->scheduleTarget = m_scheduleTarget;
    s->scheduleDropFraction = m_scheduleDrop;
    s->nextMaskUpdateStep = trainer.nextMaskUpdateStep();

    s->emergentSparsity = trainer.sparsityMethod().emergent();
    const StorageBytes bytes = storageBytes(trainer.prunableLayers(), trainer.quantizer());
    s->bytesDenseFp32 = bytes.denseFp32;
    s->bytesCsrFp32 = bytes.csrFp32;
    s->bytesCsrInt8 = bytes.csrInt8;
    s->quantized = trainer.quantizer().enabled();
    measureStepCost(trainer, *s);
    const GradientFilter::Stats& gradients = trainer.gradientFilter().lastStats();
    s->gradientDensity = gradients.density();
    s->gradientBytesDense = gradients.bytesDense;
    s->gradientBytesSparse = gradients.bytesSparse;
    s->exchange = trainer.gradientExchange().totals();
    s->trainingSeconds = trainer.trainingSeconds();
    s->gradientEntries = 0;
    s->topkPairs = 0;
    const bool topk = trainer.config().gradient.compression == "topk";
    for (const Param& p : trainer.model().params()) {
        s->gradientEntries += p.grad->size();
        if (topk) s->topkPairs += trainer.gradientFilter().keepCount(p.grad->size());
    }

    const SparsityTracker& tracker = trainer.sparsityTracker();
    s->overallSparsity = tracker.overallSparsity();
    s->overallItop = tracker.overallItop();
    s->totalGrown = tracker.totalGrown();
    const auto layers = trainer.prunableLayers();
    const double target = trainer.sparsityMethod().targetSparsityAt(trainer.step());
    // Each layer's own target under the distribution (ERK makes big layers sparser); the
    // global distribution has no per-layer target before it ranks, so it shows the overall one.
    const auto& settings = trainer.config().sparsity;
    std::vector<long long> keep;
    // Regularizers (l1, l0) have no target: NaN must not reach the distribution's arithmetic,
    // and every layer's target stays NaN (the table shows "—", the bars no marker).
    if (settings.distribution != "global" && std::isfinite(target))
        keep = activeCounts(settings.distribution, target, layerShapes(layers),
                            settings.denseFirstLayer);
    const std::vector<std::string> backends = layerBackends(layers);
    // A gpt's linear maps by their role ("block1.q", "block1.k", ..., "head"), not "dense7".
    std::vector<std::string> roles;
    if (const Gpt* gpt = gptOf(trainer.model())) roles = gpt->prunableNames();
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const PrunableLayer& d = *layers[l];
        const auto& stats = tracker.layers()[l];
        LayerSnapshot ls;
        ls.name =
            QString::fromStdString(roles.size() == layers.size() ? roles[l] : layerName(d, l));
        ls.kind = QString::fromStdString(d.kind());
        ls.dims = d.weightDims();
        ls.macsPerWeight = d.macsPerWeight();
        ls.rows = d.units();
        ls.cols = d.fanIn();
        ls.parameters = stats.parameters;
        ls.active = stats.active;
        ls.sparsity = stats.sparsity();
        ls.target = keep.empty() ? target : 1.0 - double(keep[l]) / double(stats.parameters);
        ls.itop = stats.itop();
        ls.lastPruned = stats.lastPruned;
        ls.lastGrown = stats.lastGrown;
        ls.lastUpdateStep = stats.lastUpdateStep;
        if (l < m_lastDropFraction.size()) ls.lastDropFraction = m_lastDropFraction[l];
        ls.backend = QString::fromStdString(backends[l]);
        ls.detailed = std::find(m_detail.begin(), m_detail.end(), int(l)) != m_detail.end();
        if (!ls.detailed) {
            if (l < m_shown.size()) m_shown[l] = {};  // no longer on screen: let it go
            s->layers.push_back(std::move(ls));
            continue;
        }
        if (showsDensity(d)) {
            fillDensity(ls, *layers[l], m_lastChange[l],
                        m_window.layer == int(l) ? &m_window : nullptr);
            ls.explanation = m_explanations[l];
            s->layers.push_back(std::move(ls));
            continue;
        }
        fillPerWeight(ls, d, l);
        ls.explanation = m_explanations[l];
        s->layers.push_back(std::move(ls));
    }
    if (routesToExperts(trainer.config())) refreshRouting(trainer, *s);
    m_text.fill(trainer, *s);
    return s;
}

void SnapshotBuilder::refreshRouting(Trainer& trainer, RunSnapshot& snapshot) {
    const auto now = std::chrono::steady_clock::now();
    const bool stale = m_routingStep < 0 || (trainer.step() != m_routingStep &&
                                             now - m_routingTime >= std::chrono::milliseconds(250));
    if (stale) {
        fillRouting(trainer, snapshot);
        m_expertFraction = snapshot.expertFraction;
        m_classRouting = snapshot.classRouting;
        m_routingStep = trainer.step();
        m_routingTime = now;
    } else {
        snapshot.expertFraction = m_expertFraction;
        snapshot.classRouting = m_classRouting;
    }
}

}  // namespace sl::ui
