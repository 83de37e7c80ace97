#pragma once

#include "nn/tensor.h"

namespace sl {

// GELU (Hendrycks & Gimpel 2016), the exact form x·Φ(x) with Φ the standard normal CDF, as
// the MLP of a transformer block uses it. Elementwise; shapes follow x.
void geluForward(const Activations& x, Activations& y);
// dx = dy ⊙ (Φ(x) + x·φ(x)).
void geluBackward(const Activations& x, const Activations& dy, Activations& dx);

}  // namespace sl
