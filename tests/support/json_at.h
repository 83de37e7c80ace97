#pragma once

#include <QtTest>
#include <nlohmann/json.hpp>
#include <source_location>
#include <string>

namespace sl::test {

// The nlohmann::json twin of json_field.h, kept apart so that the tests reading QJsonObject
// do not parse json.hpp. `j["key"]` on a const json with a missing key is undefined behaviour
// (and on a non-const one inserts null), and `.get<T>()` then throws a message without the
// key. jsonAt<T>(j, "key") fails the calling case at the caller's line, naming the key and
// the keys that are there, when the key is missing or its value is not a T, and returns T{}.
inline const nlohmann::json&
jsonField(const nlohmann::json& j, const char* key,
          std::source_location where = std::source_location::current()) {
    if (j.is_object()) {
        const auto it = j.find(key);
        if (it != j.end()) return *it;
    }
    std::string keys;
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it)
            keys += (keys.empty() ? "" : ", ") + it.key();
    const std::string why =
        j.is_object() ? "JSON field '" + std::string(key) + "' is missing; the object has: " + keys
                      : "JSON field '" + std::string(key) + "' read from a " + j.type_name() +
                            ", not an object";
    QTest::qVerify(false, key, why.c_str(), where.file_name(), int(where.line()));
    static const nlohmann::json missing;  // null: a caller's checks see no real value
    return missing;
}

template <typename T>
T jsonAt(const nlohmann::json& j, const char* key,
         std::source_location where = std::source_location::current()) {
    if (!j.is_object() || !j.contains(key)) {
        jsonField(j, key, where);  // records the failure
        return T{};
    }
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception& e) {
        const std::string why = "JSON field '" + std::string(key) + "': " + e.what();
        QTest::qVerify(false, key, why.c_str(), where.file_name(), int(where.line()));
        return T{};
    }
}

}  // namespace sl::test
