#include "train/memory_estimate.h"

#include "sparsity/distribution.h"
#include "sparsity/method.h"
#include "sparsity/method_descriptor.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sl {
namespace {

constexpr long long kFloat = 4;

// One layer of the model the config builds, as far as memory goes.
struct Planned {
    std::string name;
    long long rows = 0, cols = 0;  // the prunable weight; 0 for layers without one
    long long outputs = 0;         // features per example of its output
    long long im2colColumns = 0;   // conv: floats of im2col per example
    long long im2colProducts = 0;  // conv: floats of the GEMM result per example
    bool denseKind = false;        // a Dense layer: may use the sparse backend
    int prunable = -1;             // index among prunable layers
    // A mixture of experts (nn/moe.h): E experts of d -> H -> d, top-k routing; 0 otherwise.
    long long moeExperts = 0, moeHidden = 0, moeTopK = 0;
};

void addDense(std::vector<Planned>& plan, long long in, long long out, int& prunable,
              bool activation) {
    Planned d;
    d.rows = out;
    d.cols = in;
    d.outputs = out;
    d.denseKind = true;
    d.prunable = prunable++;
    d.name = "dense" + std::to_string(prunable);
    plan.push_back(d);
    if (activation) plan.push_back(Planned{"", 0, 0, out, 0, 0, false, -1});
}

void checkWidths(const std::vector<int>& hidden) {
    for (int w : hidden)
        if (w <= 0)
            throw ConfigError("model.hidden: got a layer of " + std::to_string(w) +
                              " units — expected every width > 0");
}

std::vector<Planned> planModel(const RunConfig::Model& m, const ModelInput& input) {
    std::vector<Planned> plan;
    int prunable = 0;
    long long previous = input.features;
    checkWidths(m.hidden);
    if (m.kind == "cnn" && input.imageRows > 0 && input.imageCols > 0 && input.channels() > 0) {
        long long c = input.channels(), h = input.imageRows, w = input.imageCols;
        int conv = 0;
        for (int channels : m.convChannels) {
            const int k = m.kernelSize, s = std::max(1, m.stride), p = m.padding;
            if (channels <= 0 || h + 2 * p < k || w + 2 * p < k) break;  // the builder explains
            const long long oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
            Planned d;
            d.rows = channels;
            d.cols = c * k * k;
            d.outputs = channels * oh * ow;
            d.im2colColumns = d.cols * oh * ow;
            d.im2colProducts = d.outputs;
            d.prunable = prunable++;
            d.name = "conv" + std::to_string(++conv);
            plan.push_back(d);
            plan.push_back(Planned{"", 0, 0, d.outputs, 0, 0, false, -1});
            c = channels;
            h = oh;
            w = ow;
            if (m.pool > 1 && h >= m.pool && w >= m.pool) {
                h /= m.pool;
                w /= m.pool;
                plan.push_back(Planned{"", 0, 0, c * h * w, 0, 0, false, -1});
            }
        }
        previous = c * h * w;
    }
    for (int width : m.hidden) {
        addDense(plan, previous, width, prunable, true);
        previous = width;
    }
    if (m.kind == "moe" && !m.hidden.empty()) {
        // The experts stay dense (hidden -> expertHidden -> hidden each) and are not pruned.
        Planned experts;
        experts.outputs = previous;
        experts.moeExperts = std::max(0, m.experts);
        experts.moeHidden = std::max(0, m.expertHidden);
        experts.moeTopK = std::max(1, m.topK);
        plan.push_back(experts);
    }
    addDense(plan, previous, input.classes, prunable, false);
    return plan;
}

// A mixture of experts (nn/moe.h), held inside one layer and never pruned. Its gate (E, d) and
// each expert's in (H, d) and out (d, H) are Dense layers: weight, mask and gradient (12 B per
// weight), bias and its gradient (8 B per unit), optimizer state per weight and unit. Per
// example, k of the E experts run on it; the forward keeps the gate's logits and
// probabilities (2E), per routing the gathered input, the expert's pre-activation, hidden
// and output (2d + 2H) and four ints/floats of routing bookkeeping; the backward adds
// d(probabilities), d(logits) (2E), the gate's input gradient (d) and per routing the
// weighted dy, dhidden, dx (2d + H) and the routing weight's gradient (1). Evaluation
// widens the forward buffers to its batch. (Its output and gradient, d each, are counted
// with every layer's.)
void addMixture(const Planned& p, long long stateTensors, long long batch, long long widest,
                MemoryEstimate& e) {
    const long long E = p.moeExperts, H = p.moeHidden, d = p.outputs, k = p.moeTopK;
    const long long weights = E * d + E * 2 * H * d;
    const long long units = E + E * (H + d);
    e.weights += 3 * kFloat * weights + 2 * kFloat * units;
    e.optimizer += stateTensors * kFloat * (weights + units);
    const long long forward = 2 * E + k * (2 * d + 2 * H) + 4 * k;
    const long long backward = 2 * E + d + k * (2 * d + H) + k;
    e.activations += kFloat * batch * (forward + backward);
    e.evaluation += kFloat * (widest - batch) * forward;
}

// Weights each prunable layer has active when the run starts: the method's start sparsity
// under the configured distribution (global ranks |w|, which the estimate does not have; it
// keeps the same total, so uniform stands in for it).
std::vector<long long> startActive(const RunConfig& config, const std::vector<Planned>& plan,
                                   const SparsityMethod& method) {
    std::vector<LayerShape> shapes;
    for (const Planned& p : plan)
        if (p.prunable >= 0)
            shapes.push_back({static_cast<int>(p.rows), static_cast<int>(p.cols), {}});
    double sparsity = method.targetSparsityAt(0);
    if (!std::isfinite(sparsity)) sparsity = 0.0;
    const std::string distribution = config.sparsity.distribution == "erk" ? "erk" : "uniform";
    return activeCounts(distribution, sparsity, shapes, config.sparsity.denseFirstLayer);
}

// Which prunable layers go to the sparse backend: applyBackend()'s rule, on start counts.
bool goesSparse(const RunConfig& config, const SparsityMethod& method, bool refused,
                const Planned& p, long long active) {
    const std::string& backend = config.model.backend;
    if (backend == "dense" || refused || !p.denseKind || !method.runsOnSparseBackend())
        return false;
    const double total = double(p.rows) * double(p.cols);
    const double sparsity = total > 0 ? 1.0 - double(active) / total : 0.0;
    return backend == "sparse" || sparsity >= kSparseBreakEven;
}

long long readMemAvailable() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    long long kb = 0;
    std::string unit;
    while (in >> key >> kb >> unit)
        if (key == "MemAvailable:") return kb * 1024;
    return -1;
}

std::string formatFraction(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

}  // namespace

bool bornSparse(const RunConfig& config, bool sparse, long long weights, long long active) {
    const double sparsity = weights > 0 ? 1.0 - double(active) / double(weights) : 0.0;
    return sparse && weights > kDenseViewLimit && sparsity >= kSparseBreakEven &&
           config.model.kind == "mlp" && config.sparsity.distribution != "global";
}

MemoryEstimate estimateMemory(const RunConfig& config, const ModelInput& input, int testExamples) {
    const std::vector<Planned> plan = planModel(config.model, input);
    const auto method = makeSparsityMethod(config.sparsity);
    const MethodDescriptor& descriptor = sparsityMethodDescriptor(config.sparsity.method);
    const bool refused = !sparseBackendRefusal(config).empty();
    const std::vector<long long> active = startActive(config, plan, *method);
    const long long stateTensors = config.optimizer.name == "sgd" ? 1 : 2;
    const bool denseGrowthScores = descriptor.regrows && !descriptor.randomGrowth;
    const bool prunesAtStart = method->targetSparsityAt(0) > 0.0;
    const long long batch = config.train.batchSize;
    const long long evalBatch = std::min<long long>(kEvaluationBatch, std::max(1, testExamples));
    const long long widest = std::max(batch, evalBatch);

    MemoryEstimate e;
    long long outputs = 0, largestView = 0, largestActive = 0, viewWeights = 0;
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const Planned& p = plan[i];
        outputs += p.outputs;
        const long long weights = p.rows * p.cols;
        if (p.moeExperts > 0) {
            addMixture(p, stateTensors, batch, widest, e);
            continue;
        }
        if (p.prunable < 0) {
            // Not pruned (the experts): weight, gradient and optimizer state.
            e.weights += 2 * kFloat * weights;
            e.optimizer += stateTensors * kFloat * weights;
            continue;
        }
        MemoryEstimate::Layer layer;
        layer.name = p.name;
        layer.rows = p.rows;
        layer.cols = p.cols;
        layer.active = active[static_cast<std::size_t>(p.prunable)];
        layer.sparse = goesSparse(config, *method, refused, p, layer.active);
        layer.denseView = !bornSparse(config, layer.sparse, weights, layer.active);
        long long w = 2 * kFloat * p.rows;  // bias and its gradient
        long long o = stateTensors * kFloat * p.rows;
        if (layer.denseView) {
            w += 3 * kFloat * weights + weights;  // weight, mask, gradient; ever-active byte
            viewWeights += weights;
            largestView = std::max(largestView, weights);
        }
        if (layer.sparse) {
            w += 5 * kFloat * layer.active + kFloat * (p.rows + p.cols + 2);  // CSR, CSC, grad
            o += stateTensors * kFloat * layer.active;
            if (!layer.denseView) largestActive = std::max(largestActive, layer.active);
            // Batch-major copies: input and output of the forward pass (at the evaluation
            // batch while evaluating), the output's and the input's gradient in backward (the
            // first layer computes no input gradient).
            e.activations += kFloat * batch * (p.cols + 2 * p.rows + (i > 0 ? p.cols : 0));
            e.evaluation += kFloat * (widest - batch) * (p.rows + p.cols);
        } else {
            o += stateTensors * kFloat * weights;
            if (denseGrowthScores) w += kFloat * weights;  // |gradient| kept for growth
        }
        e.im2col +=
            kFloat * (widest * (p.im2colColumns + p.im2colProducts) + batch * p.im2colColumns);
        layer.bytes = w + o;
        e.weights += w;
        e.optimizer += o;
        e.layers.push_back(layer);
    }
    // Every layer's output at the training batch, every gradient but the logits', the batch
    // itself and the gradient of the logits.
    const long long lastOutputs = plan.empty() ? 0 : plan.back().outputs;
    e.activations += kFloat * batch * (2 * outputs - lastOutputs + input.features + lastOutputs);
    // Evaluation widens the outputs to its batch and copies its block of examples.
    e.evaluation += kFloat * (widest - batch) * outputs + kFloat * evalBatch * input.features;
    // The first masks are drawn on the dense views: |w| of every layer at once, then a
    // permutation and the new mask of one layer at a time. A layer without a dense view
    // needs scratch at a mask update instead: 16 B per active weight of the largest.
    if (prunesAtStart) e.transientStart = kFloat * viewWeights + 2 * kFloat * largestView;
    e.transientUpdate = 4 * kFloat * largestActive;
    return e;
}

long long availableMemoryBytes() {
    if (const char* limit = std::getenv("SPARSELAB_MEMORY_LIMIT_MB")) {
        char* end = nullptr;
        const long long mb = std::strtoll(limit, &end, 10);
        if (end != limit && *end == '\0' && mb >= 0) return mb * 1000 * 1000;
    }
    return readMemAvailable();
}

std::string formatBytes(long long bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int u = 0;
    while (value >= 1000.0 && u < 4) {
        value /= 1000.0;
        ++u;
    }
    char text[32];
    if (u == 0) std::snprintf(text, sizeof text, "%lld B", bytes);
    else
        std::snprintf(text, sizeof text,
                      value < 10    ? "%.2f %s"
                      : value < 100 ? "%.1f %s"
                                    : "%.0f %s",
                      value, units[u]);
    return text;
}

std::string memoryRefusal(const MemoryEstimate& e, long long available, const RunConfig& config) {
    if (available < 0 || e.total() <= available) return "";
    std::ostringstream os;
    os << "memory: this run needs about " << formatBytes(e.total()) << " (weights, masks and "
       << "gradients " << formatBytes(e.weights) << ", optimizer state " << formatBytes(e.optimizer)
       << ", activations " << formatBytes(e.activations) << ", evaluation "
       << formatBytes(e.evaluation);
    if (e.im2col > 0) os << ", im2col " << formatBytes(e.im2col);
    if (e.transient() > 0) os << ", mask scratch " << formatBytes(e.transient());
    os << ") but " << formatBytes(available) << " is available";
    const MemoryEstimate::Layer* largest = nullptr;
    for (const auto& l : e.layers)
        if (!largest || l.bytes > largest->bytes) largest = &l;
    if (largest)
        os << "; the largest layer, " << largest->name << " (" << largest->rows << " x "
           << largest->cols << ", " << (largest->sparse ? "sparse" : "dense") << " backend), "
           << "takes " << formatBytes(largest->bytes);
    std::vector<std::string> fixes;
    if (largest && !largest->sparse)
        fixes.push_back(config.model.backend == "dense"
                            ? "set model.backend sparse or auto with sparsity.method static, "
                              "set or rigl and a high sparsity.target"
                            : "use sparsity.method static, set or rigl with a sparsity.target "
                              "of at least " +
                                  formatFraction(kSparseBreakEven) + " (the sparse backend)");
    else if (largest)
        fixes.push_back("raise sparsity.target (now " + formatFraction(config.sparsity.target) +
                        ")");
    fixes.push_back("make model.hidden narrower");
    if (e.activations + e.evaluation > e.weights + e.optimizer)
        fixes.push_back("lower train.batch_size (now " + std::to_string(config.train.batchSize) +
                        ")");
    os << ". To fit: ";
    for (std::size_t i = 0; i < fixes.size(); ++i)
        os << (i == 0 ? "" : i + 1 == fixes.size() ? ", or " : ", ") << fixes[i];
    os << ". (The limit is MemAvailable of /proc/meminfo, or SPARSELAB_MEMORY_LIMIT_MB.)";
    return os.str();
}

void checkMemory(const RunConfig& config, const ModelInput& input, int testExamples) {
    const std::string refusal =
        memoryRefusal(estimateMemory(config, input, testExamples), availableMemoryBytes(), config);
    if (!refusal.empty()) throw ConfigError(refusal);
}

}  // namespace sl
