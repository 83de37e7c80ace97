#include "train/lesson.h"

#include "io/json_config.h"
#include "io/json_text.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace sl {
namespace {

// Collects every problem of a file so that a teacher sees them all at once.
struct Problems {
    std::vector<std::string> lines;
    void add(const std::string& field, const std::string& what) {
        lines.push_back(field + ": " + what);
    }
};

bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& s : list) out += (out.empty() ? "" : ", ") + ("\"" + s + "\"");
    return out;
}

void refuseUnknownKeys(const nlohmann::json& object, const std::vector<std::string>& known,
                       const std::string& field, Problems& problems) {
    for (const auto& [key, value] : object.items())
        if (!contains(known, key))
            problems.add(field + "." + key, "unknown key — expected one of " + joined(known));
}

LessonText readText(const nlohmann::json& json, const std::string& field, Problems& problems) {
    LessonText text;
    if (!json.is_object()) {
        problems.add(field, "got " + describeJson(json) +
                                " — expected {\"en\": \"...\", \"zh_CN\": \"...\"}");
        return text;
    }
    for (const auto& [code, value] : json.items()) {
        if (!contains(lessonLanguages(), code)) {
            problems.add(field + "." + code,
                         "unknown language — expected one of " + joined(lessonLanguages()));
            continue;
        }
        if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
            problems.add(field + "." + code,
                         "got " + describeJson(value) + " — expected a non-empty string");
            continue;
        }
        const auto& s = value.get_ref<const std::string&>();
        if (s.size() > kMaxLessonTextBytes) {
            problems.add(field + "." + code,
                         "is " + std::to_string(s.size()) + " bytes — at most " +
                             std::to_string(kMaxLessonTextBytes) + " (a step is a short text)");
            continue;
        }
        text.byLanguage[code] = s;
    }
    if (!text.byLanguage.count("en") && !json.contains("en"))
        problems.add(field + ".en", "missing — every text needs English");
    return text;
}

// {"method": "sparsegpt", "sparsity": 0.7} (or "nm": "2:4"), optional "calibration".
void readPrune(const nlohmann::json& json, const std::string& field, LessonPause& pause,
               Problems& problems) {
    if (!json.is_object()) {
        problems.add(field, "got " + describeJson(json) +
                                " — expected {\"method\": ..., \"sparsity\": ...}");
        return;
    }
    refuseUnknownKeys(json, {"method", "sparsity", "nm", "calibration"}, field, problems);
    OneShotSettings& s = pause.prune;
    try {
        if (!json.contains("method") || !json["method"].is_string())
            throw ConfigError("prune method " +
                              (json.contains("method") ? describeJson(json["method"]) : "missing") +
                              " — expected magnitude, wanda or sparsegpt");
        s.method = oneShotMethodFromName(json["method"].get<std::string>());
        if (json.contains("nm")) {
            if (!json["nm"].is_string())
                throw ConfigError("nm " + describeJson(json["nm"]) + " — expected \"n:m\"");
            parseNm(json["nm"].get<std::string>(), s.nmN, s.nmM);
        } else if (json.contains("sparsity") && json["sparsity"].is_number()) {
            s.sparsity = json["sparsity"].get<double>();
        } else {
            throw ConfigError(
                "sparsity " +
                (json.contains("sparsity") ? describeJson(json["sparsity"]) : "missing") +
                " — expected a number in (0, 1) or \"nm\"");
        }
        if (json.contains("calibration")) {
            const auto& c = json["calibration"];
            if (!c.is_number_integer() || c.get<long long>() < 1 || c.get<long long>() > 1000000)
                throw ConfigError("calibration " + describeJson(c) +
                                  " — expected 1 to 1000000 examples");
            s.calibration = c.get<int>();
        }
        validate(s);
    } catch (const ConfigError& e) {
        problems.add(field, e.what());
    }
}

// {"rounds": 3, "prune_fraction": 0.5}, optional "rewind_step", "scope", "control".
void readLottery(const nlohmann::json& json, const std::string& field, LessonPause& pause,
                 Problems& problems) {
    if (!json.is_object()) {
        problems.add(field, "got " + describeJson(json) +
                                " — expected {\"rounds\": N, \"prune_fraction\": p}");
        return;
    }
    refuseUnknownKeys(json, {"rounds", "prune_fraction", "rewind_step", "scope", "control"}, field,
                      problems);
    LotterySettings& s = pause.lottery;
    try {
        const auto integer = [&json](const char* key, long long fallback) {
            if (!json.contains(key)) return fallback;
            if (!json[key].is_number_integer())
                throw ConfigError(std::string(key) + " " + describeJson(json[key]) +
                                  " — expected an integer");
            return json[key].get<long long>();
        };
        s.rounds = int(std::clamp(integer("rounds", s.rounds), -1LL, 1000LL));
        s.rewindStep = integer("rewind_step", 0);
        if (json.contains("prune_fraction")) {
            if (!json["prune_fraction"].is_number())
                throw ConfigError("prune_fraction " + describeJson(json["prune_fraction"]) +
                                  " — expected a number in (0, 1)");
            s.pruneFraction = json["prune_fraction"].get<double>();
        }
        for (const char* key : {"scope", "control"})
            if (json.contains(key) && !json[key].is_string())
                throw ConfigError(std::string(key) + " " + describeJson(json[key]) +
                                  " — expected a word");
        if (json.contains("scope")) s.scope = parseLotteryScope(json["scope"].get<std::string>());
        if (json.contains("control"))
            s.control = parseLotteryControl(json["control"].get<std::string>());
        // The run's length is known only on the run: the rewind step is checked there.
        validateLottery(s, std::max(s.rewindStep + 1, 1LL));
    } catch (const ConfigError& e) {
        problems.add(field, e.what());
    }
}

LessonPause readPause(const nlohmann::json& json, const std::string& field, Problems& problems) {
    static const std::vector<std::pair<std::string, PauseKind>> names = {
        {"none", PauseKind::None},
        {"mask_update", PauseKind::MaskUpdate},
        {"epoch_end", PauseKind::EpochEnd},
        {"end", PauseKind::End}};
    const std::string expected =
        "expected \"none\", \"mask_update\", \"epoch_end\", \"end\", {\"step\": N} with N >= 1, "
        "{\"prune\": {...}} or {\"lottery\": {...}}";
    LessonPause pause;
    if (json.is_string()) {
        for (const auto& [name, kind] : names)
            if (json.get_ref<const std::string&>() == name) {
                pause.kind = kind;
                return pause;
            }
    } else if (json.is_object() && json.size() == 1 && json.contains("step") &&
               json["step"].is_number_integer() && json["step"].get<long long>() >= 1) {
        pause.kind = PauseKind::Step;
        pause.step = json["step"].get<long long>();
        return pause;
    } else if (json.is_object() && json.size() == 1 && json.contains("prune")) {
        pause.kind = PauseKind::Prune;
        readPrune(json["prune"], field + ".prune", pause, problems);
        return pause;
    } else if (json.is_object() && json.size() == 1 && json.contains("lottery")) {
        pause.kind = PauseKind::Lottery;
        readLottery(json["lottery"], field + ".lottery", pause, problems);
        return pause;
    }
    problems.add(field, "got " + describeJson(json) + " — " + expected);
    return pause;
}

LessonStep readStep(const nlohmann::json& json, const std::string& field, Problems& problems) {
    LessonStep step;
    if (!json.is_object()) {
        problems.add(field, "got " + describeJson(json) + " — expected an object with \"text\"");
        return step;
    }
    refuseUnknownKeys(json, {"text", "view", "pause", "set", "keep"}, field, problems);
    if (json.contains("text")) step.text = readText(json["text"], field + ".text", problems);
    else problems.add(field + ".text", "missing — every step has a text");
    if (json.contains("view")) {
        const auto& view = json["view"];
        if (!view.is_string() || !contains(lessonViewNames(), view.get<std::string>()))
            problems.add(field + ".view", "got " + describeJson(view) + " — expected one of " +
                                              joined(lessonViewNames()));
        else step.view = view.get<std::string>();
    }
    if (json.contains("pause")) step.pause = readPause(json["pause"], field + ".pause", problems);
    if (json.contains("set")) {
        const auto& sets = json["set"];
        if (!sets.is_array() || sets.size() > 32)
            problems.add(field + ".set",
                         "got " + describeJson(sets) +
                             " — expected a list of at most 32 \"key=value\" strings");
        else
            for (std::size_t i = 0; i < sets.size(); ++i) {
                if (sets[i].is_string()) step.sets.push_back(sets[i].get<std::string>());
                else
                    problems.add(field + ".set[" + std::to_string(i) + "]",
                                 "got " + describeJson(sets[i]) + " — expected \"key=value\"");
            }
    }
    if (json.contains("keep")) {
        if (json["keep"].is_boolean()) step.keep = json["keep"].get<bool>();
        else
            problems.add(field + ".keep",
                         "got " + describeJson(json["keep"]) + " — expected true or false");
    }
    return step;
}

void readPace(const nlohmann::json& json, LessonPaceSettings& pace, Problems& problems) {
    if (!json.is_object()) {
        problems.add("lesson.pace", "got " + describeJson(json) + " — expected an object");
        return;
    }
    refuseUnknownKeys(json, {"steps_per_second", "hold_seconds", "hold_steps_per_second"},
                      "lesson.pace", problems);
    const auto number = [&](const char* key, double& into, double low, double high) {
        if (!json.contains(key)) return;
        const auto& v = json[key];
        if (!v.is_number() || v.get<double>() < low || v.get<double>() > high)
            problems.add(std::string("lesson.pace.") + key,
                         "got " + describeJson(v) + " — expected a number from " +
                             std::to_string(low) + " to " + std::to_string(high));
        else into = v.get<double>();
    };
    number("steps_per_second", pace.stepsPerSecond, 0.1, 100000.0);
    number("hold_seconds", pace.holdSeconds, 0.0, 60.0);
    number("hold_steps_per_second", pace.holdStepsPerSecond, 0.1, 100000.0);
}

// The file name without its folders and extension: the title of a lesson without one.
std::string stem(const std::string& path) {
    const auto slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace

const std::string& LessonText::in(const std::string& language) const {
    static const std::string empty;
    if (const auto it = byLanguage.find(language); it != byLanguage.end()) return it->second;
    if (const auto it = byLanguage.find("en"); it != byLanguage.end()) return it->second;
    return empty;
}

const std::vector<std::string>& lessonViewNames() {
    static const std::vector<std::string> names = {
        "heatmap", "loss",    "schedule", "churn", "layers", "histogram", "why",
        "cost",    "routing", "gradient", "runs",  "config", "sweep",     "text"};
    return names;
}

const std::vector<std::string>& lessonLanguages() {
    static const std::vector<std::string> codes = {"en", "zh_CN"};
    return codes;
}

RunConfig Lesson::configAt(std::size_t index) const {
    if (!steps.empty() && index >= steps.size())
        throw ConfigError(source + ": no step " + std::to_string(index + 1) + " (the lesson has " +
                          std::to_string(steps.size()) + ")");
    nlohmann::json json = config;
    for (std::size_t i = 0; i < steps.size() && i <= index; ++i)
        for (const auto& set : steps[i].sets) applySet(json, set);
    return fromJson(json);
}

Lesson parseLesson(const nlohmann::json& json, const std::string& source) {
    if (!json.is_object())
        throw ConfigError(source + ": the top level is " + describeJson(json) +
                          " — expected a JSON object (a run config with a \"lesson\" object)");
    Lesson lesson;
    lesson.source = source;
    lesson.config = json;
    lesson.config.erase("lesson");
    Problems problems;
    if (!json.contains("lesson")) {
        lesson.title.byLanguage["en"] = stem(source);
    } else if (!json["lesson"].is_object()) {
        problems.add("lesson", "got " + describeJson(json["lesson"]) + " — expected an object");
    } else {
        const auto& l = json["lesson"];
        refuseUnknownKeys(l, {"title", "description", "pace", "steps"}, "lesson", problems);
        if (l.contains("title")) lesson.title = readText(l["title"], "lesson.title", problems);
        else problems.add("lesson.title", "missing — the picker lists lessons by title");
        if (l.contains("description"))
            lesson.description = readText(l["description"], "lesson.description", problems);
        if (l.contains("pace")) readPace(l["pace"], lesson.pace, problems);
        if (l.contains("steps")) {
            const auto& steps = l["steps"];
            if (!steps.is_array() || steps.empty() || steps.size() > kMaxLessonSteps)
                problems.add("lesson.steps", "got " + describeJson(steps) +
                                                 " — expected a list of 1 to " +
                                                 std::to_string(kMaxLessonSteps) + " steps");
            else
                for (std::size_t i = 0; i < steps.size(); ++i)
                    lesson.steps.push_back(
                        readStep(steps[i], "lesson.steps[" + std::to_string(i) + "]", problems));
        }
    }
    if (problems.lines.empty()) {
        // The config of every step must be a valid run: a typo in a step's "set" is found
        // when the file is read, not in the middle of a class.
        nlohmann::json config = lesson.config;
        for (std::size_t i = 0; i <= lesson.steps.size(); ++i) {
            const std::string field =
                i == 0 ? std::string("config") : "lesson.steps[" + std::to_string(i - 1) + "].set";
            try {
                if (i > 0)
                    for (const auto& set : lesson.steps[i - 1].sets) applySet(config, set);
                if (i == 0 || !lesson.steps[i - 1].sets.empty()) (void)fromJson(config);
            } catch (const ConfigError& e) {
                problems.add(field, e.what());
                break;
            }
        }
    }
    if (!problems.lines.empty()) {
        std::string message;
        for (const auto& line : problems.lines)
            message += (message.empty() ? "" : "\n") + source + ": " + line;
        throw ConfigError(message);
    }
    return lesson;
}

Lesson loadLesson(const std::string& path) { return parseLesson(readJsonFile(path), path); }

long long pauseTarget(const LessonPause& pause, long long step, long long stepsPerEpoch,
                      long long totalSteps, long long nextMaskUpdate) {
    long long target = step;
    switch (pause.kind) {
    case PauseKind::None:
    case PauseKind::Prune:
    case PauseKind::Lottery: return step;
    case PauseKind::MaskUpdate: target = nextMaskUpdate >= 0 ? nextMaskUpdate : totalSteps; break;
    case PauseKind::Step: target = std::max(step, pause.step); break;
    case PauseKind::EpochEnd: {
        const long long perEpoch = std::max(1LL, stepsPerEpoch);
        target = (step / perEpoch + 1) * perEpoch;
        break;
    }
    case PauseKind::End: target = totalSteps; break;
    }
    return std::clamp(target, step, std::max(step, totalSteps));
}

std::string describePause(const LessonPause& pause) {
    switch (pause.kind) {
    case PauseKind::None: return "none";
    case PauseKind::MaskUpdate: return "mask_update";
    case PauseKind::Step: return "step " + std::to_string(pause.step);
    case PauseKind::EpochEnd: return "epoch_end";
    case PauseKind::End: return "end";
    case PauseKind::Prune: {
        const OneShotSettings& s = pause.prune;
        return "prune " + oneShotMethodName(s.method) + " " +
               (s.nm() ? std::to_string(s.nmN) + ":" + std::to_string(s.nmM)
                       : std::to_string(int(std::lround(100.0 * s.sparsity))) + "%");
    }
    case PauseKind::Lottery: return "lottery " + std::to_string(pause.lottery.rounds) + " rounds";
    }
    return "none";
}

}  // namespace sl
