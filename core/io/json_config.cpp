#include "io/json_config.h"

#include "io/atomic_file.h"
#include "util/error.h"

#include <fstream>
#include <algorithm>
#include <sstream>

namespace sl {

nlohmann::json readJsonFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path + ": cannot open the config file");
    std::stringstream text;
    text << in.rdbuf();
    try {
        return nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann reports a byte offset; people look for a line.
        const std::string s = text.str();
        const auto offset = std::min<std::size_t>(e.byte, s.size());
        const auto line = 1 + std::count(s.begin(), s.begin() + static_cast<long>(offset), '\n');
        throw ConfigError(path + ":" + std::to_string(line) + ": not valid JSON (" + e.what() + ")");
    }
}

RunConfig loadRunConfig(const std::string& path, const std::vector<std::string>& sets) {
    nlohmann::json json = path.empty() ? nlohmann::json::object() : readJsonFile(path);
    for (const auto& set : sets) applySet(json, set);
    try {
        return fromJson(json);
    } catch (const ConfigError& e) {
        throw ConfigError((path.empty() ? std::string("config") : path) + ": " + e.what());
    }
}

void writeJsonFile(const std::string& path, const nlohmann::json& json) {
    writeFileAtomically(path, json.dump(2) + "\n");
}

} // namespace sl
