#include "sparsity/method.h"

#include "util/error.h"

#include <algorithm>

namespace sl {

SparsitySchedule SparsityMethod::scheduleFor(long long totalSteps) const {
    // A name the config table does not list must not fall through to some curve (it used to
    // mean "cubic"): settings built in code skip fromJson(), so check here too.
    const auto names = sparsityScheduleNames();
    if (std::find(names.begin(), names.end(), m_settings.schedule) == names.end())
        throw ConfigError("sparsity.schedule: got '" + m_settings.schedule +
                          "' — expected one of constant, one-shot, linear, cubic");
    SparsitySchedule s;
    s.kind = m_settings.schedule;
    s.initial = m_settings.initial;
    s.target = m_settings.target;
    s.startStep = m_settings.startStep;
    s.endStep = std::max(s.startStep + 1, resolvedEnd(m_settings.endStep, totalSteps));
    s.deltaT = std::max(1, m_settings.deltaT);
    return s;
}

}  // namespace sl
