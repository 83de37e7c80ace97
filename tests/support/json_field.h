#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QtTest>
#include <cmath>
#include <limits>
#include <source_location>

namespace sl::test {

// Strict reads of the JSON our programs write (run summaries, `inspect --json`, sweep tables).
// QJsonObject's `o["key"].toDouble()` reads a missing or renamed key as 0 (toString as "",
// toBool as false), so an assertion on it can pass or fail for the wrong reason. Each reader
// here fails the calling test case, at the caller's line and naming the key and the keys that
// are there, when the key is missing or holds another type; it then returns a value no real
// field would give (NaN, the lowest integer, an empty container) so the case's own checks
// fail too rather than pass on a default. QtTest's macros can only return from the function
// they stand in, so the failure is recorded with QTest::qVerify directly.

namespace detail {

inline void failField(const QJsonObject& o, const char* key, const char* expected,
                      const std::source_location& where) {
    const QString why = o.contains(QLatin1String(key))
                            ? QString("JSON field '%1' is not %2").arg(key, expected)
                            : QString("JSON field '%1' is missing; the object has: %2")
                                  .arg(key, o.keys().join(", "));
    QTest::qVerify(false, key, qPrintable(why), where.file_name(), int(where.line()));
}

}  // namespace detail

inline double jsonNumber(const QJsonObject& o, const char* key,
                         std::source_location where = std::source_location::current()) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isDouble()) return v.toDouble();
    detail::failField(o, key, "a number", where);
    return std::numeric_limits<double>::quiet_NaN();
}

// A whole number (JSON has one number type: 2.5 here is a wrong value, not a rounding).
inline qint64 jsonInteger(const QJsonObject& o, const char* key,
                          std::source_location where = std::source_location::current()) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isDouble() && v.toDouble() == std::floor(v.toDouble())) return v.toInteger();
    detail::failField(o, key, "a whole number", where);
    return std::numeric_limits<qint64>::min();
}

inline int jsonInt(const QJsonObject& o, const char* key,
                   std::source_location where = std::source_location::current()) {
    const qint64 n = jsonInteger(o, key, where);
    if (n == std::numeric_limits<qint64>::min()) return std::numeric_limits<int>::min();
    if (n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max()) return int(n);
    detail::failField(o, key, "within int", where);
    return std::numeric_limits<int>::min();
}

inline QString jsonString(const QJsonObject& o, const char* key,
                          std::source_location where = std::source_location::current()) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isString()) return v.toString();
    detail::failField(o, key, "a string", where);
    return QStringLiteral("<missing %1>").arg(key);
}

// On a missing key the failure is recorded already; false is only what the caller sees.
inline bool jsonBool(const QJsonObject& o, const char* key,
                     std::source_location where = std::source_location::current()) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isBool()) return v.toBool();
    detail::failField(o, key, "true or false", where);
    return false;
}

inline QJsonArray jsonArray(const QJsonObject& o, const char* key,
                            std::source_location where = std::source_location::current()) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isArray()) return v.toArray();
    detail::failField(o, key, "an array", where);
    return {};
}

inline QJsonObject jsonObject(const QJsonObject& o, const char* key,
                              std::source_location where = std::source_location::current()) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isObject()) return v.toObject();
    detail::failField(o, key, "an object", where);
    return {};
}

// A key that must be there and hold null (e.g. "not reached"), which `o["key"].isNull()`
// alone does not check: a missing key reads as undefined, not null, only by QJsonObject's rules.
inline bool jsonIsNull(const QJsonObject& o, const char* key,
                       std::source_location where = std::source_location::current()) {
    if (o.value(QLatin1String(key)).isNull()) return true;
    detail::failField(o, key, "null", where);
    return false;
}

// A JSON document that must be one object: program output or a file's contents.
inline QJsonObject parseJsonObject(const QByteArray& text, const QString& what,
                                   std::source_location where = std::source_location::current()) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error == QJsonParseError::NoError && doc.isObject()) return doc.object();
    const QString why = QString("%1 is not a JSON object (%2): %3")
                            .arg(what, error.errorString(), QString::fromUtf8(text.left(200)));
    QTest::qVerify(false, "JSON object", qPrintable(why), where.file_name(), int(where.line()));
    return {};
}

inline QJsonObject readJsonFile(const QString& path,
                                std::source_location where = std::source_location::current()) {
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) return parseJsonObject(f.readAll(), path, where);
    QTest::qVerify(false, "JSON file", qPrintable("cannot read " + path), where.file_name(),
                   int(where.line()));
    return {};
}

}  // namespace sl::test
