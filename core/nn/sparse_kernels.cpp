#include "nn/sparse_kernels.h"

#include "nn/lane_slices.h"
#include "nn/sparse_simd.h"

#include "util/error.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// The build has no -march, so plain loops would compile for SSE2 only. target_clones builds
// each hot loop twice (x86-64-v3: AVX2 + FMA, and the portable default) and picks one when the
// program loads. Not "arch=haswell": that clone is chosen only on an Intel Haswell-family
// CPU, so this AMD EPYC machine ran the SSE2 clone (seen in perf annotate: mulps/addps).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define SL_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SL_CLONES
#endif

namespace sl {
namespace {

int g_threads = 0;  // 0: not set yet
bool g_columnInference = true;
bool g_laneSliceInference = true;
bool g_batchMajorHandoff = true;

// Below this many multiply-adds a call stays on one thread: waking a second costs more.
// Measured on this 2-vCPU machine (bench --compare-backends, 2 threads, same process as the
// dense baseline): with 2^15 the reference MLP's sparse step at 98 % took 279–378 µs against
// 194 µs on one thread, and at 90 % 526–806 against 569–599. At 2^22 (about 250 µs of work)
// it took 194–197 and 587–591; the 4096-wide variant (tens of millions per call) still gains
// from the second thread (98 %: 15.2 ms a step on one thread, 9.9 on two).
constexpr long long kParallelWork = 1 << 22;

// Eight partial sums, combined in a fixed order: the loop vectorizes without -ffast-math and
// the result does not depend on the instruction set's width beyond the FMA contraction.
inline float dot(const float* a, const float* b, int n) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) acc[j] += a[i + j] * b[i + j];
    float tail = 0.0f;
    for (; i < n; ++i) tail += a[i] * b[i];
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail;
}

SL_CLONES void multiplyRows(const CsrMatrix& w, const float* bias, const float* xt, float* yt,
                            int batch, int r0, int r1) {
    const float* vals = w.values.data();
    for (int r = r0; r < r1; ++r) {
        float* y = yt + static_cast<std::ptrdiff_t>(r) * batch;
        const float b = bias ? bias[r] : 0.0f;
        const std::int32_t end = w.rowPtr[static_cast<std::size_t>(r) + 1];
        if (batch == 1) {
            // One example: a gather dot product; the axpy form would loop over length 1.
            // Four independent sums: one chain would wait on each add's latency (measured
            // 4x slower at 90% on the reference MLP).
            const std::int32_t* col = w.colIdx.data();
            float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
            std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)];
            for (; k + 4 <= end; k += 4) {
                s0 += vals[k] * xt[col[k]];
                s1 += vals[k + 1] * xt[col[k + 1]];
                s2 += vals[k + 2] * xt[col[k + 2]];
                s3 += vals[k + 3] * xt[col[k + 3]];
            }
            for (; k < end; ++k) s0 += vals[k] * xt[col[k]];
            y[0] = b + ((s0 + s1) + (s2 + s3));
            continue;
        }
        for (int j = 0; j < batch; ++j) y[j] = b;
        for (std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)]; k < end; ++k) {
            const float v = vals[k];
            const float* x =
                xt + static_cast<std::ptrdiff_t>(w.colIdx[static_cast<std::size_t>(k)]) * batch;
            for (int j = 0; j < batch; ++j) y[j] += v * x[j];
        }
    }
}

SL_CLONES void gradientRows(const CsrMatrix& w, const float* dyt, const float* xt, float* grad,
                            int batch, int r0, int r1) {
    for (int r = r0; r < r1; ++r) {
        const float* dy = dyt + static_cast<std::ptrdiff_t>(r) * batch;
        const std::int32_t end = w.rowPtr[static_cast<std::size_t>(r) + 1];
        for (std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)]; k < end; ++k)
            grad[k] = dot(
                dy, xt + static_cast<std::ptrdiff_t>(w.colIdx[static_cast<std::size_t>(k)]) * batch,
                batch);
    }
}

SL_CLONES void transposeColumns(const CscIndex& t, const float* vals, const float* dyt, float* dxt,
                                int batch, int c0, int c1) {
    for (int c = c0; c < c1; ++c) {
        float* dx = dxt + static_cast<std::ptrdiff_t>(c) * batch;
        for (int j = 0; j < batch; ++j) dx[j] = 0.0f;
        const std::int32_t end = t.colPtr[static_cast<std::size_t>(c) + 1];
        for (std::int32_t k = t.colPtr[static_cast<std::size_t>(c)]; k < end; ++k) {
            const float v = vals[t.csrPos[static_cast<std::size_t>(k)]];
            const float* dy =
                dyt + static_cast<std::ptrdiff_t>(t.rowIdx[static_cast<std::size_t>(k)]) * batch;
            for (int j = 0; j < batch; ++j) dx[j] += v * dy[j];
        }
    }
}

SL_CLONES void scatterRows(const CsrMatrix& w, const float* dyt, float* dxt, int batch) {
    const float* vals = w.values.data();
    for (int r = 0; r < w.rows; ++r) {
        const float* dy = dyt + static_cast<std::ptrdiff_t>(r) * batch;
        for (std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)]; k < w.rowPtr[r + 1]; ++k) {
            const float v = vals[k];
            float* dx =
                dxt + static_cast<std::ptrdiff_t>(w.colIdx[static_cast<std::size_t>(k)]) * batch;
            for (int j = 0; j < batch; ++j) dx[j] += v * dy[j];
        }
    }
}

// Splits [0, n) into `parts` ranges of about equal work, by the prefix sums in ptr (rowPtr
// or colPtr), so that a thread's share follows the active weights, not the row count.
int splitPoint(const std::vector<std::int32_t>& ptr, int n, int part, int parts) {
    if (part <= 0) return 0;
    if (part >= parts) return n;
    const long long total = ptr[static_cast<std::size_t>(n)];
    const long long goal = total * part / parts;
    const auto it = std::lower_bound(ptr.begin(), ptr.begin() + n, goal);
    return static_cast<int>(it - ptr.begin());
}

// Helper threads that sleep between calls (futex wait after a short spin). OpenMP's default
// spin-wait was measured to collapse both backends on this shared 2-core machine: a waiting
// thread burns the core the other one needs. Part 0 of each job runs on the caller.
class KernelPool {
public:
    explicit KernelPool(int helpers) {
        for (int i = 0; i < helpers; ++i) m_helpers.emplace_back([this, i] { loop(i + 1); });
    }
    ~KernelPool() {
        m_stop = true;
        m_generation.fetch_add(1);
        m_generation.notify_all();
        for (auto& t : m_helpers) t.join();
    }
    int workers() const { return static_cast<int>(m_helpers.size()) + 1; }

    void run(int parts, const std::function<void(int, int)>& job) {
        std::lock_guard<std::mutex> lock(m_mutex);  // one job at a time
        m_job = &job;
        m_parts = parts;
        m_pending.store(static_cast<int>(m_helpers.size()));
        m_generation.fetch_add(1);
        m_generation.notify_all();
        job(0, parts);
        for (int p = m_pending.load(); p != 0; p = m_pending.load()) m_pending.wait(p);
    }

private:
    void loop(int part) {
        std::uint64_t seen = 0;
        for (;;) {
            m_generation.wait(seen);
            seen = m_generation.load();
            if (m_stop) return;
            if (part < m_parts) (*m_job)(part, m_parts);
            if (m_pending.fetch_sub(1) == 1) m_pending.notify_one();
        }
    }

    std::vector<std::thread> m_helpers;
    std::mutex m_mutex;
    std::atomic<std::uint64_t> m_generation{0};
    std::atomic<int> m_pending{0};
    const std::function<void(int, int)>* m_job = nullptr;
    int m_parts = 1;
    std::atomic<bool> m_stop{false};
};

KernelPool& pool(int threads) {
    static std::unique_ptr<KernelPool> instance;
    static std::mutex mutex;
    std::lock_guard<std::mutex> lock(mutex);
    if (!instance || instance->workers() != threads) {
        instance.reset();
        instance = std::make_unique<KernelPool>(threads - 1);
    }
    return *instance;
}

// Runs body(begin, end) over a split of [0, n), on one thread when the work is small.
template <class Body>
void parallelRanges(const std::vector<std::int32_t>& ptr, int n, long long work, Body body) {
    const int threads = work < kParallelWork ? 1 : sparseThreads();
    if (threads <= 1) {
        body(0, n);
        return;
    }
    const std::function<void(int, int)> job = [&](int part, int parts) {
        body(splitPoint(ptr, n, part, parts), splitPoint(ptr, n, part + 1, parts));
    };
    pool(threads).run(threads, job);
}

void checkRows(const char* what, const Tensor& t, Eigen::Index rows, Eigen::Index batch) {
    if (t.rows() != rows || t.cols() != batch)
        throw ShapeError(std::string(what) + ": got (" + std::to_string(t.rows()) + ", " +
                         std::to_string(t.cols()) + ") — expected (" + std::to_string(rows) + ", " +
                         std::to_string(batch) + ")");
}

}  // namespace

long long sparseParallelWork() { return kParallelWork; }

void setSparseThreads(int threads) { g_threads = std::clamp(threads, 1, 256); }

int sparseThreads() {
    if (g_threads == 0) {
        int n = static_cast<int>(std::thread::hardware_concurrency());
        if (const char* env = std::getenv("SPARSELAB_SPARSE_THREADS")) n = std::atoi(env);
        g_threads = std::clamp(n, 1, 256);
    }
    return g_threads;
}

std::string sparseKernelIsa() {
#if defined(__GNUC__) && defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return hasAvx512() ? "avx2+fma, batch-1 avx512f" : "avx2+fma";
#endif
    return "sse2";
}

void csrMultiply(const CsrMatrix& w, const float* bias, const Tensor& xt, Tensor& yt) {
    checkRows("sparse forward input", xt, w.cols, xt.cols());
    const int batch = static_cast<int>(xt.cols());
    yt.resize(w.rows, batch);
    csrMultiply(w, bias, xt.data(), batch, yt.data());
}

void csrMultiply(const CsrMatrix& w, const float* bias, const float* xt, int batch, float* yt) {
    const bool useSimd = simd::hasAvx2Fma();
    parallelRanges(w.rowPtr, w.rows, w.nnz() * batch, [&](int r0, int r1) {
        if (useSimd && batch == 1) simd::multiplyOne(w, bias, xt, yt, r0, r1);
        else if (useSimd) simd::multiplyRows(w, bias, xt, yt, batch, r0, r1);
        else multiplyRows(w, bias, xt, yt, batch, r0, r1);
    });
}

void csrMultiplyOne(const CsrMatrix& w, const float* bias, const float* x, float* y) {
    // Batch-1 inference: below the threshold one thread and no scratch, straight from the
    // caller's vectors (x is (cols), y is (rows)).
    if (w.nnz() < kParallelWork && simd::hasAvx2Fma()) {
        simd::multiplyOne(w, bias, x, y, 0, w.rows);
        return;
    }
    const Eigen::Map<const Tensor> xt(x, w.cols, 1);
    Tensor yt(w.rows, 1);
    csrMultiply(w, bias, xt, yt);
    std::copy(yt.data(), yt.data() + w.rows, y);
}

void cscMultiplyOne(const CscIndex& t, const float* columnValues, int rows, int cols,
                    const float* bias, const float* x, float* y) {
    if (bias) std::copy(bias, bias + rows, y);
    else std::fill(y, y + rows, 0.0f);
    const std::int32_t* rowIdx = t.rowIdx.data();
    for (int j = 0; j < cols; ++j) {
        const float xj = x[j];
        if (xj == 0.0f) continue;
        std::int32_t p = t.colPtr[static_cast<std::size_t>(j)];
        const std::int32_t end = t.colPtr[static_cast<std::size_t>(j) + 1];
        // The rows of one column are distinct: the four adds of a round never wait on each
        // other.
        for (; p + 4 <= end; p += 4) {
            y[rowIdx[p]] += xj * columnValues[p];
            y[rowIdx[p + 1]] += xj * columnValues[p + 1];
            y[rowIdx[p + 2]] += xj * columnValues[p + 2];
            y[rowIdx[p + 3]] += xj * columnValues[p + 3];
        }
        for (; p < end; ++p) y[rowIdx[p]] += xj * columnValues[p];
    }
}

void setColumnInference(bool on) { g_columnInference = on; }

void setLaneSliceInference(bool on) { g_laneSliceInference = on; }
bool laneSliceInference() { return g_laneSliceInference; }

void setBatchMajorHandoff(bool on) { g_batchMajorHandoff = on; }
bool batchMajorHandoff() { return g_batchMajorHandoff; }

bool columnsPay(const float* x, int cols, long long nnz) {
    if (!g_columnInference) return false;
    int nonZero = 0;
    for (int j = 0; j < cols; ++j) nonZero += x[j] != 0.0f;
    // A scattered add costs about what a gathered one does: on random (all non-zero) pixels
    // the two forms took 11.9 and 12.3 µs CPU for the reference MLP at 90 %, on a
    // Fashion-MNIST image (about half its pixels 0) 10.5 and 6.1 (tests/bench/batch1_forward).
    // The column form is taken once a fifth of the inputs are zero.
    return nonZero * 5 < cols * 4 && nnz > 0;
}

void toBatchMajor(const Activations& x, Tensor& xt) {
    xt.resize(x.rows(), x.cols());
    // x (features, batch) column-major is (batch, features) row-major in memory.
    if (simd::hasAvx2Fma())
        simd::transpose(x.data(), static_cast<int>(x.cols()), static_cast<int>(x.rows()),
                        xt.data());
    else xt = x;
}

void toFeatureMajor(const Tensor& yt, Activations& y) {
    y.resize(yt.rows(), yt.cols());
    if (simd::hasAvx2Fma())
        simd::transpose(yt.data(), static_cast<int>(yt.rows()), static_cast<int>(yt.cols()),
                        y.data());
    else y = yt;
}

void csrSampledGradient(const CsrMatrix& w, const Tensor& dyt, const Tensor& xt, float* grad) {
    checkRows("sparse gradient input", xt, w.cols, xt.cols());
    checkRows("sparse gradient output gradient", dyt, w.rows, xt.cols());
    csrSampledGradient(w, dyt.data(), xt.data(), static_cast<int>(xt.cols()), grad);
}

void csrSampledGradient(const CsrMatrix& w, const float* dyt, const float* xt, int batch,
                        float* grad) {
    const bool useSimd = simd::hasAvx2Fma();
    parallelRanges(w.rowPtr, w.rows, w.nnz() * batch, [&](int r0, int r1) {
        if (useSimd) simd::gradientRows(w, dyt, xt, grad, batch, r0, r1);
        else gradientRows(w, dyt, xt, grad, batch, r0, r1);
    });
}

void csrTransposeMultiply(const CsrMatrix& w, const CscIndex& t, const Tensor& dyt, Tensor& dxt) {
    if (t.colPtr.size() != static_cast<std::size_t>(w.cols) + 1 ||
        t.rowIdx.size() != w.colIdx.size())
        throw ShapeError("sparse backward: the transposed index does not match the weight");
    const int batch = static_cast<int>(dyt.cols());
    checkRows("sparse backward output gradient", dyt, w.rows, batch);
    dxt.resize(w.cols, batch);
    csrTransposeMultiply(w, t, dyt.data(), batch, dxt.data());
}

void csrTransposeMultiply(const CsrMatrix& w, const CscIndex& t, const float* dyt, int batch,
                          float* dxt) {
    if (t.colPtr.size() != static_cast<std::size_t>(w.cols) + 1 ||
        t.rowIdx.size() != w.colIdx.size())
        throw ShapeError("sparse backward: the transposed index does not match the weight");
    const bool useSimd = simd::hasAvx2Fma();
    parallelRanges(t.colPtr, w.cols, w.nnz() * batch, [&](int c0, int c1) {
        if (useSimd) simd::transposeColumns(t, w.values.data(), dyt, dxt, batch, c0, c1);
        else transposeColumns(t, w.values.data(), dyt, dxt, batch, c0, c1);
    });
}

void csrTransposeMultiplyScatter(const CsrMatrix& w, const Tensor& dyt, Tensor& dxt) {
    const int batch = static_cast<int>(dyt.cols());
    checkRows("sparse backward output gradient", dyt, w.rows, batch);
    dxt.setZero(w.cols, batch);
    scatterRows(w, dyt.data(), dxt.data(), batch);
}

}  // namespace sl
