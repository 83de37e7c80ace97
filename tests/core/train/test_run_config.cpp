#include "io/json_config.h"
#include "support/test_main.h"
#include "train/run_config.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

class TestRunConfig : public QObject {
    Q_OBJECT

    static QString errorOf(const nlohmann::json& j) {
        try {
            sl::fromJson(j);
        } catch (const sl::ConfigError& e) {
            return QString::fromUtf8(e.what());
        }
        return {};
    }

private slots:
    void defaultsAreTheDefaultLesson() {
        const sl::RunConfig c = sl::fromJson(nlohmann::json::object());
        QCOMPARE(c.data.name, std::string("fashion-mnist"));
        QCOMPARE(c.model.hidden, (std::vector<int>{300, 100}));
        QCOMPARE(c.model.activation, std::string("relu"));
        QCOMPARE(c.optimizer.name, std::string("sgd"));
        QCOMPARE(c.optimizer.momentum, 0.9f);
        QCOMPARE(c.train.batchSize, 128);
        QCOMPARE(c.train.epochs, 10);
    }

    void jsonRoundTripKeepsEveryField() {
        nlohmann::json j = sl::toJson(sl::RunConfig{});
        j["optimizer"]["lr"] = 0.125;
        j["model"]["hidden"] = {64, 32, 16};
        j["seed"] = 18000000000000000000ULL;  // above 2^63: must not read as negative
        j["data"]["name"] = "moons";
        const sl::RunConfig c = sl::fromJson(j);
        QCOMPARE(c.optimizer.lr, 0.125f);
        QCOMPARE(c.model.hidden, (std::vector<int>{64, 32, 16}));
        QCOMPARE(c.seed, std::uint64_t(18000000000000000000ULL));
        QCOMPARE(sl::toJson(c), j);
    }

    void setTakesDottedKeysAndTypedValues() {
        nlohmann::json j = nlohmann::json::object();
        sl::applySet(j, "optimizer.lr=0.2");
        sl::applySet(j, "model.hidden=[10,20]");
        sl::applySet(j, "data.name=spirals");
        sl::applySet(j, "optimizer.nesterov=true");
        const sl::RunConfig c = sl::fromJson(j);
        QCOMPARE(c.optimizer.lr, 0.2f);
        QCOMPARE(c.model.hidden, (std::vector<int>{10, 20}));
        QCOMPARE(c.data.name, std::string("spirals"));
        QVERIFY(c.optimizer.nesterov);
    }

    void setRejectsUnknownKeysAndMalformedAssignments() {
        nlohmann::json j = nlohmann::json::object();
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::applySet(j, "optimizer.lrr=0.1"));
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::applySet(j, "no-equals-sign"));
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, sl::applySet(j, "=3"));
    }

    void everyProblemIsReportedAtOnceWithItsKey() {
        nlohmann::json j = nlohmann::json::object();
        j["optimizer"]["lr"] = -1;
        j["model"]["hidden"] = {300, 0};
        j["model"]["activation"] = "swish";
        j["train"]["batch_size"] = "big";
        j["optimizer"]["lrr"] = 0.1;
        const QString message = errorOf(j);
        QVERIFY2(message.contains("5 problems"), qPrintable(message));
        QVERIFY(message.contains("optimizer.lr: got -1"));
        QVERIFY(message.contains("model.hidden: got [300,0]"));
        QVERIFY(message.contains(
            "model.activation: got \"swish\" — expected one of relu, tanh, sigmoid"));
        QVERIFY(message.contains("train.batch_size: got \"big\" — expected an integer"));
        QVERIFY(message.contains("optimizer.lrr: unknown key — known keys here:"));
    }

    void crossFieldChecks() {
        nlohmann::json j = nlohmann::json::object();
        j["data"]["name"] = "mnist";
        QVERIFY(errorOf(j).contains("data.path: empty"));
        nlohmann::json k = nlohmann::json::object();
        k["lr_schedule"]["min_lr"] = 1.0;
        QVERIFY(errorOf(k).contains("lr_schedule.min_lr"));
    }

    void totalStepsKeepsThePartialBatch() {
        sl::RunConfig c;
        QCOMPARE(sl::totalStepsFor(c, 60000), 4690LL);  // 469 a batch of 128, 10 epochs
        c.train.maxSteps = 100;
        QCOMPARE(sl::totalStepsFor(c, 60000), 100LL);
    }

    void configFileErrorsNameTheFileAndLine() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.json").toStdString();
        std::ofstream(path) << "{\n  \"seed\": 1,\n  oops\n}\n";
        try {
            sl::loadRunConfig(path, {});
            QFAIL("a malformed file was accepted");
        } catch (const sl::ConfigError& e) {
            QVERIFY2(QString(e.what()).contains(QString::fromStdString(path + ":3")), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError,
                                 sl::loadRunConfig(dir.filePath("none.json").toStdString(), {}));
    }

    void explainListsEveryKeyWithHelp() {
        const QString text = QString::fromStdString(sl::explainConfig());
        sl::RunConfig c;
        for (const auto& f : sl::configFields(c)) {
            QVERIFY2(text.contains(QString(f.key) + " = "), f.key);
            QVERIFY2(std::string(f.help).size() > 20, f.key);
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestRunConfig)
#include "test_run_config.moc"
