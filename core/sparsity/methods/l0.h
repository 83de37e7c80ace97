#pragma once

#include "sparsity/method.h"

namespace sl {

// `l0`: hard-concrete gates (Louizos et al. 2018) with an expected-L0 penalty; sparsity emerges.
// TODO(issue 6): not built yet.
class L0HardConcrete : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "l0"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    double targetSparsityAt(long long) const override { return m_settings.target; }
};

} // namespace sl
