#include "controller/training_controller.h"
#include "main_window.h"
#include "presentation_mode.h"

#include <QDockWidget>
#include <QLabel>
#include <QLocale>
#include <QtTest>

using sl::ui::MainWindow;

// F5 shows the projector layout: the three chosen charts only, a big counter at the run's step;
// Esc brings back exactly the docks that were showing before.
class TestPresentationMode : public QObject {
    Q_OBJECT

    static QStringList visibleDocks(MainWindow& w) {
        QStringList out;
        for (QDockWidget* d : w.docks())
            if (d->isVisible()) out << d->objectName();
        out.sort();
        return out;
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("SparseLab-tests");
        QCoreApplication::setApplicationName("test_presentation_mode");
    }

    void f5ShowsTheCounterAndEscRestores() {
        sl::RunConfig c;
        c.data.name = "moons";
        c.data.samples = 400;
        c.model.hidden = {8};
        c.train.batchSize = 40;
        c.sparsity.method = "rigl";
        c.sparsity.target = 0.5f;
        c.sparsity.deltaT = 6;
        MainWindow w(&c);
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        QTRY_VERIFY(w.shownSnapshot() != nullptr);
        w.controller().stepToNextMaskUpdate();
        w.controller().stepToNextMaskUpdate();
        QTRY_VERIFY(w.shownSnapshot()->step == 12 && !w.shownSnapshot()->playing);
        // Close one dock by hand: the layout to come back to is not the default one.
        w.findChild<QDockWidget*>("whyDock")->hide();
        const QStringList before = visibleDocks(w);
        QVERIFY(before.contains("configDock") && !before.contains("whyDock"));
        const qreal fontBefore = w.font().pointSizeF();

        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(w.presentationMode()->active());
        QCOMPARE(visibleDocks(w), (QStringList{"churnDock", "lossDock", "scheduleDock"}));
        auto* counter = w.findChild<QLabel*>("presentationCounter");
        QVERIFY(counter && counter->isVisible());
        QVERIFY2(counter->text().contains(QString("Step %1 of").arg(QLocale().toString(12))), qPrintable(counter->text()));
        QVERIFY2(counter->text().contains("Mask updates: 2"), qPrintable(counter->text()));
        QVERIFY(w.font().pointSizeF() > fontBefore * 1.5);
        // It follows the run.
        w.controller().stepToNextMaskUpdate();
        QTRY_VERIFY(counter->text().contains(QString("Step %1 of").arg(QLocale().toString(18))));

        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.presentationMode()->active());
        QCOMPARE(visibleDocks(w), before);
        QTRY_VERIFY(w.findChild<QLabel*>("presentationCounter") == nullptr);
        QCOMPARE(w.font().pointSizeF(), fontBefore);
        // And again: F5 toggles too.
        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(w.presentationMode()->active());
        QTest::keyClick(&w, Qt::Key_F5);
        QCOMPARE(visibleDocks(w), before);
    }
};

QTEST_MAIN(TestPresentationMode)
#include "test_presentation_mode.moc"
