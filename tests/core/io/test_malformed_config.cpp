#include "io/json_config.h"
#include "io/json_text.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "util/error.h"
#include "util/input_limits.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

// Malformed config files and --set values: each is refused with a ConfigError (the CLI's
// exit 2) that names the file and the key, never a stack overflow, a hang, a raw nlohmann
// exception or a message that echoes megabytes.
class TestMalformedConfig : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string write(const char* name, const std::string& text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return {};
        f.write(text.data(), static_cast<qint64>(text.size()));
        return path.toStdString();
    }

    static std::string nested(int levels, const std::string& inner = "1") {
        return std::string(static_cast<std::size_t>(levels), '[') + inner +
               std::string(static_cast<std::size_t>(levels), ']');
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void deepFileIsRefusedWhileReading() {
        const auto path = write("deep.json", nested(100000));
        const std::string m = sl::test::expectError<sl::ConfigError>(
            [&] { sl::loadRunConfig(path, {}); },
            {path + ": ", "nested deeper than 64 levels of objects and lists"});
        QVERIFY2(m.size() < 400, m.c_str());
    }

    void deepValueOfAFieldInTheFile() {
        const auto path =
            write("deep-field.json", "{\"model\": {\"hidden\": " + nested(100000) + "}}");
        const std::string m = sl::test::expectError<sl::ConfigError>(
            [&] { sl::loadRunConfig(path, {}); },
            {path + ": model.hidden[0][0]", "nested deeper than 64 levels"});
        QVERIFY2(m.size() < 400, m.c_str());
    }

    void deepValueInASet() {
        sl::test::expectError<sl::ConfigError>(
            [&] { sl::loadRunConfig("", {"model.hidden=" + nested(100000)}); },
            {"--set model.hidden: ", "nested deeper than 64 levels"});
        // 64 levels parse; the field then says what it expected, echoing a clipped value.
        const std::string m = sl::test::expectError<sl::ConfigError>(
            [&] { sl::loadRunConfig("", {"model.hidden=" + nested(63)}); },
            {"model.hidden: got [[[[", "(127 bytes) — expected a list of integers"});
    }

    void numberOutOfRangeNamesFileLineAndKey() {
        const auto path = write("huge.json", "{\n  \"optimizer\": {\n    \"lr\": 1e999\n  }\n}\n");
        const std::string m =
            sl::test::expectError<sl::ConfigError>([&] { sl::loadRunConfig(path, {}); }, {});
        QCOMPARE(m, path + ":3: optimizer.lr: a number out of range (beyond ±1.8e308)");
    }

    void sectionGivenAsAValue() {
        const auto path = write("data5.json", "{\"data\": 5}");
        const std::string m =
            sl::test::expectError<sl::ConfigError>([&] { sl::loadRunConfig(path, {}); }, {});
        QCOMPARE(m, path + ": invalid config (1 problem):\n  data: got 5 — expected an object of "
                           "settings, e.g. {\"data\": {...}}");
        // --set into it must not reach nlohmann's type_error.
        sl::test::expectError<sl::ConfigError>(
            [&] { sl::loadRunConfig(path, {"data.name=moons"}); },
            {"--set data.name: data is 5 in the config — expected an object of settings"});
    }

    void topLevelArray() {
        const auto path = write("array.json", "[1, 2, 3]");
        const std::string m = sl::test::expectError<sl::ConfigError>(
            [&] { sl::loadRunConfig(path, {"train.epochs=1"}); }, {});
        QCOMPARE(m, path + ": the top level is a list — expected a JSON object, e.g. "
                           "{\"train\": {\"epochs\": 5}}");
    }

    void dottedKeyIsRefused() {
        const auto path = write("dotted.json", "{\"train.epochs\": 0, \"model\": {\"x.y\": 1}}");
        const std::string m =
            sl::test::expectError<sl::ConfigError>([&] { sl::loadRunConfig(path, {}); }, {});
        QCOMPARE(m, path + ": invalid config (2 problems):\n"
                           "  model.x.y: a dotted key inside a JSON object — nest it instead, "
                           "e.g. {\"train\": {\"epochs\": 5}} for train.epochs\n"
                           "  train.epochs: a dotted key inside a JSON object — nest it instead, "
                           "e.g. {\"train\": {\"epochs\": 5}} for train.epochs");
    }

    void syntaxErrorNamesTheLine() {
        const auto path = write("syntax.json", "{\n\"train\": {\"epochs\": 3,}\n}");
        sl::test::expectError<sl::ConfigError>([&] { sl::loadRunConfig(path, {}); },
                                               {path + ":2: ", "not valid JSON (", "parse error"});
    }

    void fifoIsRefusedWithoutBlocking() {
        const std::string path = m_dir.filePath("pipe.json").toStdString();
        QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
        const std::string m =
            sl::test::expectError<sl::ConfigError>([&] { sl::loadRunConfig(path, {}); }, {});
        QCOMPARE(
            m, path + ": is a FIFO (named pipe), not a regular file — expected a JSON config file");
        sl::test::expectError<sl::ConfigError>(
            [&] { sl::loadRunConfig("/dev/zero", {}); },
            {"/dev/zero: is a character device, not a regular file"});
    }

    void hugeKeyAndValueAreClipped() {
        const std::string big(5u << 20, 'k');  // 5 MB: the clipping does not depend on the size
        const auto keyPath = write("bigkey.json", "{\"model\": {\"" + big + "\": 1}}");
        const std::string k = sl::test::expectError<sl::ConfigError>(
            [&] { sl::loadRunConfig(keyPath, {}); },
            {"model." + std::string(74, 'k') + "… (5242886 bytes): unknown key"});
        QVERIFY2(k.size() < 1000, std::to_string(k.size()).c_str());
        const auto valuePath = write("bigvalue.json", "{\"model\": {\"kind\": \"" + big + "\"}}");
        const std::string v =
            sl::test::expectError<sl::ConfigError>([&] { sl::loadRunConfig(valuePath, {}); },
                                                   {"model.kind: got \"" + std::string(79, 'k') +
                                                    "… (5242882 bytes) — expected one of mlp"});
        QVERIFY2(v.size() < 1000, std::to_string(v.size()).c_str());
    }

    // Found by fuzz_json_config: a --set value that is neither JSON nor UTF-8 became a string
    // that nlohmann's dump() refused with type_error 316 (an uncaught exception, abort).
    void setValueThatIsNotUtf8() {
        const std::string bytes = "0\xe2\xe2\xe2\xe2\xe2\xe2, 100]00]";
        const std::string m = sl::test::expectError<sl::ConfigError>(
            [&] { sl::loadRunConfig("", {"model.hidden=" + bytes}); }, {});
        QCOMPARE(m, std::string("--set model.hidden: the value is not valid UTF-8 text"));
        QVERIFY(sl::isValidUtf8("caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80"));
        QVERIFY(!sl::isValidUtf8("\xc0\xaf"));      // overlong '/'
        QVERIFY(!sl::isValidUtf8("\xed\xa0\x80"));  // a surrogate
        QVERIFY(!sl::isValidUtf8("\xe2\x80"));      // cut short
    }

    void describeNeverDumpsATree() {
        QCOMPARE(sl::describeJson(nlohmann::json::array()), std::string("a list"));
        QCOMPARE(sl::describeJson(nlohmann::json::object()), std::string("an object"));
        QCOMPARE(sl::describeJson(5), std::string("5"));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestMalformedConfig)
#include "test_malformed_config.moc"
