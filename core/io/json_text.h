#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace sl {

// Configs are a few levels deep; anything past this is a broken or hostile file. nlohmann's
// parser is iterative, but dumping, comparing and copying a tree recurse once per level, so
// a 100,000-level file must be refused while it is read, never built.
inline constexpr int kMaxJsonDepth = 64;

// Parses JSON text into a tree with bounds: nesting deeper than kMaxJsonDepth, a number
// beyond double's range (1e999) and a syntax error each throw ConfigError
// "<where>:<line>: <what>" naming the key path where it happened (e.g. "train.epochs"),
// with any echoed input clipped. `where` is a file name, "--set key" or "/config".
nlohmann::json parseJsonText(const std::string& text, const std::string& where);

// A short name of a JSON value's type for messages ("an array", "the number 5"), never a
// dump of a whole tree.
std::string describeJson(const nlohmann::json& value);

}  // namespace sl
