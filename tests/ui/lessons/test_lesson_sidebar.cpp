#include "controller/training_controller.h"
#include "language.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_picker.h"
#include "lessons/lesson_runner.h"
#include "lessons/lesson_sidebar.h"
#include "lessons/lesson_ui.h"
#include "main_window.h"
#include "run_actions.h"
#include "run_book.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "support/wait.h"
#include "train/lesson.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QListWidget>
#include <QPushButton>
#include <QtTest>
#include <nlohmann/json.hpp>

using sl::ui::LessonRunner;
using sl::ui::MainWindow;

// The lesson dock driven with its buttons on the real engine: every kind of pause is reached
// at its exact step, a step that changes the config keeps the run before it, Back and Next walk
// the texts, and the texts follow the window's language.
namespace {

sl::RunConfig moons() {
    return sl::test::TinyRun()
        .data("moons", 400)
        .hidden({8})
        .batch(40)
        .epochs(4)
        .sparse("rigl", 0.5f, 7)
        .seed(5);
}

// 10 steps per epoch, 40 in all; a fast pace so the test takes a few seconds.
sl::Lesson sampleLesson() {
    nlohmann::json j = sl::toJson(moons());
    j["lesson"] = nlohmann::json::parse(R"({
        "title": {"en": "Sample", "zh_CN": "示例"},
        "pace": {"steps_per_second": 400, "hold_seconds": 0},
        "steps": [
            {"text": {"en": "first", "zh_CN": "第一步"}, "view": "why", "pause": "mask_update"},
            {"text": {"en": "second", "zh_CN": "第二步"}, "pause": {"step": 15}},
            {"text": {"en": "third", "zh_CN": "第三步"}, "view": "churn", "pause": "epoch_end",
             "set": ["sparsity.delta_t=3"], "keep": true},
            {"text": {"en": "fourth", "zh_CN": "第四步"}, "view": "loss", "pause": "end"}
        ]})");
    return sl::parseLesson(j, "sample");
}

// One step that plays the whole run (40 steps) slowly enough to be reset half-way, then one
// that only reads.
sl::Lesson slowLesson() {
    nlohmann::json j = sl::toJson(moons());
    j["lesson"] = nlohmann::json::parse(R"({
        "title": {"en": "Slow", "zh_CN": "慢"},
        "pace": {"steps_per_second": 20, "hold_seconds": 0},
        "steps": [
            {"text": {"en": "play it", "zh_CN": "播放"}, "pause": "end"},
            {"text": {"en": "read it", "zh_CN": "阅读"}}
        ]})");
    return sl::parseLesson(j, "slow");
}

bool waitPaused(LessonRunner& runner, int ms = 20000) {
    return sl::test::waitUntil([&runner] { return runner.state() == LessonRunner::State::Waiting; },
                               ms);
}

}  // namespace

class TestLessonSidebar : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("SparseLab-tests");
        QCoreApplication::setApplicationName("test_lesson_sidebar");
        sl::ui::language::apply("en");
    }

    void nextAndBackReachEveryPause() {
        const auto c = moons();
        MainWindow w(&c);
        w.show();
        auto* ui = w.lessonUi();
        auto* book = w.findChild<sl::ui::RunBook*>();
        QVERIFY(ui && book);
        QVERIFY(!ui->dock()->isVisible());
        ui->startLesson(sampleLesson());
        QVERIFY(ui->dock()->isVisible());
        LessonRunner& runner = ui->runner();
        sl::ui::LessonSidebar* bar = ui->sidebar();

        // Step 1: at the first mask update (ΔT = 7), with the update on screen.
        QVERIFY(waitPaused(runner));
        QCOMPARE(runner.pausedAt(), 7LL);
        QCOMPARE(bar->stepText(), QString("first"));
        QVERIFY(bar->statusText().contains("7"));
        QTRY_COMPARE(w.shownSnapshot()->step, 7LL);
        QVERIFY(!w.shownSnapshot()->playing);
        QCOMPARE(w.shownSnapshot()->maskUpdates.back().step, 7LL);
        QVERIFY(!bar->backButton()->isEnabled() && bar->nextButton()->isEnabled());
        QVERIFY(w.findChild<QDockWidget*>("whyDock")->isVisible());

        // Step 2: at step 15, on the same run.
        const long long firstRun = w.shownSnapshot()->runId;
        const std::size_t kept = book->runs().size();
        QTest::mouseClick(bar->nextButton(), Qt::LeftButton);
        QVERIFY(waitPaused(runner));
        QCOMPARE(runner.pausedAt(), 15LL);
        QCOMPARE(w.shownSnapshot()->runId, firstRun);
        QCOMPARE(bar->stepText(), QString("second"));

        // Step 3: the run so far is kept, a new one with ΔT = 3 pauses at its first epoch's end.
        QTest::mouseClick(bar->nextButton(), Qt::LeftButton);
        QVERIFY(waitPaused(runner));
        QCOMPARE(runner.pausedAt(), 10LL);
        QVERIFY(w.shownSnapshot()->runId != firstRun);
        QCOMPARE(w.shownSnapshot()->config.sparsity.deltaT, 3);
        QCOMPARE(w.shownSnapshot()->step % w.shownSnapshot()->stepsPerEpoch, 0LL);
        QCOMPARE(book->runs().size(), kept + 1);

        // Step 4: to the end.
        QTest::mouseClick(bar->nextButton(), Qt::LeftButton);
        QVERIFY(waitPaused(runner));
        QCOMPARE(runner.pausedAt(), 40LL);
        QTRY_VERIFY(w.shownSnapshot()->finished);
        QVERIFY(!bar->nextButton()->isEnabled());

        // Back shows the earlier text without touching the run; Next comes back without rerunning.
        QTest::mouseClick(bar->backButton(), Qt::LeftButton);
        QCOMPARE(runner.current(), 2);
        QCOMPARE(bar->stepText(), QString("third"));
        QTest::mouseClick(bar->nextButton(), Qt::LeftButton);
        QCOMPARE(runner.current(), 3);
        QCOMPARE(runner.state(), LessonRunner::State::Waiting);
        QCOMPARE(book->runs().size(), kept + 1);

        // The window's language chooses the text.
        sl::ui::language::apply("zh_CN");
        QTRY_COMPARE(bar->stepText(), QString("第四步"));
        sl::ui::language::apply("en");
        QTRY_COMPARE(bar->stepText(), QString("fourth"));
    }

    // Reset in the middle of a step: the sidebar no longer says "Playing to…" while the run
    // stands at step 0; the step is back at its start, and Play plays it to its pause again.
    // Reset once the pause is reached does the same.
    void resetReturnsTheStepToItsStart() {
        const auto c = moons();
        MainWindow w(&c);
        w.show();
        w.lessonUi()->startLesson(slowLesson());
        LessonRunner& runner = w.lessonUi()->runner();
        sl::ui::LessonSidebar* bar = w.lessonUi()->sidebar();
        QTRY_VERIFY_WITH_TIMEOUT(
            w.shownSnapshot() && w.shownSnapshot()->step >= 4 && w.shownSnapshot()->playing, 10000);
        QCOMPARE(runner.state(), LessonRunner::State::Running);
        QVERIFY(bar->statusText().startsWith("Playing to the end of the run"));
        const long long before = w.shownSnapshot()->runId;

        w.runActions()->reset->trigger();
        QTRY_COMPARE(runner.state(), LessonRunner::State::Ready);
        QTRY_VERIFY(w.shownSnapshot()->runId != before);
        QCOMPARE(runner.current(), 0);
        QCOMPARE(bar->stepText(), QString("play it"));
        QVERIFY2(!bar->statusText().contains("Playing"), qPrintable(bar->statusText()));
        QCOMPARE(bar->statusText(),
                 QString("The run was reset. Press Play to play to the end of the run."));
        QVERIFY(bar->nextButton()->isEnabled());
        QCOMPARE(runner.pausedAt(), -1LL);
        // It stays there: nothing plays until the teacher does.
        QTest::qWait(400);
        QCOMPARE(w.shownSnapshot()->step, 0LL);
        QVERIFY(!w.shownSnapshot()->playing);
        QCOMPARE(runner.state(), LessonRunner::State::Ready);

        // Play: on to the step's pause, which is reached exactly.
        w.runActions()->playPause->trigger();
        QTRY_COMPARE(runner.state(), LessonRunner::State::Running);
        QVERIFY(bar->statusText().startsWith("Playing to the end of the run"));
        QVERIFY(waitPaused(runner));
        QCOMPARE(runner.pausedAt(), 40LL);
        QVERIFY(bar->statusText().startsWith("Paused at step 40"));

        // Reset at the pause: the step is at its start again too.
        w.runActions()->reset->trigger();
        QTRY_COMPARE(runner.state(), LessonRunner::State::Ready);
        QTRY_COMPARE(w.shownSnapshot()->step, 0LL);
        QCOMPARE(bar->statusText(),
                 QString("The run was reset. Press Play to play to the end of the run."));
        // Next still goes on from there.
        QTest::mouseClick(bar->nextButton(), Qt::LeftButton);
        QCOMPARE(runner.current(), 1);
        QCOMPARE(bar->stepText(), QString("read it"));
    }

    // The one-shot and lottery lessons as shipped, through the window on a small budget: the
    // prune steps prune the run on screen (a static-mask run at the sparsity asked for, the
    // banner's before/after accuracies), the lottery step pauses when every round has joined
    // the run list.
    void pruneAndLotteryLessonsReachTheirPauses() {
        const auto c = moons();
        MainWindow w(&c);
        w.show();
        const QStringList small = {"data.train_subset=1280", "data.test_subset=200",
                                   "train.epochs=2"};
        const auto lessonNamed = [](const QString& title) {
            for (const sl::Lesson& l : sl::ui::builtInLessons())
                if (sl::ui::lessonText(l.title) == title) return l;
            return sl::Lesson{};
        };
        LessonRunner& runner = w.lessonUi()->runner();
        auto* book = w.findChild<sl::ui::RunBook*>();

        sl::Lesson oneShot = lessonNamed("One-shot SparseGPT vs magnitude");
        QCOMPARE(oneShot.steps.size(), std::size_t(4));
        oneShot.pace.stepsPerSecond = 1000;
        w.lessonUi()->startLesson(oneShot, small);
        QVERIFY(waitPaused(runner, 60000));  // Fashion-MNIST is read first
        QTRY_VERIFY(w.shownSnapshot()->finished);
        const long long denseRun = w.shownSnapshot()->runId;
        for (int i : {1, 3}) {
            runner.next();
            QVERIFY2(waitPaused(runner, 30000), qPrintable(QString::number(i)));
            const sl::LessonPause& pause = oneShot.steps[std::size_t(i)].pause;
            QVERIFY(pause.kind == sl::PauseKind::Prune);
            QTRY_VERIFY(w.shownSnapshot()->config.sparsity.method == "static");
            const auto& s = *w.shownSnapshot();
            QVERIFY(s.runId > denseRun);
            QCOMPARE(runner.pausedAt(), s.step);
            long long active = 0, total = 0;
            for (const auto& layer : s.layers) {
                active += layer.active;
                total += static_cast<long long>(layer.rows) * layer.cols;
            }
            QVERIFY2(std::abs(1.0 - double(active) / double(total) - pause.prune.sparsity) < 0.01,
                     qPrintable(QString("%1 of %2 active").arg(active).arg(total)));
            QVERIFY2(s.notice.startsWith(QString("Pruned with %1")
                                             .arg(QString::fromStdString(
                                                 sl::oneShotMethodName(pause.prune.method)))),
                     qPrintable(s.notice));
            if (i == 1) {
                // Step 3 trains the same dense network again, keeping the pruned run.
                const std::size_t kept = book->runs().size();
                runner.next();
                QVERIFY(waitPaused(runner));
                QTRY_VERIFY(w.shownSnapshot()->finished &&
                            w.shownSnapshot()->config.sparsity.method == "dense");
                QCOMPARE(book->runs().size(), kept + 1);
            }
        }

        sl::Lesson lottery = lessonNamed("Lottery tickets");
        QCOMPARE(lottery.steps.size(), std::size_t(3));
        lottery.pace.stepsPerSecond = 1000;
        w.lessonUi()->startLesson(lottery, small);
        QVERIFY(waitPaused(runner));
        const std::size_t before = book->runs().size();
        runner.next();
        QCOMPARE(runner.state(), LessonRunner::State::Running);
        QVERIFY(
            w.lessonUi()->sidebar()->statusText().startsWith("Lottery ticket rounds are running"));
        QVERIFY(waitPaused(runner, 60000));
        const sl::LotterySettings& rounds = lottery.steps[1].pause.lottery;
        // Round 0 (dense), each pruning round and its reinit control.
        QCOMPARE(book->runs().size(), before + 1 + 2 * std::size_t(rounds.rounds));
        runner.next();
        QCOMPARE(runner.current(), 2);
    }

    // File ▸ Lessons… lists every built-in lesson by title and description in the window's
    // language; choosing one starts it in the lesson dock.
    void pickerListsAndStartsLessons() {
        const auto c = moons();
        MainWindow w(&c);
        w.show();
        QAction* pick = w.findChild<QAction*>("lessonsAction");
        QVERIFY(pick);
        QCOMPARE(pick->text(), QString("Lessons…"));
        pick->trigger();
        sl::ui::LessonPicker* picker = nullptr;
        QTRY_VERIFY((picker = w.findChild<sl::ui::LessonPicker*>()) != nullptr);
        QVERIFY(w.lessonUi()->pickerShownBefore());
        const QList<sl::Lesson> lessons = sl::ui::builtInLessons();
        QCOMPARE(picker->list()->count(), int(lessons.size()));
        QVERIFY(picker->list()->item(0)->text().startsWith(
            "What RigL drops and grows\n"));  // the default first
        int row = -1;
        for (int i = 0; i < picker->list()->count(); ++i)
            if (picker->list()->item(i)->text().startsWith(
                    "Dense vs static vs RigL\nThe same network three times"))
                row = i;
        QVERIFY(row > 0);
        picker->list()->setCurrentRow(row);
        QMetaObject::invokeMethod(picker->findChild<QDialogButtonBox*>(), "accepted");
        QCOMPARE(sl::ui::lessonText(w.lessonUi()->runner().lesson().title),
                 QString("Dense vs static vs RigL"));
        QVERIFY(w.lessonUi()->dock()->isVisible());
        w.lessonUi()->runner().stop();
    }

    // The default lesson as shipped (embedded in the window), on a small budget: each of its
    // steps pauses where it says.
    void theDefaultLessonWalksThrough() {
        const auto c = moons();
        MainWindow w(&c);
        w.show();
        const QList<sl::Lesson> lessons = sl::ui::builtInLessons();
        QVERIFY(lessons.size() >= 10);
        sl::Lesson lesson = lessons.front();
        QCOMPARE(sl::ui::lessonText(lesson.title), QString("What RigL drops and grows"));
        // The pause conditions are under test here, not the pace (test_lesson_pace has that).
        lesson.pace.stepsPerSecond = 1000;
        lesson.pace.holdSeconds = 0;
        w.lessonUi()->startLesson(lesson, {"data.train_subset=1280", "data.test_subset=200",
                                           "train.epochs=2", "sparsity.delta_t=7"});
        LessonRunner& runner = w.lessonUi()->runner();
        for (int i = 0; i < runner.count(); ++i) {
            if (i > 0) runner.next();
            QVERIFY2(waitPaused(runner), qPrintable(QString::number(i)));
            QTRY_VERIFY(w.shownSnapshot() != nullptr);
            const auto& s = *w.shownSnapshot();
            const sl::LessonPause& pause = lesson.steps[std::size_t(i)].pause;
            switch (pause.kind) {
            case sl::PauseKind::MaskUpdate:
                QVERIFY(!s.maskUpdates.empty());
                QCOMPARE(s.maskUpdates.back().step, runner.pausedAt());
                QCOMPARE(s.step, runner.pausedAt());
                break;
            case sl::PauseKind::EpochEnd: QCOMPARE(runner.pausedAt() % s.stepsPerEpoch, 0LL); break;
            case sl::PauseKind::End: QTRY_VERIFY(w.shownSnapshot()->finished); break;
            default: break;
            }
            QCOMPARE(w.lessonUi()->sidebar()->stepText(),
                     QString::fromStdString(lesson.steps[std::size_t(i)].text.in("en")));
        }
        QCOMPARE(runner.current(), runner.count() - 1);
    }
};

SPARSELAB_TEST_MAIN(TestLessonSidebar)
#include "test_lesson_sidebar.moc"
