#pragma once

#include "sparsity/method.h"

namespace sl {

// `dense`: no sparsity at all; the reference every sparse method is compared with.
class DenseMethod : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "dense"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext&) override { return {}; }
    double targetSparsityAt(long long) const override { return 0.0; }
};

}  // namespace sl
