#pragma once

#include "sparsity/method.h"

namespace sl {

// `nm`: N:M semi-structured sparsity: in every group of m consecutive input weights keep the n largest; one-shot or gradual.
// TODO(issue 6): not built yet.
class NmPruning : public SparsityMethod {
public:
    using SparsityMethod::SparsityMethod;
    std::string name() const override { return "nm"; }
    std::vector<MaskUpdateEvent> begin(SparsityContext& context) override;
    double targetSparsityAt(long long) const override { return m_settings.target; }
};

} // namespace sl
