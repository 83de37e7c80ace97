#pragma once

#include "sparsity/method.h"

namespace sl {

// `static`: a random mask at the target sparsity, drawn once before training and never
// changed: the baseline that dynamic methods must beat (Evci et al. 2020, "Static").
class StaticMask : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "static"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    double targetSparsityAt(long long) const override { return m_settings.target; }
    bool runsOnSparseBackend() const override { return true; }
};

}  // namespace sl
