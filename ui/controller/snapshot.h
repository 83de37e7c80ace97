#pragma once

#include "controller/chunked_series.h"
#include "controller/shared_array.h"
#include "controller/shared_value.h"
#include "distributed/gradient_exchange.h"
#include "sparsity/mask_event.h"
#include "train/density_map.h"
#include "train/loss_spike.h"
#include "train/metrics.h"
#include "train/run_config.h"

#include <QImage>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace sl::ui {

// One mask update of one layer, without its indices: what charts and tables need.
struct MaskUpdateSummary {
    long long step = 0;
    int layer = 0;
    int pruned = 0;
    int grown = 0;
};

// The last mask update of a layer, explained: the scores on both sides of each cut-off.
struct UpdateExplanation {
    long long step = -1;                // -1: the layer has not been updated yet
    QString growCriterion;              // "|gradient|", "random", "latent |w|", "movement score"
    bool randomGrowth = false;          // grown weights were drawn at random: no scores, no cut-off
    std::vector<float> keptMagnitudes;  // |w| of the weights active after the update (sampled)
    std::vector<float> droppedMagnitudes;  // |w| the dropped weights had (all of them)
    std::vector<float> candidateScores;    // grow criterion of weights left inactive (sampled)
    long long keptTotal = 0;               // how many the samples above stand for
    long long candidateTotal = 0;
    std::vector<float> grownScores;  // grow criterion of the grown weights
    float dropCutoff = 0.0f;         // NaN when the method has none
    float growCutoff = 0.0f;
};

// Everything the window shows about one prunable layer, copied out of the engine.
struct LayerSnapshot {
    QString name;                 // "dense1", "conv1" (sl::layerName)
    QString kind;                 // "dense", "conv2d"
    std::vector<int> dims;        // the weight's natural shape: {out, in} or {out, in, kh, kw}
    long long macsPerWeight = 1;  // multiply-adds per weight and example (conv: out_h * out_w)
    int rows = 0;                 // outputs
    int cols = 0;                 // inputs
    long long parameters = 0;
    long long active = 0;
    double sparsity = 0.0;
    double target = 0.0;  // the method's target for this layer now
    double itop = 0.0;
    int lastPruned = 0;
    int lastGrown = 0;
    long long lastUpdateStep = -1;
    // The drop fraction α_t that update used (MaskUpdateEvent::dropFraction, also after
    // reopening a checkpoint); NaN for other methods or when not known.
    double lastDropFraction = std::numeric_limits<double>::quiet_NaN();
    QString backend;  // "dense" or "sparse": the storage backend the layer trains on

    // Everything below is per-weight and heavy (≈ 2.9 MB for the reference MLP's layers):
    // filled only for the layers the window shows (TrainingController::setDetailLayers),
    // empty for the others. detailed says which.
    bool detailed = false;
    // Per weight, row-major (row * cols + col), rows * cols entries each. Shared with the
    // snapshots before for as long as they do not change (SnapshotBuilder): the mask and the
    // fades between two mask updates, everything while the run is paused.
    SharedArray<float> weight;       // the (latent) weight value
    SharedArray<std::uint8_t> mask;  // 1 active, 0 pruned
    // 255 at the update that grew (pruned) the weight, fading by half at each later update.
    SharedArray<std::uint8_t> grownFade;
    SharedArray<std::uint8_t> prunedFade;
    // Built on the worker thread with the heatmap palette: cols x rows pixels, one per weight,
    // or, for a layer too big for that (density non-empty), one per block of the density map.
    // Implicitly shared like the arrays above: the same pixels while nothing changed.
    QImage heatmap;
    // The largest active |w| the heatmap's shading is scaled to (the legend's top).
    float maxMagnitude = 0.0f;
    // Layers too big for a pixel per weight (SnapshotBuilder's kPixelPerWeightLimit, and every
    // layer without a dense view) carry no per-weight vectors above: only these block counts
    // and the blocks the last update changed, width × height figures however big the layer.
    DensityMap density;
    // Of such a layer, the part the view is zoomed into at one entry per weight
    // (TrainingController::setDetailWindow); empty when the view is not that close.
    WeightWindow window;

    // |w| histograms over [0, histogramMax], kHistogramBins bins each.
    std::vector<int> activeHistogram;
    std::vector<int> prunedHistogram;
    float histogramMax = 0.0f;
    float threshold = 0.0f;  // the smallest active |w|: the current pruning line
    // Changes only at the layer's mask updates: shared by the snapshots in between.
    SharedValue<UpdateExplanation> explanation;
};

inline constexpr int kHistogramBins = 60;

// What the Text view asks of a gpt run: the prompt to continue and to show attention for.
struct TextRequest {
    QString prompt;
    double temperature = 0.8;
    int length = 120;  // characters to generate
    int layer = 0;     // attention block, from 0
    int head = 0;
};

// A language model's text figures (model.kind gpt), computed on the worker at each
// evaluation and when the request changes; empty for other models.
struct TextSnapshot {
    bool valid = false;
    long long step = -1;   // the training step they were computed at
    TextRequest request;   // what they answer
    QString continuation;  // generated after the prompt
    // The prompt as the model read it (its last model.context); with an empty prompt, the
    // held-out passage's first window.
    QStringList promptCharacters;
    // Attention of request.layer / head over promptCharacters: n x n, row = query position.
    std::vector<float> attention;
    int blocks = 0;
    int heads = 0;
    // The first held-out window: characters[0] is context only; characters[i] (i >= 1) is
    // predicted from those before it with a loss of bits[i] (bits[0] is NaN).
    QStringList passage;
    std::vector<double> passageBits;
};

// A run's metric history and its mask updates, as snapshots share them: sealed chunks that
// every later snapshot of the run holds too (the same objects), plus a short tail copied.
// About 7 KB a chunk either way.
using MetricSeries = ChunkedSeries<MetricPoint, 64>;
using MaskUpdateSeries = ChunkedSeries<MaskUpdateSummary, 256>;

// An immutable picture of a run at one moment, published by the worker at most ~30 times a
// second and shared by every view (std::shared_ptr<const RunSnapshot>).
struct RunSnapshot {
    long long runId = 0;  // changes when a new run starts (new config, reset, checkpoint opened)
    long long step = 0;
    long long totalSteps = 0;
    int epoch = 0;
    int stepsPerEpoch = 0;
    double stepsPerSecond = 0.0;  // measured over the last second of training
    bool playing = false;
    bool finished = false;
    QString notice;  // one-line information (e.g. "Fashion-MNIST missing: ...")
    RunConfig config;
    bool imageData = false;  // the first layer's inputs are 28x28 images
    int imageRows = 0;
    int imageCols = 0;
    double learningRate = 0.0;
    QString method;

    MetricSeries history;
    MaskUpdateSeries maskUpdates;
    std::vector<ParameterChange> parameterChanges;
    // Mask updates right after which the training loss jumped (sl::LossSpikeDetector).
    std::vector<LossSpikeEvent> lossSpikes;
    // The schedule over the whole run, sampled: (step, target sparsity, drop fraction).
    std::vector<long long> scheduleSteps;
    std::vector<double> scheduleTarget;
    std::vector<double> scheduleDropFraction;
    long long nextMaskUpdateStep = -1;  // -1: none ahead

    // Regularizers (l1, l0): no target, the schedule view shows the measured sparsity.
    bool emergentSparsity = false;
    // The prunable layers' size as dense fp32, CSR fp32 and CSR int8 (sl::storageBytes).
    long long bytesDenseFp32 = 0;
    long long bytesCsrFp32 = 0;
    long long bytesCsrInt8 = 0;
    bool quantized = false;  // quant.mode is not none
    // Measured by the engine: milliseconds per training step of this run since the last
    // snapshot (Trainer::run's clock; evaluation at epoch ends included), and the dense
    // backend's layer products on the same shapes and batch, measured once per run
    // (sl::denseProductsMs). Negative: not measured yet, or no dense equivalent fits.
    double msPerStep = -1.0;
    double denseProductsMs = -1.0;
    // Why the method keeps every layer dense (a latent weight...), empty when nothing does.
    QString backendNote;
    // The gradient filter's last step: density of the applied gradient and what a
    // data-parallel worker would send, dense vs sparse (equal when compression is off).
    double gradientDensity = 1.0;
    long long gradientBytesDense = 0;
    long long gradientBytesSparse = 0;
    // For what an N-rank job would exchange (exchange_traffic.h): the gradient entries a
    // step exchanges (a sparse layer's active weights only) and, with top-k, the pairs each
    // rank would select (ceil(density · n) per tensor); 0 otherwise.
    long long gradientEntries = 0;
    long long topkPairs = 0;
    // What an MPI run measured (restored from its checkpoint); steps 0 for a run that only
    // ever trained in one process, as every run the window trains does.
    GradientExchange::Totals exchange;
    double trainingSeconds = 0.0;  // of the whole run, restored ones included
    // Mixture of experts (model.kind moe), measured on a batch of test examples: the fraction
    // of routings that went to each expert, and per class the fraction to each expert
    // (classRouting[c][e]). Empty for other models.
    std::vector<double> expertFraction;
    std::vector<std::vector<double>> classRouting;
    TextSnapshot text;  // model.kind gpt only

    double overallSparsity = 0.0;
    double overallItop = 0.0;
    long long totalGrown = 0;
    std::vector<LayerSnapshot> layers;
};

using SnapshotPtr = std::shared_ptr<const RunSnapshot>;

}  // namespace sl::ui
