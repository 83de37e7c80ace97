#include "nn/lane_slices.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define SL_AVX512 __attribute__((target("avx512f")))
#define SL_HAVE_AVX512 1
#else
#define SL_HAVE_AVX512 0
#endif

namespace sl {

bool hasAvx512() {
#if SL_HAVE_AVX512
    static const bool yes = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") != 0;
    }();
    return yes;
#else
    return false;
#endif
}

namespace {

int ceilDiv(int a, int b) { return (a + b - 1) / b; }

// Rows by falling active-weight count, ties by index; padded with -1 to whole slices.
std::vector<std::int32_t> rowsByLength(const CsrMatrix& w) {
    std::vector<std::int32_t> order(static_cast<std::size_t>(w.rows));
    for (int r = 0; r < w.rows; ++r) order[static_cast<std::size_t>(r)] = r;
    const auto length = [&](std::int32_t r) {
        return w.rowPtr[static_cast<std::size_t>(r) + 1] - w.rowPtr[static_cast<std::size_t>(r)];
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::int32_t a, std::int32_t b) { return length(a) > length(b); });
    order.resize(static_cast<std::size_t>(ceilDiv(w.rows, LaneSlices::kRows)) * LaneSlices::kRows,
                 -1);
    return order;
}

// Per chunk of slice s: the most active weights any of its rows has in that chunk (the
// chunk's vector count). counts has `chunks` entries, set here.
void sliceCounts(const CsrMatrix& w, const std::vector<std::int32_t>& order, int s,
                 std::vector<std::int32_t>& counts) {
    std::fill(counts.begin(), counts.end(), 0);
    for (int lane = 0; lane < LaneSlices::kRows; ++lane) {
        const std::int32_t r = order[static_cast<std::size_t>(s) * LaneSlices::kRows + lane];
        if (r < 0) break;
        std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)];
        const std::int32_t end = w.rowPtr[static_cast<std::size_t>(r) + 1];
        while (k < end) {
            const int chunk = w.colIdx[static_cast<std::size_t>(k)] / LaneSlices::kCols;
            std::int32_t n = 0;
            while (k < end && w.colIdx[static_cast<std::size_t>(k)] / LaneSlices::kCols == chunk) {
                ++k;
                ++n;
            }
            counts[static_cast<std::size_t>(chunk)] =
                std::max(counts[static_cast<std::size_t>(chunk)], n);
        }
    }
}

// Total vectors of w's layout, stopping early (returning more than `limit`) once over it.
long long countVectors(const CsrMatrix& w, const std::vector<std::int32_t>& order, int chunks,
                       long long limit) {
    std::vector<std::int32_t> counts(static_cast<std::size_t>(chunks));
    long long total = 0;
    const int slices = ceilDiv(w.rows, LaneSlices::kRows);
    for (int s = 0; s < slices && total <= limit; ++s) {
        sliceCounts(w, order, s, counts);
        for (std::int32_t n : counts) total += n;
    }
    return total;
}

}  // namespace

std::optional<LaneSlices> LaneSlices::of(const CsrMatrix& w) {
    if (!hasAvx512() || w.nnz() == 0) return std::nullopt;
    const long long slices = ceilDiv(w.rows, kRows);
    const long long chunks = ceilDiv(w.cols, kCols);
    const long long maxSlots = kMaxSlotsPerWeight * w.nnz();
    // Counting walks every (slice, chunk) pair: not for a matrix with far more pairs than
    // weights (the giant model's 100000² layers: 20 M pairs for 5 M weights), whose vectors
    // would be nearly empty anyway.
    if (chunks > 65536 || slices * chunks > maxSlots) return std::nullopt;
    const std::vector<std::int32_t> order = rowsByLength(w);
    if (countVectors(w, order, static_cast<int>(chunks), maxSlots / kRows) * kRows > maxSlots)
        return std::nullopt;
    return build(w);
}

LaneSlices LaneSlices::build(const CsrMatrix& w) {
    LaneSlices out;
    out.rows = w.rows;
    out.cols = w.cols;
    out.chunks = ceilDiv(w.cols, kCols);
    if (out.chunks > 65536)
        throw ShapeError("batch-1 layout: " + std::to_string(w.cols) +
                         " columns — expected at most " + std::to_string(65536 * kCols));
    const int slices = ceilDiv(w.rows, kRows);
    out.rowOrder = rowsByLength(w);
    out.sliceStart.assign(static_cast<std::size_t>(slices) + 1, 0);
    // Each slice's vectors, chunk by chunk: where chunk c's first vector goes (blockStart).
    std::vector<std::int32_t> counts(static_cast<std::size_t>(out.chunks));
    std::vector<std::int32_t> blockStart(static_cast<std::size_t>(out.chunks));
    const float* vals = w.values.data();
    long long total = 0;
    for (int s = 0; s < slices; ++s) {
        sliceCounts(w, out.rowOrder, s, counts);
        out.sliceStart[static_cast<std::size_t>(s)] = static_cast<std::int32_t>(total);
        for (int c = 0; c < out.chunks; ++c) {
            blockStart[static_cast<std::size_t>(c)] = static_cast<std::int32_t>(total);
            total += counts[static_cast<std::size_t>(c)];
        }
        if (total > std::numeric_limits<std::int32_t>::max() / kRows)
            throw ShapeError("batch-1 layout: " + std::to_string(w.rows) + " × " +
                             std::to_string(w.cols) + " weight needs too many vectors");
        const auto used = static_cast<std::size_t>(total);
        out.chunkOf.resize(used);
        out.values.resize(used * kRows, 0.0f);
        out.offset.resize(used * kRows, 0);
        for (int c = 0; c < out.chunks; ++c)
            for (std::int32_t i = 0; i < counts[static_cast<std::size_t>(c)]; ++i)
                out.chunkOf[static_cast<std::size_t>(blockStart[static_cast<std::size_t>(c)] + i)] =
                    static_cast<std::uint16_t>(c);
        for (int lane = 0; lane < kRows; ++lane) {
            const std::int32_t r = out.rowOrder[static_cast<std::size_t>(s) * kRows + lane];
            if (r < 0) break;
            std::int32_t k = w.rowPtr[static_cast<std::size_t>(r)];
            const std::int32_t end = w.rowPtr[static_cast<std::size_t>(r) + 1];
            while (k < end) {
                const int chunk = w.colIdx[static_cast<std::size_t>(k)] / kCols;
                auto slot =
                    static_cast<std::size_t>(blockStart[static_cast<std::size_t>(chunk)]) * kRows +
                    static_cast<std::size_t>(lane);
                for (; k < end && w.colIdx[static_cast<std::size_t>(k)] / kCols == chunk; ++k) {
                    out.values[slot] = vals[k];
                    out.offset[slot] = static_cast<std::uint8_t>(
                        w.colIdx[static_cast<std::size_t>(k)] - chunk * kCols);
                    slot += kRows;
                }
            }
        }
    }
    out.sliceStart[static_cast<std::size_t>(slices)] = static_cast<std::int32_t>(total);
    return out;
}

namespace {

// x (cols) with zeros up to whole chunks, so that every chunk is two full loads.
const float* paddedInput(const LaneSlices& m, const float* x) {
    thread_local std::vector<float> padded;
    const auto n = static_cast<std::size_t>(m.chunks) * LaneSlices::kCols;
    if (padded.size() < n) padded.resize(n);
    std::copy(x, x + m.cols, padded.begin());
    std::fill(padded.begin() + m.cols, padded.begin() + static_cast<std::ptrdiff_t>(n), 0.0f);
    return padded.data();
}

}  // namespace

void LaneSlices::multiplyPortable(const float* bias, const float* x, float* y) const {
    const float* px = paddedInput(*this, x);
    const int slices = ceilDiv(rows, kRows);
    for (int s = 0; s < slices; ++s) {
        float acc[4][kRows] = {};
        const std::int32_t v0 = sliceStart[static_cast<std::size_t>(s)];
        const std::int32_t v1 = sliceStart[static_cast<std::size_t>(s) + 1];
        for (std::int32_t v = v0; v < v1; ++v) {
            const float* chunk = px + std::ptrdiff_t{chunkOf[static_cast<std::size_t>(v)]} * kCols;
            for (int lane = 0; lane < kRows; ++lane) {
                const auto slot = static_cast<std::size_t>(v) * kRows + lane;
                float& a = acc[(v - v0) % 4][lane];
                a = std::fma(values[slot], chunk[offset[slot]], a);
            }
        }
        for (int lane = 0; lane < kRows; ++lane) {
            const std::int32_t r = rowOrder[static_cast<std::size_t>(s) * kRows + lane];
            if (r < 0) break;
            y[r] = (bias ? bias[r] : 0.0f) +
                   ((acc[0][lane] + acc[1][lane]) + (acc[2][lane] + acc[3][lane]));
        }
    }
}

#if SL_HAVE_AVX512
namespace {

// acc + the values of vector v × the inputs its offsets pick from its chunk of px.
SL_AVX512 inline __m512 addVector(const LaneSlices& m, const float* px, std::int32_t v,
                                  __m512 acc) {
    constexpr int kRows = LaneSlices::kRows, kCols = LaneSlices::kCols;
    const float* chunk = px + std::ptrdiff_t{m.chunkOf[static_cast<std::size_t>(v)]} * kCols;
    const __m512i idx = _mm512_cvtepu8_epi32(_mm_loadu_si128(
        reinterpret_cast<const __m128i*>(m.offset.data() + std::ptrdiff_t{v} * kRows)));
    const __m512 picked =
        _mm512_permutex2var_ps(_mm512_loadu_ps(chunk), idx, _mm512_loadu_ps(chunk + 16));
    return _mm512_fmadd_ps(_mm512_loadu_ps(m.values.data() + std::ptrdiff_t{v} * kRows), picked,
                           acc);
}

SL_AVX512 void multiplyAvx512(const LaneSlices& m, const float* bias, const float* x, float* y) {
    constexpr int kRows = LaneSlices::kRows;
    const float* px = paddedInput(m, x);
    const int slices = ceilDiv(m.rows, kRows);
    for (int s = 0; s < slices; ++s) {
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        std::int32_t v = m.sliceStart[static_cast<std::size_t>(s)];
        const std::int32_t v1 = m.sliceStart[static_cast<std::size_t>(s) + 1];
        for (; v + 4 <= v1; v += 4) {
            a0 = addVector(m, px, v, a0);
            a1 = addVector(m, px, v + 1, a1);
            a2 = addVector(m, px, v + 2, a2);
            a3 = addVector(m, px, v + 3, a3);
        }
        if (v < v1) a0 = addVector(m, px, v, a0);
        if (v + 1 < v1) a1 = addVector(m, px, v + 1, a1);
        if (v + 2 < v1) a2 = addVector(m, px, v + 2, a2);
        alignas(64) float sum[kRows];
        _mm512_store_ps(sum, _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
        const std::int32_t* order = m.rowOrder.data() + static_cast<std::ptrdiff_t>(s) * kRows;
        for (int lane = 0; lane < kRows && order[lane] >= 0; ++lane)
            y[order[lane]] = (bias ? bias[order[lane]] : 0.0f) + sum[lane];
    }
}

}  // namespace
#endif

void LaneSlices::multiply(const float* bias, const float* x, float* y) const {
#if SL_HAVE_AVX512
    if (hasAvx512()) {
        multiplyAvx512(*this, bias, x, y);
        return;
    }
#endif
    multiplyPortable(bias, x, y);
}

}  // namespace sl
