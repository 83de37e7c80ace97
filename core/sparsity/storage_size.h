#pragma once

#include "nn/prunable_layer.h"
#include "sparsity/fake_quant.h"

#include <vector>

namespace sl {

// What the prunable layers would take on disk or in memory, in bytes, three ways: every
// weight as fp32; the active weights in CSR with fp32 values; the active weights in CSR with
// int8 values and their scales (layers the quantizer keeps in float count as fp32 there).
// Biases count as fp32 in all three.
//
// Per layer of `rows` output units (a Conv2d filter is a row), nnz active weights (mask != 0)
// and b biases:
//   dense fp32  4·(rows·cols) + 4·b
//   CSR fp32    4·nnz values + 4·nnz column indices + 4·(rows + 1) row pointers + 4·b
//   CSR int8    1·nnz values + 4·nnz column indices + 4·(rows + 1) row pointers
//               + 4·scales (fp32; 1 per layer, or 1 per row per-channel) + 4·b
// Column indices and row pointers are int32, as in the usual CSR kernels (cuSPARSE's and
// MKL's default index type, scipy's for these sizes): enough for any layer here, and the
// honest baseline — 16-bit or delta-coded indices would shrink both CSR figures, which is
// why CSR int8 is only ~1.6x smaller than CSR fp32 and not 4x. With quant.mode none, or for
// the float_ends layers, the CSR int8 figure counts that layer as CSR fp32.
struct StorageBytes {
    long long denseFp32 = 0;
    long long csrFp32 = 0;
    long long csrInt8 = 0;
};

StorageBytes storageBytes(const std::vector<PrunableLayer*>& layers, const FakeQuantizer& quant);

}  // namespace sl
