#include "io/json_config.h"

#include "io/atomic_file.h"
#include "io/json_text.h"
#include "io/regular_file.h"
#include "util/error.h"

namespace sl {

nlohmann::json readJsonFile(const std::string& path) {
    const std::string text = readRegularFileOr<ConfigError>(path, "a JSON config file");
    return parseJsonText(text, path);
}

RunConfig loadRunConfig(const std::string& path, const std::vector<std::string>& sets) {
    nlohmann::json json = path.empty() ? nlohmann::json::object() : readJsonFile(path);
    const std::string shown = path.empty() ? std::string("config") : path;
    // `--set` and the field table walk objects: anything else at the top is not a config.
    if (!json.is_object())
        throw ConfigError(shown + ": the top level is " + describeJson(json) +
                          " — expected a JSON object, e.g. {\"train\": {\"epochs\": 5}}");
    // A lesson file is a run config with one more object, its steps (train/lesson.h): any
    // lesson runs as a plain config.
    json.erase("lesson");
    for (const auto& set : sets) applySet(json, set);
    try {
        return fromJson(json);
    } catch (const ConfigError& e) {
        throw ConfigError(shown + ": " + e.what());
    }
}

void writeJsonFile(const std::string& path, const nlohmann::json& json) {
    writeFileAtomically(path, json.dump(2) + "\n");
}

}  // namespace sl
