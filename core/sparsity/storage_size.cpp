#include "sparsity/storage_size.h"

#include "nn/sparse_dense.h"

namespace sl {
namespace {

constexpr long long kFp32 = 4;
constexpr long long kInt8 = 1;
constexpr long long kIndex = 4;  // int32 column indices and row pointers

}  // namespace

StorageBytes storageBytes(const std::vector<PrunableLayer*>& layers, const FakeQuantizer& quant) {
    StorageBytes total;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const PrunableLayer& layer = *layers[l];
        // The layer's own shape: a born-sparse layer has no dense weight or mask (0 × 0).
        const long long rows = layer.units();
        const long long weights = layer.weightCount();
        // The mask, not the values, says what a sparse format stores: an active weight that
        // happens to be 0 still has its slot. A layer without a dense view: its CSR's count.
        const long long nnz = layer.hasDenseView()
                                  ? static_cast<long long>((layer.mask.array() != 0.0f).count())
                                  : activeWeights(const_cast<PrunableLayer&>(layer));
        const long long biases = kFp32 * static_cast<long long>(layer.bias.size());
        const long long structure = kIndex * nnz + kIndex * (rows + 1);

        const long long csrFp32 = kFp32 * nnz + structure + biases;
        total.denseFp32 += kFp32 * weights + biases;
        total.csrFp32 += csrFp32;
        total.csrInt8 += quant.quantizes(l, layers.size())
                             ? kInt8 * nnz + structure + kFp32 * quant.scaleCount(rows) + biases
                             : csrFp32;
    }
    return total;
}

}  // namespace sl
