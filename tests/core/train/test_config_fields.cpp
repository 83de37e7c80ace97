#include "sparsity/method.h"
#include "sparsity/method_descriptor.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "train/run_config.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

// The field table is the one description of every config key: these tests walk it, so a key
// added to the table is checked here without touching this file.
namespace {

// Values to try for a field other than its default, in order; the first that passes every
// check of fromJson() (cross-field ones included) is used.
std::vector<nlohmann::json> candidates(const sl::ConfigField& f) {
    std::vector<nlohmann::json> out;
    if (f.text && !f.limits.choices.empty())
        for (auto it = f.limits.choices.rbegin(); it != f.limits.choices.rend(); ++it)
            out.push_back(*it);
    else if (f.text) out.push_back("/tmp/some-folder");
    else if (f.flag) out.push_back(!*f.flag);
    else if (f.integerList) out.push_back(std::vector<int>{7, 5});
    else {
        const double lo = std::isfinite(f.limits.min) ? f.limits.min : -100.0;
        const double hi = std::isfinite(f.limits.max) ? std::min(f.limits.max, 1e6) : 100.0;
        for (double v :
             {lo + (hi - lo) * 0.25, lo, hi, lo + 1.0, (lo + hi) / 2.0, lo + (hi - lo) * 1e-3}) {
            if (f.real) out.push_back(v);
            else out.push_back(static_cast<long long>(std::floor(v)));
        }
    }
    return out;
}

nlohmann::json at(const nlohmann::json& root, const std::string& key) {
    const nlohmann::json* node = &root;
    std::stringstream parts(key);
    for (std::string part; std::getline(parts, part, '.');) node = &node->at(part);
    return *node;
}

}  // namespace

class TestConfigFields : public QObject {
    Q_OBJECT

private slots:
    void everyKeyIsExplained() {
        const std::string text = sl::explainConfig();
        sl::RunConfig defaults;
        for (const auto& f : sl::configFields(defaults)) {
            const std::string line = std::string(f.key) + " = " + sl::fieldValue(f).dump();
            QVERIFY2(text.find(line) != std::string::npos, f.key);
            QVERIFY2(text.find(f.help) != std::string::npos, f.key);
            QVERIFY2(f.label && *f.label, f.key);  // every key has a label for the window
            QVERIFY2(f.group && *f.group, f.key);
        }
        // The method key lists every registered method with its description.
        for (const auto& m : sl::sparsityMethodDescriptors())
            QVERIFY2(text.find(std::string(m.name) + ": " + m.displayName + ". " + m.help) !=
                         std::string::npos,
                     m.name);
    }

    // Every key, set to a value other than its default, survives toJson -> fromJson.
    void everyKeySurvivesAJsonRoundTrip() {
        sl::RunConfig probe;
        const auto keys = sl::configFields(probe);
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const std::string key = keys[i].key;
            bool done = false;
            for (const auto& value : candidates(keys[i])) {
                nlohmann::json json = sl::toJson(sl::RunConfig{});
                if (at(json, key) == value) continue;
                sl::applySet(json, key + "=" + value.dump());
                sl::RunConfig config;
                try {
                    config = sl::fromJson(json);
                } catch (const sl::ConfigError&) {
                    continue;  // a cross-field check refuses this value; try the next
                }
                const nlohmann::json back = sl::toJson(config);
                // Floats come back as the shortest decimal of the float they were stored in.
                const bool same = keys[i].real ? at(back, key).get<float>() == value.get<float>()
                                               : at(back, key) == value;
                QVERIFY2(
                    same,
                    (key + ": " + value.dump() + " came back as " + at(back, key).dump()).c_str());
                QCOMPARE(sl::toJson(sl::fromJson(back)), back);
                done = true;
                break;
            }
            QVERIFY2(done, ("no value other than the default round-trips: " + key).c_str());
        }
    }

    void unknownEnumValuesAreErrors() {
        nlohmann::json json = sl::toJson(sl::RunConfig{});
        json["sparsity"]["schedule"] = "quadratic";
        sl::test::expectError<sl::ConfigError>([&] { sl::fromJson(json); },
                                               {"sparsity.schedule", "quadratic", "cubic"});
        // Settings built in code skip fromJson(): the method refuses the name itself, instead
        // of running a cubic schedule as it used to.
        sl::SparsitySettings s;
        s.method = "magnitude";
        s.schedule = "quadratic";
        auto method = sl::makeSparsityMethod(s);
        sl::SparsityContext context;
        sl::test::expectError<sl::ConfigError>([&] { method->begin(context); },
                                               {"sparsity.schedule"});
    }

    // Hand-checked cases of where a key applies: by model kind, by method (from the
    // descriptors), and by a condition on other fields.
    void fieldsSayWhereTheyApply() {
        sl::RunConfig c;
        auto fields = sl::configFields(c);
        auto applies = [&](const char* key) {
            return sl::fieldApplies(*sl::findConfigField(fields, key), c);
        };
        c.optimizer.name = "sgd";
        c.sparsity.method = "rigl";
        c.model.kind = "mlp";
        QVERIFY(applies("optimizer.momentum"));
        QVERIFY(!applies("optimizer.beta1"));
        QVERIFY(applies("sparsity.drop_fraction"));
        QVERIFY(!applies("sparsity.schedule"));  // rigl holds the target from step 0
        QVERIFY(!applies("model.kernel_size"));
        QVERIFY(!applies("sparsity.n"));
        QVERIFY(applies("sparsity.method"));
        c.optimizer.name = "adam";
        c.sparsity.method = "magnitude";
        c.sparsity.schedule = "cubic";
        c.model.kind = "cnn";
        QVERIFY(!applies("optimizer.momentum"));
        QVERIFY(applies("optimizer.beta1"));
        QVERIFY(!applies("sparsity.drop_fraction"));
        QVERIFY(applies("sparsity.end_step"));
        QVERIFY(applies("model.kernel_size"));
        QVERIFY(!applies("model.experts"));
        c.sparsity.schedule = "constant";
        QVERIFY(!applies("sparsity.end_step"));
        c.sparsity.method = "l1";
        QVERIFY(applies("sparsity.l1_lambda"));
        QVERIFY(!applies("sparsity.target"));
        QCOMPARE(sl::findConfigField(fields, "sparsity.l1_lambda")->methods,
                 std::vector<std::string>{"l1"});
    }

    // Live changes have one path, Trainer::setLive, checked against the table.
    void liveChangesFollowTheTable() {
        sl::RunConfig config;
        config.data.name = "spirals";
        config.data.samples = 200;
        config.model.hidden = {8};
        config.train.epochs = 1;
        sl::Trainer t(config, sl::loadRunData(config));
        sl::RunConfig probe;
        int live = 0;
        for (const auto& f : sl::configFields(probe)) {
            if (!f.live) {
                sl::test::expectError<sl::ConfigError>([&] { t.setLive(f.key, 1.0); },
                                                       {f.key, "fixed during a run"});
                continue;
            }
            ++live;
            // The default is valid, so the trainer must be able to apply it.
            t.setLive(f.key, sl::fieldValue(f).get<double>());
            QCOMPARE(t.parameterChanges().back().key, std::string(f.key));
        }
        QVERIFY(live >= 3);
        sl::test::expectError<sl::ConfigError>([&] { t.setLive("sparsity.delta_t", 2.5); },
                                               {"sparsity.delta_t", "2.5"});
        sl::test::expectError<sl::ConfigError>([&] { t.setLive("sparsity.drop_fraction", 1.5); },
                                               {"sparsity.drop_fraction", "1.5"});
        sl::test::expectError<sl::ConfigError>([&] { t.setLive("no.such_key", 1.0); },
                                               {"no.such_key", "unknown key"});
        t.setLive("sparsity.delta_t", 25);
        QCOMPARE(t.config().sparsity.deltaT, 25);
        QCOMPARE(t.sparsityMethod().settings().deltaT, 25);
        QCOMPARE(t.parameterChanges().back().to, 25.0);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestConfigFields)
#include "test_config_fields.moc"
