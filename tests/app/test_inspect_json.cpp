#include "io/checkpoint.h"
#include "support/test_main.h"
#include "train/run_config.h"

#include "support/json_at.h"
#include "support/process_runner.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using sl::test::jsonAt;
using sl::test::jsonField;

// `inspect --json` against the checkpoint it reads: the configured ΔT and α (not the decayed
// end values), the layer table, and a config that reads back to the stored one.
class TestInspectJson : public QObject {
    Q_OBJECT

    using Result = sl::test::ProcessResult;
    static Result run(const QStringList& args) { return sl::test::runProgram(SPARSELAB_CLI, args); }

    QTemporaryDir m_dir;
    QString m_checkpoint;

private slots:
    void initTestCase() {
        const Result r =
            run({"train", "--set", "data.name=moons", "--set", "train.epochs=2", "--set",
                 "sparsity.method=rigl", "--set", "sparsity.delta_t=7", "--set",
                 "sparsity.drop_fraction=0.35", "--set", "data.validation=0.2", "--set",
                 "lr_schedule.warmup_steps=3", "--quiet", "--checkpoint-dir", m_dir.path()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // 2000 moons less 400 held out, batch 128: 13 steps an epoch.
        m_checkpoint = m_dir.filePath("step-00000026.h5");
        QVERIFY(QFile::exists(m_checkpoint));
    }

    void jsonRoundTrips() {
        const Result r = run({"inspect", "--json", m_checkpoint});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto parsed = nlohmann::json::parse(r.out.toStdString());
        const sl::Checkpoint c = sl::readCheckpoint(m_checkpoint.toStdString());
        // The config reads back into the same run config, and prints the same again.
        const nlohmann::json& config = jsonField(parsed, "config");
        QVERIFY(config.is_object());
        const sl::RunConfig back = sl::fromJson(config);
        QCOMPARE(sl::toJson(back).dump(), sl::toJson(c.config).dump());
        QCOMPARE(config.dump(), sl::toJson(c.config).dump());

        const auto& tuned = jsonField(parsed, "configured");
        QCOMPARE(jsonAt<int>(tuned, "delta_t"), 7);
        QCOMPARE(jsonAt<double>(tuned, "drop_fraction"), double(0.35f));
        QCOMPARE(jsonAt<std::string>(tuned, "drop_schedule"), std::string("cosine"));
        QCOMPARE(jsonAt<long long>(tuned, "t_end_step"), 26LL * 3 / 4);
        QCOMPARE(jsonAt<int>(tuned, "warmup_steps"), 3);
        QCOMPARE(jsonAt<std::string>(tuned, "lr_schedule"), std::string("cosine"));
        // At the end of a cosine run the schedules stand at 0: reported apart, as such.
        const auto& atStep = jsonField(parsed, "at_step");
        QCOMPARE(jsonAt<long long>(atStep, "step"), 26LL);
        QCOMPARE(jsonAt<double>(atStep, "drop_fraction"), c.dropFraction);
        QCOMPARE(jsonAt<double>(atStep, "learning_rate"), c.learningRate);
        QCOMPARE(jsonAt<int>(jsonField(parsed, "run"), "train_examples"), 1600);
        QVERIFY(jsonField(jsonField(parsed, "metrics"), "validation_accuracy").is_number());

        const auto& layers = jsonField(parsed, "layers");
        QVERIFY(layers.is_array());
        QCOMPARE(layers.size(), c.state.layers.size());
        for (std::size_t l = 0; l < c.state.layers.size(); ++l) {
            const auto& mask = c.state.layers[l].mask;
            QCOMPARE(jsonAt<std::string>(layers[l], "name"), "dense" + std::to_string(l + 1));
            QCOMPARE(jsonAt<long long>(layers[l], "active"),
                     static_cast<long long>((mask.array() != 0).count()));
            QCOMPARE(jsonAt<long long>(layers[l], "parameters"),
                     static_cast<long long>(mask.size()));
        }
    }

    // The text says the same, labelled with the keys.
    void textShowsTheConfiguredValues() {
        const Result r = run({"inspect", m_checkpoint});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("ΔT 7 steps (sparsity.delta_t), α 0.35 (sparsity.drop_fraction)"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("no updates from step 19"), qPrintable(r.out));
        QVERIFY2(r.out.contains("warm-up 3 steps"), qPrintable(r.out));
        QVERIFY2(r.out.contains("at the end of the run"), qPrintable(r.out));
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestInspectJson)
#include "test_inspect_json.moc"
