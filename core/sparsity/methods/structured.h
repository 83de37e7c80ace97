#pragma once

#include "sparsity/method.h"

namespace sl {

// `structured`: whole neurons (rows of a Dense weight) or filters (rows of a Conv2d kernel) by L2/L1 norm, one-shot or on the gradual schedule.
// TODO(issue 6): not built yet.
class StructuredPruning : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "structured"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    double targetSparsityAt(long long) const override { return m_settings.target; }
};

} // namespace sl
