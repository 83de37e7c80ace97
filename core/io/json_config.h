#pragma once

#include "train/run_config.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sl {

// Reads a JSON file; throws ConfigError naming the file, and the line and column of a syntax
// error, when it is missing or malformed.
nlohmann::json readJsonFile(const std::string& path);

// The config of a run: the defaults, overridden by the file (if any), then by each --set
// assignment in order. Every problem is reported at once (see fromJson).
RunConfig loadRunConfig(const std::string& path, const std::vector<std::string>& sets);

// Writes JSON atomically: to a file beside the target, then renamed over it.
void writeJsonFile(const std::string& path, const nlohmann::json& json);

}  // namespace sl
