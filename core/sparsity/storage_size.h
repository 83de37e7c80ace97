#pragma once

#include "nn/prunable_layer.h"
#include "sparsity/fake_quant.h"

#include <vector>

namespace sl {

// What the prunable layers would take on disk or in memory, in bytes, three ways: every
// weight as fp32; the active weights in CSR with fp32 values; the active weights in CSR with
// int8 values and their scales (layers the quantizer keeps in float count as fp32 there).
// Biases count as fp32 in all three.
struct StorageBytes {
    long long denseFp32 = 0;
    long long csrFp32 = 0;
    long long csrInt8 = 0;
};

StorageBytes storageBytes(const std::vector<PrunableLayer*>& layers, const FakeQuantizer& quant);

} // namespace sl
