#pragma once

#include "nn/tensor.h"
#include "util/rng.h"

#include <vector>

namespace sl {

// A lookup table: column n of the output is row ids[n] of the table. Token and position
// embeddings of the transformer (dense, never pruned).
class Embedding {
public:
    Embedding(int count, int width);

    // N(0, std²) entries, drawn in row-major order.
    void initialize(float std, Rng& rng);
    // out (width, ids.size()) = table rows; with accumulate, added to out as it is.
    void forward(const std::vector<int>& ids, Activations& out, bool accumulate) const;
    // Overwrites grad: row r gets the sum of dout's columns whose id is r.
    void backward(const std::vector<int>& ids, const Activations& dout);

    int count() const { return static_cast<int>(table.rows()); }
    int width() const { return static_cast<int>(table.cols()); }

    Tensor table;  // (count, width): a row is one entry, contiguous
    Tensor grad;   // like table
};

}  // namespace sl
