#include "compare_backends.h"

#include "nn/sparse_kernels.h"
#include "train/model_builder.h"
#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>

namespace sl::cli {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Random data of Fashion-MNIST's shape: the figure must not depend on the data installed.
// Epochs of 256 batches keep the per-epoch work (a one-example test, the dense weight views
// of sparse layers) out of the per-step figure.
TrainTestSplit randomData(int batch) { return randomBenchData(batch * 256); }

RunConfig benchConfig(const CompareOptions& o, double sparsity, const char* backend) {
    RunConfig c;
    c.model.hidden = o.hidden;
    c.model.backend = backend;
    c.optimizer.lr = 0.01f;
    c.optimizer.momentum = 0.9f;
    c.lrSchedule.name = "constant";
    c.train.batchSize = o.batch;
    c.train.epochs = 100000;
    c.train.logEvery = 1000000;
    c.sparsity.method = "rigl";
    c.sparsity.target = static_cast<float>(sparsity);
    c.sparsity.distribution = "uniform";
    c.sparsity.deltaT = 100;
    c.sparsity.tEnd = 1000000000;  // mask updates all through the timing
    return c;
}

// Process CPU time (all threads): on a machine shared with other work a wall clock measures
// the neighbours too; CPU seconds measure this process's own work.
double cpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

struct Timing {
    double stepUs = 0.0;  // the Trainer's step timer: the step alone, microseconds
    StepTimes phases;     // that round's share of the step timer
    double stepsPerSecond = 0.0;
    double stepsPerCpuSecond = 0.0;
    double inferUs = 0.0;     // one forward pass of one example, wall clock
    double inferCpuUs = 0.0;  // the same in CPU time
};

Timing timeTrainer(Trainer& t, const CompareOptions& o) {
    Timing out;
    // Whole ΔT windows, so that every figure carries its share of RigL's update steps.
    const long long window = t.config().sparsity.deltaT;
    long long steps = 0;
    const StepTimes before = t.stepTimes();
    const auto start = Clock::now();
    const double cpuStart = cpuSeconds();
    do {
        steps += t.run(window);
    } while (secondsSince(start) < o.seconds);
    const StepTimes& after = t.stepTimes();
    out.phases.steps = after.steps - before.steps;
    out.phases.batch = after.batch - before.batch;
    out.phases.forward = after.forward - before.forward;
    out.phases.backward = after.backward - before.backward;
    out.phases.optimizer = after.optimizer - before.optimizer;
    out.phases.maskUpdate = after.maskUpdate - before.maskUpdate;
    out.stepUs = out.phases.total() / double(std::max(1LL, out.phases.steps)) * 1e6;
    out.stepsPerSecond = double(steps) / secondsSince(start);
    out.stepsPerCpuSecond = double(steps) / std::max(1e-9, cpuSeconds() - cpuStart);

    Activations one = t.data().train.x.leftCols(1);
    t.model().forward(one);
    long long calls = 0;
    const auto inferStart = Clock::now();
    const double inferCpuStart = cpuSeconds();
    do {
        for (int i = 0; i < 50; ++i) t.model().forward(one);
        calls += 50;
    } while (secondsSince(inferStart) < std::min(0.5, o.seconds / 2));
    out.inferUs = secondsSince(inferStart) / double(calls) * 1e6;
    out.inferCpuUs = (cpuSeconds() - inferCpuStart) / double(calls) * 1e6;
    return out;
}

// Microseconds per step of each phase.
nlohmann::json phasesJson(const StepTimes& t) {
    const double per = 1e6 / double(std::max(1LL, t.steps));
    return {{"batch_us", t.batch * per},
            {"forward_us", t.forward * per},
            {"backward_us", t.backward * per},
            {"optimizer_us", t.optimizer * per},
            {"mask_update_us", t.maskUpdate * per},
            {"step_us", t.total() * per}};
}

}  // namespace

nlohmann::json compareBackends(const CompareOptions& o) {
    nlohmann::json rows = nlohmann::json::array();
    std::vector<double> ratio;
    for (double s : o.sparsities) {
        const RunConfig dc = benchConfig(o, s, "dense"), sc = benchConfig(o, s, "sparse");
        Trainer dense(dc, randomData(o.batch)), sparse(sc, randomData(o.batch));
        dense.run(dc.sparsity.deltaT);  // warm-up: page faults, thread start, first update
        sparse.run(sc.sparsity.deltaT);
        Timing bestDense, bestSparse;
        for (int r = 0; r < o.rounds; ++r) {
            const Timing d = timeTrainer(dense, o), sp = timeTrainer(sparse, o);
            // The round with the fastest step timer keeps its phase breakdown.
            if (r == 0 || d.stepUs < bestDense.stepUs) {
                bestDense.stepUs = d.stepUs;
                bestDense.phases = d.phases;
            }
            if (r == 0 || sp.stepUs < bestSparse.stepUs) {
                bestSparse.stepUs = sp.stepUs;
                bestSparse.phases = sp.phases;
            }
            bestDense.stepsPerSecond = std::max(bestDense.stepsPerSecond, d.stepsPerSecond);
            bestSparse.stepsPerSecond = std::max(bestSparse.stepsPerSecond, sp.stepsPerSecond);
            bestDense.stepsPerCpuSecond =
                std::max(bestDense.stepsPerCpuSecond, d.stepsPerCpuSecond);
            bestSparse.stepsPerCpuSecond =
                std::max(bestSparse.stepsPerCpuSecond, sp.stepsPerCpuSecond);
            bestDense.inferCpuUs =
                r == 0 ? d.inferCpuUs : std::min(bestDense.inferCpuUs, d.inferCpuUs);
            bestSparse.inferCpuUs =
                r == 0 ? sp.inferCpuUs : std::min(bestSparse.inferCpuUs, sp.inferCpuUs);
            bestDense.inferUs = r == 0 ? d.inferUs : std::min(bestDense.inferUs, d.inferUs);
            bestSparse.inferUs = r == 0 ? sp.inferUs : std::min(bestSparse.inferUs, sp.inferUs);
        }
        // The break-even uses CPU time: robust to the machine's other load (see above).
        ratio.push_back(bestSparse.stepsPerCpuSecond / bestDense.stepsPerCpuSecond);
        rows.push_back({{"sparsity", s},
                        {"dense_steps_per_second", bestDense.stepsPerSecond},
                        {"sparse_steps_per_second", bestSparse.stepsPerSecond},
                        {"speedup", bestSparse.stepsPerSecond / bestDense.stepsPerSecond},
                        {"infer_batch1_dense_us", bestDense.inferUs},
                        {"infer_batch1_sparse_us", bestSparse.inferUs},
                        {"infer_speedup", bestDense.inferUs / bestSparse.inferUs},
                        {"dense_steps_per_cpu_second", bestDense.stepsPerCpuSecond},
                        {"sparse_steps_per_cpu_second", bestSparse.stepsPerCpuSecond},
                        {"cpu_speedup", bestSparse.stepsPerCpuSecond / bestDense.stepsPerCpuSecond},
                        {"infer_batch1_dense_cpu_us", bestDense.inferCpuUs},
                        {"infer_batch1_sparse_cpu_us", bestSparse.inferCpuUs},
                        {"dense_step_us", bestDense.stepUs},
                        {"sparse_step_us", bestSparse.stepUs},
                        {"step_timer_speedup", bestDense.stepUs / bestSparse.stepUs},
                        {"dense_phases", phasesJson(bestDense.phases)},
                        {"sparse_phases", phasesJson(bestSparse.phases)}});
    }
    // Where sparse training overtakes dense, interpolated between the measured sparsities.
    nlohmann::json breakEven = nullptr;
    for (std::size_t i = 0; i < ratio.size(); ++i) {
        if (ratio[i] < 1.0) continue;
        if (i == 0) {
            breakEven = "at or below " + std::to_string(o.sparsities[0]);
        } else {
            const double a = o.sparsities[i - 1], b = o.sparsities[i];
            const double ra = ratio[i - 1], rb = ratio[i];
            breakEven = a + (b - a) * (1.0 - ra) / (rb - ra);
        }
        break;
    }
    std::vector<int> layers{784};
    layers.insert(layers.end(), o.hidden.begin(), o.hidden.end());
    layers.push_back(10);
    return {{"layers", layers},
            {"batch", o.batch},
            {"method", "rigl, delta_t 100, uniform; sgd momentum 0.9"},
            {"sparse_kernel_isa", sparseKernelIsa()},
            {"sparse_threads", sparseThreads()},
            {"auto_break_even_setting", kSparseBreakEven},
            {"break_even_sparsity", breakEven},
            {"backends", rows}};
}

TrainTestSplit randomBenchData(int count) {
    TrainTestSplit data;
    Rng rng(7);
    data.train.x.resize(784, count);
    for (Eigen::Index i = 0; i < data.train.x.size(); ++i) data.train.x.data()[i] = rng.uniform();
    data.train.labels.resize(static_cast<std::size_t>(count));
    for (auto& label : data.train.labels) label = static_cast<std::int32_t>(rng.below(10));
    data.train.numClasses = 10;
    data.test.x = data.train.x.leftCols(1);
    data.test.labels = {data.train.labels[0]};
    data.test.numClasses = 10;
    return data;
}

}  // namespace sl::cli
