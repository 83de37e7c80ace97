#include "io/json_config.h"
#include "prune/one_shot.h"
#include "support/test_main.h"
#include "train/lesson.h"
#include "train/lottery.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QDir>
#include <QtTest>
#include <map>
#include <nlohmann/json.hpp>

// The guided-lesson model (#17, #15 item 4): every lesson file parses and is bilingual, a
// malformed one is refused with the field named, and walking every lesson's steps on the real
// engine reaches each step's pause condition exactly.
namespace {

QStringList guidedLessonFiles() {
    const QDir dir(SPARSELAB_LESSONS);
    QStringList out;
    for (const QString& file : dir.entryList({"*.json"}, QDir::Files)) {
        const auto json = sl::readJsonFile(dir.filePath(file).toStdString());
        if (json.contains("lesson")) out << dir.filePath(file);
    }
    return out;
}

// A small valid lesson; tests break one field of it at a time.
nlohmann::json sample() {
    return nlohmann::json::parse(R"({
        "data": {"name": "moons", "samples": 400},
        "model": {"hidden": [8]},
        "train": {"epochs": 4, "batch_size": 40},
        "sparsity": {"method": "rigl", "target": 0.5, "delta_t": 7},
        "lesson": {
            "title": {"en": "T", "zh_CN": "标题"},
            "description": {"en": "D", "zh_CN": "说明"},
            "pace": {"steps_per_second": 20, "hold_seconds": 0.5},
            "steps": [
                {"text": {"en": "a", "zh_CN": "甲"}, "view": "heatmap", "pause": "mask_update"},
                {"text": {"en": "b", "zh_CN": "乙"}, "pause": {"step": 15}},
                {"text": {"en": "c", "zh_CN": "丙"}, "pause": "epoch_end", "set": ["sparsity.delta_t=3"], "keep": true},
                {"text": {"en": "d", "zh_CN": "丁"}, "view": "loss", "pause": "end"}
            ]
        }
    })");
}

QString refusal(const nlohmann::json& json) {
    try {
        sl::parseLesson(json, "bad.json");
    } catch (const sl::ConfigError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

// Records the steps at which any mask changed.
struct UpdateSteps : sl::TrainObserver {
    std::vector<long long> steps;
    bool onMaskUpdate(const std::vector<sl::MaskUpdateEvent>& events) override {
        for (const auto& e : events) steps.push_back(e.step);
        return true;
    }
};

}  // namespace

class TestLesson : public QObject {
    Q_OBJECT
private slots:
    void sampleParses() {
        const sl::Lesson l = sl::parseLesson(sample(), "sample.json");
        QCOMPARE(l.steps.size(), std::size_t(4));
        QCOMPARE(l.title.in("zh_CN"), std::string("标题"));
        QCOMPARE(l.title.in("fr"), std::string("T"));  // falls back to English
        QCOMPARE(l.pace.stepsPerSecond, 20.0);
        QCOMPARE(l.pace.holdSeconds, 0.5);
        QCOMPARE(l.pace.holdStepsPerSecond, 1.0);  // the default
        QVERIFY(l.steps[0].pause.kind == sl::PauseKind::MaskUpdate);
        QVERIFY(l.steps[1].pause.kind == sl::PauseKind::Step);
        QCOMPARE(l.steps[1].pause.step, 15LL);
        QVERIFY(l.steps[2].keep && !l.steps[1].keep);
        QCOMPARE(l.steps[3].view, std::string("loss"));
        QVERIFY(!l.config.contains("lesson"));
        // Sets add up from step to step.
        QCOMPARE(l.configAt(1).sparsity.deltaT, 7);
        QCOMPARE(l.configAt(2).sparsity.deltaT, 3);
        QCOMPARE(l.configAt(3).sparsity.deltaT, 3);
        QVERIFY_THROWS_EXCEPTION(sl::ConfigError, l.configAt(4));
    }

    void theConfigLoaderIgnoresTheLessonObject() {
        QTemporaryDir dir;
        const QString path = dir.filePath("l.json");
        sl::writeJsonFile(path.toStdString(), sample());
        const sl::RunConfig c = sl::loadRunConfig(path.toStdString(), {});
        QCOMPARE(c.sparsity.deltaT, 7);
        QCOMPARE(c.train.epochs, 4);
    }

    void malformedLessonsNameTheField() {
        const std::vector<std::pair<std::function<void(nlohmann::json&)>, QString>> cases = {
            {[](auto& j) { j["lesson"]["steps"][1]["pause"] = "soon"; },
             "bad.json: lesson.steps[1].pause: got"},
            {[](auto& j) {
                 j["lesson"]["steps"][1]["pause"] = {{"step", 0}};
             },
             "lesson.steps[1].pause"},
            {[](auto& j) { j["lesson"]["steps"][0]["view"] = "spectrum"; }, "lesson.steps[0].view"},
            {[](auto& j) { j["lesson"]["title"].erase("en"); }, "lesson.title.en: missing"},
            {[](auto& j) { j["lesson"]["title"]["fr"] = "x"; },
             "lesson.title.fr: unknown language"},
            {[](auto& j) { j["lesson"]["steps"][2]["text"]["zh_CN"] = 5; },
             "lesson.steps[2].text.zh_CN"},
            {[](auto& j) { j["lesson"]["steps"][0]["txt"] = "x"; },
             "lesson.steps[0].txt: unknown key"},
            {[](auto& j) { j["lesson"]["steps"] = nlohmann::json::array(); }, "lesson.steps: got"},
            {[](auto& j) { j["lesson"]["steps"][2]["set"] = {"sparsity.delta_t=-1"}; },
             "lesson.steps[2].set"},
            {[](auto& j) { j["lesson"]["steps"][2]["set"] = {"sparsity.nope=1"}; },
             "lesson.steps[2].set"},
            {[](auto& j) { j["lesson"]["steps"][2]["keep"] = "yes"; }, "lesson.steps[2].keep"},
            {[](auto& j) { j["lesson"]["pace"]["hold_seconds"] = -1; }, "lesson.pace.hold_seconds"},
            {[](auto& j) { j["lesson"]["steps"][3]["text"]["en"] = std::string(5000, 'x'); },
             "at most 2000"},
            {[](auto& j) { j["train"]["epochs"] = 0; }, "config: "},
            {[](auto& j) { j["lesson"] = 3; }, "lesson: got"},
            {[](auto& j) { j = nlohmann::json::array(); }, "bad.json: the top level is"},
        };
        for (const auto& [breakIt, expected] : cases) {
            nlohmann::json j = sample();
            breakIt(j);
            const QString message = refusal(j);
            QVERIFY2(message.contains(expected), qPrintable(expected + " <- " + message));
        }
        // Every problem at once: two broken fields, two lines.
        nlohmann::json j = sample();
        j["lesson"]["steps"][0]["view"] = "x";
        j["lesson"]["steps"][3]["pause"] = 1;
        QCOMPARE(refusal(j).count('\n'), 1);
    }

    // A step may prune the trained run in one shot or run lottery rounds, and pause when done.
    void actionPausesParse() {
        nlohmann::json j = sample();
        j["lesson"]["steps"][1]["pause"] = {
            {"prune", {{"method", "sparsegpt"}, {"sparsity", 0.7}, {"calibration", 256}}}};
        j["lesson"]["steps"][2]["pause"] = {
            {"lottery", {{"rounds", 3}, {"prune_fraction", 0.5}, {"control", "reinit"}}}};
        const sl::Lesson l = sl::parseLesson(j, "actions.json");
        QVERIFY(l.steps[1].pause.kind == sl::PauseKind::Prune);
        QVERIFY(l.steps[1].pause.prune.method == sl::OneShotMethod::SparseGpt);
        QCOMPARE(l.steps[1].pause.prune.sparsity, 0.7);
        QCOMPARE(l.steps[1].pause.prune.calibration, 256);
        QVERIFY(l.steps[2].pause.kind == sl::PauseKind::Lottery);
        QCOMPARE(l.steps[2].pause.lottery.rounds, 3);
        QCOMPARE(l.steps[2].pause.lottery.pruneFraction, 0.5);
        QVERIFY(l.steps[2].pause.lottery.control == sl::LotteryControl::Reinit);
        QCOMPARE(sl::describePause(l.steps[1].pause), std::string("prune sparsegpt 70%"));
        QCOMPARE(sl::describePause(l.steps[2].pause), std::string("lottery 3 rounds"));
        // The run does not move for them.
        QCOMPARE(sl::pauseTarget(l.steps[1].pause, 12, 10, 50, 14), 12LL);
        QCOMPARE(sl::pauseTarget(l.steps[2].pause, 12, 10, 50, 14), 12LL);

        const std::vector<std::pair<nlohmann::json, QString>> bad = {
            {{{"prune", {{"method", "random"}, {"sparsity", 0.5}}}},
             "lesson.steps[1].pause.prune: prune method 'random'"},
            {{{"prune", {{"method", "magnitude"}, {"sparsity", 1.5}}}},
             "lesson.steps[1].pause.prune: sparsity"},
            {{{"prune", {{"method", "magnitude"}}}},
             "lesson.steps[1].pause.prune: sparsity missing"},
            {{{"prune", {{"method", "wanda"}, {"nm", "4:2"}}}},
             "lesson.steps[1].pause.prune: N:M pattern '4:2'"},
            {{{"prune", {{"method", "wanda"}, {"sparsity", 0.5}, {"level", 1}}}},
             "lesson.steps[1].pause.prune.level: unknown key"},
            {{{"lottery", {{"rounds", 0}}}}, "lesson.steps[1].pause.lottery: lottery rounds: 0"},
            {{{"lottery", {{"rounds", 2}, {"prune_fraction", 1}}}},
             "lesson.steps[1].pause.lottery: lottery prune fraction"},
            {{{"lottery", {{"rounds", 2}, {"control", "random"}}}},
             "lesson.steps[1].pause.lottery: lottery control"},
            {{{"lottery", 3}}, "lesson.steps[1].pause.lottery: got"},
        };
        for (const auto& [pause, expected] : bad) {
            nlohmann::json broken = sample();
            broken["lesson"]["steps"][1]["pause"] = pause;
            const QString message = refusal(broken);
            QVERIFY2(message.contains(expected), qPrintable(expected + " <- " + message));
        }
    }

    void pauseTargetsByHand() {
        using sl::LessonPause;
        using sl::PauseKind;
        // 10 steps per epoch, 50 in all, next mask update at 14, now at step 12.
        QCOMPARE(sl::pauseTarget({PauseKind::None, 0}, 12, 10, 50, 14), 12LL);
        QCOMPARE(sl::pauseTarget({PauseKind::MaskUpdate, 0}, 12, 10, 50, 14), 14LL);
        QCOMPARE(sl::pauseTarget({PauseKind::MaskUpdate, 0}, 12, 10, 50, -1), 50LL);
        QCOMPARE(sl::pauseTarget({PauseKind::EpochEnd, 0}, 12, 10, 50, 14), 20LL);
        QCOMPARE(sl::pauseTarget({PauseKind::EpochEnd, 0}, 20, 10, 50, 24),
                 30LL);  // at an epoch's end: the next
        QCOMPARE(sl::pauseTarget({PauseKind::Step, 30}, 12, 10, 50, 14), 30LL);
        QCOMPARE(sl::pauseTarget({PauseKind::Step, 5}, 12, 10, 50, 14), 12LL);   // passed
        QCOMPARE(sl::pauseTarget({PauseKind::Step, 99}, 12, 10, 50, 14), 50LL);  // beyond the run
        QCOMPARE(sl::pauseTarget({PauseKind::End, 0}, 12, 10, 50, 14), 50LL);
    }

    void everyLessonIsBilingual() {
        const QStringList files = guidedLessonFiles();
        QVERIFY2(files.size() >= 10, qPrintable(QString::number(files.size())));
        for (const QString& file : files) {
            const sl::Lesson l = sl::loadLesson(file.toStdString());
            std::vector<std::pair<std::string, const sl::LessonText*>> texts = {
                {"title", &l.title}, {"description", &l.description}};
            for (std::size_t i = 0; i < l.steps.size(); ++i)
                texts.push_back({"steps[" + std::to_string(i) + "]", &l.steps[i].text});
            QVERIFY2(l.steps.size() >= 3, qPrintable(file));
            for (const auto& [field, text] : texts) {
                const QString where = file + ": " + QString::fromStdString(field);
                for (const auto& code : sl::lessonLanguages())
                    QVERIFY2(text->byLanguage.count(code),
                             qPrintable(where + " lacks " + QString::fromStdString(code)));
                // The Chinese text is Chinese, not a copy of the English one.
                const QString zh = QString::fromStdString(text->byLanguage.at("zh_CN"));
                QVERIFY2(zh != QString::fromStdString(text->byLanguage.at("en")),
                         qPrintable(where));
                QVERIFY2(std::any_of(zh.begin(), zh.end(),
                                     [](QChar c) {
                                         return c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff;
                                     }),
                         qPrintable(where));
            }
        }
    }

    // The sample on its own small data: every kind of pause is met before the run's end.
    void walkingTheSampleReachesEachPauseExactly() {
        const sl::Lesson l = sl::parseLesson(sample(), "sample.json");
        std::shared_ptr<sl::TrainTestSplit> data;
        const std::vector<long long> reached = walk(l, {}, data);
        // 10 steps per epoch, 40 in all, ΔT 7: update at 7; step 15; then ΔT 3 on a new run
        // (kept before it): the first epoch ends at 10; the end at 40.
        QCOMPARE(reached, (std::vector<long long>{7, 15, 10, 40}));
    }

    // Every lesson, every step, on the real engine with a small budget (the lesson's own sets,
    // then a smaller data set and ΔT so that a run is a few dozen steps): the run pauses at the
    // step's target, and the target is what the condition says. A step pause beyond the small
    // run's end is met at the end.
    void walkingEveryLessonReachesEachPause() {
        const QStringList overrides = {"data.train_subset=1280", "data.test_subset=200",
                                       "train.eval_every=0", "sparsity.delta_t=7"};
        std::size_t pauses = 0;
        std::map<sl::PauseKind, int> kinds;
        bool languageModel = false;
        for (const QString& file : guidedLessonFiles()) {
            const sl::Lesson lesson = sl::loadLesson(file.toStdString());
            for (const auto& step : lesson.steps) ++kinds[step.pause.kind];
            QStringList sets = overrides;
            // A gpt step costs 30 MLP steps: its lesson walks 4 steps per epoch, 2 epochs.
            if (lesson.configAt(0).model.kind == "gpt") {
                sets << "data.train_subset=128"
                     << "train.epochs=2";
                languageModel = true;
            }
            // Loaded once per data section: not every lesson reads Fashion-MNIST.
            auto& data = m_data[sl::toJson(lesson.configAt(0)).at("data").dump()];
            pauses += walk(lesson, sets, data).size();
        }
        QVERIFY(languageModel);  // "pruning a poet" is walked too
        QVERIFY(pauses >= 30);
        // The one-shot lesson prunes twice (SparseGPT, then magnitude), the lottery lesson runs
        // its rounds: those are walked too, not only the dense training before them.
        QVERIFY(kinds[sl::PauseKind::Prune] >= 2);
        QVERIFY(kinds[sl::PauseKind::Lottery] >= 1);
    }

private:
    // The window's Run ▸ Prune trained model… on the run: the masks then hold exactly the zeros
    // the report counts, at the sparsity asked for.
    static bool prunedAsAsked(sl::Trainer& trainer, sl::OneShotSettings settings) {
        settings.seed = trainer.config().seed;
        const sl::OneShotReport report = sl::pruneTrainer(trainer, settings);
        long long zeros = 0, counted = 0, weights = 0;
        for (sl::PrunableLayer* layer : trainer.model().prunableLayers()) {
            zeros += (layer->mask.array() == 0.0f).count();
            weights += layer->weightCount();
        }
        for (const auto& layer : report.layers) counted += layer.pruned;
        const double sparsity = double(zeros) / double(weights);
        if (zeros != counted || std::abs(sparsity - settings.targetSparsity()) > 0.01)
            qWarning("pruned %lld of %lld weights (report: %lld), asked %.3f", zeros, weights,
                     counted, settings.targetSparsity());
        return zeros == counted && std::abs(sparsity - settings.targetSparsity()) <= 0.01;
    }

    // The window's Run ▸ Lottery ticket rounds… on the run's config: every round (and control)
    // finishes, each keeping round(n·(1−p)^r) of the n weights.
    static bool roundsAsAsked(const sl::RunConfig& config, const sl::TrainTestSplit& data,
                              const sl::LotterySettings& settings) {
        sl::LotteryDriver driver(config, data, settings);
        const std::vector<sl::LotteryRound> rounds = driver.run();
        const int expected =
            1 + settings.rounds * (settings.control == sl::LotteryControl::Reinit ? 2 : 1);
        if (int(rounds.size()) != expected || driver.runsTotal() != expected) return false;
        const bool global =
            settings.scope == sl::LotteryScope::Global;  // one count over all layers
        for (const sl::LotteryRound& r : rounds)
            if ((global &&
                 r.active != sl::lotteryKeepCount(r.total, settings.pruneFraction, r.round)) ||
                r.history.empty() || r.history.back().step != rounds.front().history.back().step)
                return false;
        return rounds.back().round == settings.rounds;
    }
    std::map<std::string, std::shared_ptr<sl::TrainTestSplit>> m_data;

    // Runs a lesson step by step as the window's LessonRunner does and checks each pause;
    // returns the step each pause was reached at.
    static std::vector<long long> walk(const sl::Lesson& l, const QStringList& overrides,
                                       std::shared_ptr<sl::TrainTestSplit>& data) {
        std::vector<long long> reached;
        std::unique_ptr<sl::Trainer> trainer;
        sl::RunConfig config;
        UpdateSteps updates;
        for (std::size_t i = 0; i < l.steps.size(); ++i) {
            const sl::LessonStep& step = l.steps[i];
            const std::string where = l.source + " step " + std::to_string(i);
            if (i == 0 || !step.sets.empty()) {
                nlohmann::json json = sl::toJson(l.configAt(i));
                for (const QString& set : overrides) sl::applySet(json, set.toStdString());
                config = sl::fromJson(json);
                if (!data) data = std::make_shared<sl::TrainTestSplit>(sl::loadRunData(config));
                trainer = std::make_unique<sl::Trainer>(config, *data);
                updates.steps.clear();
            }
            const long long from = trainer->step();
            const long long total = trainer->totalSteps();
            const long long next = trainer->nextMaskUpdateStep();
            const long long target =
                sl::pauseTarget(step.pause, from, trainer->stepsPerEpoch(), total, next);
            trainer->run(target - from, &updates);
            if (trainer->step() != target)
                qFatal("%s: stopped at %lld, not %lld", where.c_str(), trainer->step(), target);
            bool ok = true;
            switch (step.pause.kind) {
            case sl::PauseKind::None: ok = target == from; break;
            case sl::PauseKind::MaskUpdate:
                // A lesson that pauses at a mask update must have one ahead.
                ok = next > from && !updates.steps.empty() && updates.steps.back() == target;
                break;
            case sl::PauseKind::EpochEnd:
                ok = from == total ? target == total
                                   : target > from && (target % trainer->stepsPerEpoch() == 0 ||
                                                       target == total);
                break;
            case sl::PauseKind::Step:
                ok = target == std::clamp(step.pause.step, from, total);
                break;
            case sl::PauseKind::End: ok = trainer->finished(); break;
            case sl::PauseKind::Prune:
                ok = target == from && prunedAsAsked(*trainer, step.pause.prune);
                break;
            case sl::PauseKind::Lottery:
                ok = target == from && roundsAsAsked(config, *data, step.pause.lottery);
                break;
            }
            if (!ok)
                qFatal("%s: pause %s not met at step %lld", where.c_str(),
                       sl::describePause(step.pause).c_str(), target);
            reached.push_back(target);
        }
        return reached;
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestLesson)
#include "test_lesson.moc"
