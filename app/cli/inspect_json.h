#pragma once

#include "io/checkpoint.h"

#include <nlohmann/json.hpp>

namespace sl::cli {

// Everything `inspect` tells about a checkpoint, as one JSON object: the run, its progress,
// what was tuned as configured (ΔT, α and its decay, t_end, the sparsity and learning-rate
// schedules) apart from where those schedules stood at the stored step, the last metrics, the
// per-layer table, and the whole config (which `train --config` reads back). `inspect` prints
// its text from the same object, so the two never disagree.
nlohmann::json inspectJson(const Checkpoint& checkpoint);

}  // namespace sl::cli
