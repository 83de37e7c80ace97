#include "sparsity/method.h"

#include <algorithm>

namespace sl {

SparsitySchedule SparsityMethod::scheduleFor(long long totalSteps) const {
    SparsitySchedule s;
    s.kind = m_settings.schedule;
    s.initial = m_settings.initial;
    s.target = m_settings.target;
    s.startStep = m_settings.startStep;
    s.endStep = std::max(s.startStep + 1, resolvedEnd(m_settings.endStep, totalSteps));
    s.deltaT = std::max(1, m_settings.deltaT);
    return s;
}

} // namespace sl
