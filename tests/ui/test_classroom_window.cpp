// What a teacher tripped over (#17, item 6), driven through the real window: kept runs survive
// a restart and move as run set files; Keep leaves one entry per kept run; Space and N work
// with a settings field focused; Save checkpoint writes the step that was on screen; "why this
// update" after reopening a checkpoint names the update the heatmap names.

#include "charts/loss_accuracy_chart.h"
#include "controller/training_controller.h"
#include "io/checkpoint.h"
#include "main_window.h"
#include "panels/config_panel.h"
#include "run_actions.h"
#include "run_book.h"
#include "run_set_file.h"
#include "support/test_main.h"
#include "views/why_update_view.h"

#include <QAction>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include "support/main_window_support.h"

using sl::test::action;
using sl::test::smallRiglRun;
using sl::test::waitShown;
using sl::ui::MainWindow;

namespace {

// Plays one epoch (20 steps) and keeps the run, twice: kept runs at steps 20 and 40.
bool keepAfterEachOfTwoEpochs(MainWindow& w) {
    for (long long step : {20LL, 40LL}) {
        action(w, "Epoch")->trigger();
        if (!waitShown(w, [step](const auto& s) { return s.step == step && !s.playing; }))
            return false;
        action(w, "Keep this run for comparison")->trigger();
    }
    return true;
}

int keptCount(const sl::ui::RunBook& book) {
    return int(std::count_if(book.runs().begin(), book.runs().end(),
                             [](const sl::ui::RunRecord& r) { return !r.live; }));
}

}  // namespace

class TestClassroomWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("SparseLab-tests");
        QCoreApplication::setApplicationName("test_classroom_window");
        QStandardPaths::setTestModeEnabled(true);
    }
    void init() {
        QFile::remove(MainWindow::sessionRunSetPath());
        QSettings().clear();
    }

    void keptRunsSurviveARestart() {
        const auto c = smallRiglRun();
        QString name;
        std::size_t points = 0;
        {
            MainWindow w(&c);
            w.show();
            QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
            action(w, "Epoch")->trigger();
            QVERIFY(waitShown(w, [](const auto& s) { return s.step == 20 && !s.playing; }));
            action(w, "Keep this run for comparison")->trigger();
            QCOMPARE(keptCount(*w.runBook()), 1);
            name = w.runBook()->runs().back().name;
            points = w.runBook()->runs().back().snapshot->history.size();
            QVERIFY(points > 0);
            w.close();
        }
        QVERIFY(QFile::exists(MainWindow::sessionRunSetPath()));
        MainWindow again(&c);
        const auto& runs = again.runBook()->runs();
        QCOMPARE(keptCount(*again.runBook()), 1);
        QCOMPARE(runs.back().name, name);
        QCOMPARE(runs.back().snapshot->history.size(), points);
        QCOMPARE(runs.back().snapshot->step, 20LL);
        QVERIFY(!runs.back().live);
    }

    void runSetFilesMoveKeptRuns() {
        QTemporaryDir dir;
        const QString path = dir.filePath("class.json");
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        QVERIFY(keepAfterEachOfTwoEpochs(w));
        QVERIFY(w.saveRunSet(path));
        w.runBook()->clearKept();
        QCOMPARE(keptCount(*w.runBook()), 0);
        QVERIFY(w.openRunSet(path));
        QCOMPARE(keptCount(*w.runBook()), 2);
        QCOMPARE(w.runBook()->runs()[1].snapshot->step, 20LL);
        QCOMPARE(w.runBook()->runs()[2].snapshot->step, 40LL);
    }

    // Two kept runs, the live run identical to the second: two curves and two legend entries,
    // not three. Once the live run moves on it is drawn again.
    void keepLeavesOneEntryPerKeptRun() {
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        QVERIFY(keepAfterEachOfTwoEpochs(w));
        QTest::qWait(100);
        const auto& runs = w.runBook()->runs();
        QCOMPARE(runs.size(), std::size_t(3));
        QCOMPARE(w.lossChart()->lossSeries().size(), std::size_t(2));
        const QString legend = w.lossChart()->legendLabel()->text();
        QCOMPARE(legend.count(runs[1].name.toHtmlEscaped().replace(' ', "&nbsp;")), 1);
        QCOMPARE(legend.count(runs[2].name.toHtmlEscaped().replace(' ', "&nbsp;")), 1);
        QVERIFY2(!legend.contains("current&nbsp;run"), qPrintable(legend));
        action(w, "Step")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 41; }));
        QTest::qWait(100);
        QCOMPARE(w.lossChart()->lossSeries().size(), std::size_t(3));
    }

    // A numeric field with the focus does not swallow Space or N; a free-text field keeps them.
    void transportKeysWorkWithAFieldFocused() {
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        auto* deltaT =
            qobject_cast<QAbstractSpinBox*>(w.configPanel()->editorFor("sparsity.delta_t"));
        QVERIFY(deltaT);
        w.activateWindow();
        deltaT->setFocus();
        QTRY_VERIFY(deltaT->hasFocus());
        const QString before = deltaT->text();
        QTest::keyClick(deltaT, Qt::Key_N);
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 10 && !s.playing; }));
        QCOMPARE(deltaT->text(), before);
        // Slow enough that the run is still playing when the window next draws.
        w.controller().setSpeed(20);
        QTest::keyClick(deltaT, Qt::Key_Space);
        QVERIFY(waitShown(w, [](const auto& s) { return s.playing; }));
        QTest::keyClick(deltaT, Qt::Key_Space);
        QVERIFY(waitShown(w, [](const auto& s) { return !s.playing; }));
        QCOMPARE(deltaT->text(), before);

        auto* note = new QLineEdit(&w);
        w.statusBar()->addWidget(note);
        note->show();
        note->setFocus();
        QTRY_VERIFY(note->hasFocus());
        const long long step = w.shownSnapshot()->step;
        QTest::keyClick(note, Qt::Key_N);
        QTest::keyClick(note, Qt::Key_Space);
        QCOMPARE(note->text(), QStringLiteral("n "));
        QTest::qWait(300);
        QCOMPARE(w.shownSnapshot()->step, step);
        QVERIFY(!w.shownSnapshot()->playing);
    }

    // The dialog stays open 1 s while the run plays at 20 steps/s: the file holds the step
    // shown while it was open, the one the run stopped at when Save was chosen (before, the
    // run went on behind the dialog: 20 steps more).
    void saveWritesTheStepOnScreen() {
        QTemporaryDir dir;
        const QString path = dir.filePath("now.h5");
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        w.controller().setSpeed(20);
        w.controller().play();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step >= 10 && s.playing; }));
        const long long pressed = w.shownSnapshot()->step;
        long long duringDialog = -1;
        w.setSavePathAsker([&] {
            QTest::qWait(1000);
            duringDialog = w.shownSnapshot()->step;
            return path;
        });
        QAction* save = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->shortcut() == QKeySequence(QKeySequence::Save)) save = a;
        QVERIFY(save);
        save->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 5000);
        const sl::Checkpoint saved = sl::readCheckpoint(path.toStdString());
        QCOMPARE(saved.state.step, duringDialog);
        // The pause lands within the screen's lag (a few redraws) of the press, not 20 later.
        QVERIFY2(saved.state.step - pressed < 10,
                 qPrintable(QString("pressed at %1, saved %2").arg(pressed).arg(saved.state.step)));
        // The run plays on after the dialog.
        QVERIFY(
            waitShown(w, [&](const auto& s) { return s.playing && s.step > saved.state.step; }));
        w.controller().pause();
    }

    void whyThisUpdateAfterReopening() {
        QTemporaryDir dir;
        const QString path = dir.filePath("run.h5");
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        action(w, "Next mask update")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 10 && !s.playing; }));
        action(w, "Next mask update")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 20 && !s.playing; }));
        w.controller().saveCheckpoint(path);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 5000);
        w.openCheckpoint(path);
        QVERIFY(waitShown(w, [](const auto& s) { return s.notice.startsWith("Opened"); }));
        QTest::qWait(100);
        const auto& layer = w.shownSnapshot()->layers[0];
        QCOMPARE(layer.lastUpdateStep, 20LL);
        QVERIFY(layer.lastPruned > 0);
        QVERIFY2(w.whyView()->titleText().startsWith("Step 20:"),
                 qPrintable(w.whyView()->titleText()));
        QVERIFY(!w.whyView()->titleText().contains("no mask update yet"));
        QVERIFY(w.whyView()->titleText().contains(QString("dropped %1").arg(layer.lastPruned)));
        QVERIFY(w.whyView()->messageText().contains("checkpoint"));
    }
};

SPARSELAB_TEST_MAIN(TestClassroomWindow)
#include "test_classroom_window.moc"
