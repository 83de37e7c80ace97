#include "controller/training_controller.h"
#include "main_window.h"
#include "message_banner.h"
#include "panels/layer_sparsity_panel.h"
#include "run_book.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"

#include <QAction>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLocale>
#include <QMessageBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "support/main_window_support.h"

using sl::test::action;
using sl::test::smallRiglRun;
using sl::test::waitShown;
using sl::ui::MainWindow;

namespace {}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("SparseLab-tests");
        QCoreApplication::setApplicationName("test_main_window");
    }

    void opensPausedWithEveryView() {
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0 && !s.playing; }));
        QStringList names;
        for (QDockWidget* d : w.docks()) names << d->objectName();
        for (const char* name : {"configDock", "runsDock", "lossDock", "scheduleDock", "churnDock",
                                 "layersDock", "histogramDock", "whyDock", "costDock"})
            QVERIFY2(names.contains(name), name);
        QVERIFY(action(w, "Play"));
    }

    void spaceShortcutPlaysAndPauses() {
        auto c = smallRiglRun();
        c.train.epochs = 100000;  // this small model would otherwise finish in a blink
        MainWindow w(&c);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w) || true);
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        QAction* play = action(w, "Play");
        QVERIFY(play);
        QCOMPARE(play->shortcut(), QKeySequence(Qt::Key_Space));
        play->trigger();
        QVERIFY2(waitShown(w, [](const auto& s) { return s.playing && s.step > 30; }),
                 qPrintable(QString("shown step %1 playing %2 redraws %3")
                                .arg(w.shownSnapshot()->step)
                                .arg(w.shownSnapshot()->playing)
                                .arg(w.redrawCount())));
        action(w, "Pause")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return !s.playing; }));
        const long long stopped = w.shownSnapshot()->step;
        QTest::qWait(300);
        QCOMPARE(w.controller().latestSnapshot()->step, stopped);
    }

    void layerTableMatchesTheEngine() {
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        action(w, "Next mask update")->trigger();
        action(w, "Next mask update")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 20 && !s.playing; }));

        sl::Trainer engine(c, sl::loadRunData(c));
        engine.run(20);
        QTableWidget* table = w.layerSparsityPanel()->table();
        int activeColumn = -1;
        for (int col = 0; col < table->columnCount(); ++col)
            if (table->horizontalHeaderItem(col)->text().toLower() == "active") activeColumn = col;
        QVERIFY(activeColumn >= 0);
        const auto& layers = engine.sparsityTracker().layers();
        QVERIFY(table->rowCount() >= int(layers.size()));
        for (int l = 0; l < int(layers.size()); ++l)
            QCOMPARE(table->item(l, activeColumn)->text(),
                     QLocale().toString(layers[std::size_t(l)].active));
    }

    void badConfigShowsAMessageAndKeepsTheRun() {
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        sl::RunConfig bad = c;
        bad.data.name = "idx";
        bad.data.path = "/nonexistent/idx-folder";
        w.controller().setConfig(bad);
        QTRY_VERIFY_WITH_TIMEOUT(w.banner()->isVisible() && w.banner()->isError(), 5000);
        QVERIFY(w.banner()->text().contains("/nonexistent/idx-folder"));
        action(w, "Step")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 1; }));  // still usable
    }

    void savesAndReopensACheckpoint() {
        QTemporaryDir dir;
        const QString path = dir.filePath("run.h5");
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        action(w, "Next mask update")->trigger();
        action(w, "Step")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 11 && !s.playing; }));
        const auto saved = w.shownSnapshot();
        w.controller().saveCheckpoint(path);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 5000);

        action(w, "Reset")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        w.openCheckpoint(path);
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 11 && !s.playing; }));
        const auto opened = w.shownSnapshot();
        QVERIFY(opened->runId != saved->runId);
        QCOMPARE(opened->maskUpdates.size(), saved->maskUpdates.size());
        QCOMPARE(opened->history.size(), saved->history.size());
        for (std::size_t l = 0; l < saved->layers.size(); ++l) {
            QCOMPARE(opened->layers[l].mask, saved->layers[l].mask);
            QCOMPARE(opened->layers[l].weight, saved->layers[l].weight);
        }
        action(w, "Step")->trigger();  // and it continues
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 12; }));
    }

    void aBadCheckpointIsExplainedAndTheRunStays() {
        QTemporaryDir dir;
        const QString path = dir.filePath("notes.h5");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("these are not the weights you are looking for\n");
        f.close();
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        action(w, "Step")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 1; }));
        w.openCheckpoint(path);
        QTRY_VERIFY_WITH_TIMEOUT(w.findChild<QMessageBox*>() != nullptr, 5000);
        QVERIFY(w.findChild<QMessageBox*>()->text().contains(path));
        QVERIFY(w.banner()->isError());
        QCOMPARE(w.controller().latestSnapshot()->step, 1LL);
        QFile::remove(path);
    }

    void keptRunsAreListed() {
        const auto c = smallRiglRun();
        MainWindow w(&c);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        action(w, "Epoch")->trigger();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 20 && !s.playing; }));
        auto* keep = action(w, "Keep this run for comparison");
        QVERIFY(keep);
        keep->trigger();
        auto* book = w.findChild<sl::ui::RunBook*>();
        QVERIFY(book);
        QCOMPARE(book->runs().size(), std::size_t(2));
        QCOMPARE(book->runs()[1].snapshot->step, 20LL);
        QVERIFY(book->runs()[1].color != book->runs()[0].color);
    }
};

SPARSELAB_TEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
