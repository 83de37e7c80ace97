#include "controller/training_controller.h"
#include "main_window.h"
#include "panels/prune_dialog.h"
#include "support/main_window_support.h"
#include "support/test_main.h"
#include "support/tiny_run.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QSpinBox>
#include <QTimer>
#include <QtTest>

// Run ▸ Prune trained model…: the dialog's widgets make the settings, N:M fixes the
// sparsity, and accepting it prunes the window's run. With SPARSELAB_SCREENSHOTS set, the
// dialog and the pruned window are saved there as PNG.
using sl::ui::MainWindow;
using sl::ui::PruneDialog;

namespace {

sl::RunConfig denseRun() {
    return sl::test::TinyRun().data("moons").hidden({24, 16}).epochs(20).seed(2);
}

using sl::test::waitShown;

void screenshot(QWidget& widget, const char* name) {
    const QByteArray dir = qgetenv("SPARSELAB_SCREENSHOTS");
    if (!dir.isEmpty()) widget.grab().save(QString::fromUtf8(dir) + "/" + name);
}

}  // namespace

class TestPruneDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("SparseLab-tests");
        QCoreApplication::setApplicationName("test_prune_dialog");
    }

    void widgetsMakeTheSettings() {
        PruneDialog d(500);
        QCOMPARE(d.calibrationBox()->value(), 500);  // capped at the training set
        d.methodBox()->setCurrentIndex(d.methodBox()->findData("wanda"));
        d.sparsityBox()->setValue(0.7);
        sl::OneShotSettings s = d.settings();
        QCOMPARE(s.method, sl::OneShotMethod::Wanda);
        QCOMPARE(s.sparsity, 0.7);
        QVERIFY(!s.nm());
        d.patternBox()->setCurrentIndex(d.patternBox()->findData("2:4"));
        s = d.settings();
        QCOMPARE(s.nmN, 2);
        QCOMPARE(s.nmM, 4);
        QVERIFY(!d.sparsityBox()->isEnabled());
        QCOMPARE(d.sparsityBox()->value(), 0.5);
        d.patternBox()->setCurrentIndex(0);
        QVERIFY(d.sparsityBox()->isEnabled());
    }

    void menuActionPrunesTheRun() {
        const auto c = denseRun();
        MainWindow w(&c);
        w.resize(1600, 1000);
        w.show();
        QVERIFY(waitShown(w, [](const auto& s) { return s.step == 0; }));
        w.controller().play();
        QVERIFY(waitShown(w, [](const auto& s) { return s.finished; }));

        QAction* prune = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text() == "Prune trained model…") prune = a;
        QVERIFY(prune);
        // The dialog is modal: set it up and accept it from inside its event loop.
        bool seen = false;
        QTimer::singleShot(300, this, [&] {
            auto* d = w.findChild<PruneDialog*>();
            QVERIFY(d);
            seen = true;
            d->methodBox()->setCurrentIndex(d->methodBox()->findData("sparsegpt"));
            d->sparsityBox()->setValue(0.6);
            d->calibrationBox()->setValue(400);
            screenshot(*d, "prune_dialog.png");
            d->accept();
        });
        prune->trigger();
        QVERIFY(seen);
        QVERIFY(waitShown(w, [](const auto& s) { return s.notice.startsWith("Pruned"); }));
        const auto s = w.shownSnapshot();
        QCOMPARE(s->method, QString("static"));
        for (const auto& layer : s->layers)
            QCOMPARE(layer.active, layer.parameters - std::llround(0.6 * layer.cols) * layer.rows);
        QTest::qWait(200);
        screenshot(w, "pruned_window.png");
    }
};

SPARSELAB_TEST_MAIN(TestPruneDialog)
#include "test_prune_dialog.moc"
