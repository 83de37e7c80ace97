#include "optim/gradient_filter.h"

#include "util/error.h"

namespace sl {

GradientFilter::GradientFilter(GradientSettings settings) : m_settings(std::move(settings)) {}

bool GradientFilter::enabled() const {
    return m_settings.clipNorm > 0.0f || m_settings.clipValue > 0.0f ||
           m_settings.compression != "none";
}

// TODO(issue 7): clipping and sparsification.
void GradientFilter::beforeOptimizerStep(std::vector<Param>&, double) {
    if (enabled()) throw ConfigError("gradient: clipping and compression are not built yet");
}

void GradientFilter::afterOptimizerStep(std::vector<Param>&) {}

} // namespace sl
