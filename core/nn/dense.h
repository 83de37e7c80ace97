#pragma once

#include "nn/prunable_layer.h"
#include "util/rng.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace sl {

class SparseWeights;

// Fully connected layer y = (W ⊙ M) x + b. Methods that keep no latent weight hold pruned
// entries of W at exactly zero, so the forward pass multiplies by W alone.
class Dense : public PrunableLayer {
public:
    Dense(int in, int out);
    ~Dense() override;
    // Copies own their sparse backend (the mixture of experts keeps Dense experts by value).
    Dense(const Dense& other);
    Dense& operator=(const Dense& other);
    Dense(Dense&&) noexcept;
    Dense& operator=(Dense&&) noexcept;

    std::string kind() const override { return "dense"; }
    int outputSize(int) const override { return units(); }
    void forward(const Activations& x, Activations& y) override;
    void backward(const Activations& x, const Activations& y, const Activations& dy,
                  Activations* dx) override;
    std::vector<Param> params() override;

    // He: N(0, 2/in), for ReLU. Glorot: U(±sqrt(6/(in+out))), for tanh and sigmoid. Bias 0.
    void initialize(Init init, Rng& rng);

    int inputs() const { return fanIn(); }
    int outputs() const { return units(); }

    // A layer on the sparse backend from birth, without a dense view (for layers above
    // kDenseViewLimit weights): nothing of rows × cols is ever allocated. It has no active
    // weight until setSparseStructure(); initialize() only records how values are drawn.
    static std::unique_ptr<Dense> sparseOnly(int in, int out);
    // Installs the active positions (CSR, ascending columns per row) of a layer without a
    // dense view and draws their values in row-major order by the recorded init, as
    // initialize() would have drawn them for a dense layer; biases are 0.
    void setSparseStructure(std::vector<std::int32_t> rowPtr, std::vector<std::int32_t> colIdx,
                            Rng& rng);

    // Storage backend. useSparseBackend() makes the CSR of weight ⊙ mask the truth (see
    // sparse_dense.h): params() then gives the active values as an (nnz, 1) weight, and
    // `weight` is a view that syncDenseViews() fills on demand. Not with latent weights or
    // weight transforms, which need the dense matrix. useDenseBackend() goes back.
    void useSparseBackend();
    void useDenseBackend();
    SparseWeights* sparse() { return m_sparse.get(); }
    const SparseWeights* sparse() const { return m_sparse.get(); }

protected:
    bool canHoldLatent() const override { return !m_sparse; }

private:
    struct SparseOnlyTag {};
    Dense(int in, int out, SparseOnlyTag);

    std::unique_ptr<SparseWeights> m_sparse;
    Init m_init = Init::He;
};

}  // namespace sl
