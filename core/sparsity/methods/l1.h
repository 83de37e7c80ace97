#pragma once

#include "sparsity/method.h"

namespace sl {

// `l1`: loss + lambda * |W|_1, with an optional proximal soft-threshold step; sparsity emerges.
// TODO(issue 6): not built yet.
class L1Regularization : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "l1"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    double targetSparsityAt(long long) const override { return m_settings.target; }
};

} // namespace sl
