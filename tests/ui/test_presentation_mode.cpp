#include "charts/churn_chart.h"
#include "charts/loss_accuracy_chart.h"
#include "charts/schedule_chart.h"
#include "charts/weight_histogram_chart.h"
#include "controller/training_controller.h"
#include "io/json_config.h"
#include "language.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_runner.h"
#include "lessons/lesson_ui.h"
#include "main_window.h"
#include "presentation_mode.h"
#include "screen_fit.h"
#include "views/mask_heatmap_view.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QTemporaryDir>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QXYSeries>
#include <QtTest>

using sl::ui::MainWindow;

namespace {

sl::RunConfig moons() {
    sl::RunConfig c;
    c.data.name = "moons";
    c.data.samples = 400;
    c.model.hidden = {8};
    c.train.batchSize = 40;
    c.sparsity.method = "rigl";
    c.sparsity.target = 0.5f;
    c.sparsity.deltaT = 6;
    return c;
}

// What a class reads of a chart from the back: a line's width, a point marker's size, the
// tick labels, the axis title, the legend under the plot.
struct Look {
    double line = 0.0, marker = 0.0, tick = 0.0, axisTitle = 0.0, legend = 0.0;
};

Look lookOf(const sl::ui::ChartWidget& chart, const QString& line, const QString& marker) {
    Look look;
    for (QAbstractSeries* series : chart.chart()->series()) {
        const bool isLine = series->objectName() == line || series->name() == line;
        if (auto* xy = qobject_cast<QXYSeries*>(series); xy && isLine && look.line == 0.0)
            look.line = xy->pen().widthF();
        if (auto* area = qobject_cast<QAreaSeries*>(series); area && isLine)
            look.line = area->pen().widthF();
        if (auto* dots = qobject_cast<QScatterSeries*>(series);
            dots && series->objectName() == marker)
            look.marker = dots->markerSize();
    }
    const QAbstractAxis* x = chart.chart()->axes(Qt::Horizontal).value(0);
    look.tick = x->labelsFont().pointSizeF();
    look.axisTitle = x->titleFont().pointSizeF();
    look.legend = chart.legendLabel()->font().pointSizeF();
    return look;
}

}  // namespace

// F5 shows the projector layout: the three chosen charts only, a big counter at the run's step,
// thicker lines and larger chart texts, and the heatmap with room to be seen; Esc brings back
// exactly the docks and looks that were there before.
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
        const sl::RunConfig c = moons();
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
        QVERIFY2(counter->text().contains(QString("Step %1 of").arg(QLocale().toString(12))),
                 qPrintable(counter->text()));
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

    // Every chart (loss and accuracy, schedule, churn, weight histogram) draws its lines and
    // point markers thicker and its ticks, axis titles and legend larger in presentation mode,
    // and exactly as before after it.
    void chartLinesMarkersAndTextsGrow() {
        const sl::RunConfig c = moons();
        MainWindow w(&c);
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_VERIFY(w.shownSnapshot() != nullptr);
        w.controller().stepToNextMaskUpdate();
        w.controller().stepToNextMaskUpdate();
        QTRY_VERIFY(w.shownSnapshot()->step == 12 && !w.shownSnapshot()->playing);
        QTest::qWait(100);  // the charts' merged redraw
        struct Chart {
            const sl::ui::ChartWidget* widget;
            QString line, marker;
        };
        const std::vector<Chart> charts = {
            {w.lossChart(), "trainLoss", "lossSpikes"},
            {w.findChild<sl::ui::ScheduleChart*>(), "actual", "maskUpdates"},
            {w.findChild<sl::ui::ChurnChart*>(), "grown", ""},
            {w.findChild<sl::ui::WeightHistogramChart*>(), "active", ""},
        };
        std::vector<Look> before;
        for (const Chart& chart : charts) {
            QVERIFY(chart.widget);
            before.push_back(lookOf(*chart.widget, chart.line, chart.marker));
            QVERIFY2(before.back().line > 0.0, qPrintable(chart.line));
            QVERIFY2(chart.marker.isEmpty() || before.back().marker > 0.0,
                     qPrintable(chart.marker));
        }
        const QLabel* readout = w.findChild<QLabel*>("accuracyReadout");
        const double readoutBefore = readout->font().pointSizeF();

        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(w.presentationMode()->active());
        QTest::qWait(100);
        const double k = 1.5;  // kFontScale is 1.6: "larger" means readable from the back
        for (std::size_t i = 0; i < charts.size(); ++i) {
            const Look now = lookOf(*charts[i].widget, charts[i].line, charts[i].marker);
            const QString name = charts[i].widget->metaObject()->className();
            QVERIFY2(now.line >= k * before[i].line, qPrintable(name + " line"));
            QVERIFY2(now.marker >= k * before[i].marker, qPrintable(name + " marker"));
            QVERIFY2(now.tick >= k * before[i].tick, qPrintable(name + " ticks"));
            QVERIFY2(now.axisTitle >= k * before[i].axisTitle, qPrintable(name + " axis title"));
            QVERIFY2(now.legend >= k * before[i].legend, qPrintable(name + " legend"));
        }
        QVERIFY(readout->font().pointSizeF() >= k * readoutBefore);

        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.presentationMode()->active());
        QTest::qWait(100);
        for (std::size_t i = 0; i < charts.size(); ++i) {
            const Look now = lookOf(*charts[i].widget, charts[i].line, charts[i].marker);
            QCOMPARE(now.line, before[i].line);
            QCOMPARE(now.marker, before[i].marker);
            QCOMPARE(now.tick, before[i].tick);
            QCOMPARE(now.axisTitle, before[i].axisTitle);
            QCOMPARE(now.legend, before[i].legend);
        }
        QCOMPARE(readout->font().pointSizeF(), readoutBefore);
    }

    // On a 1366 × 768 screen (this program's, see main) the heatmap is what presentation mode
    // gives the room to: no chart row under it, at least 55 % of the screen's height and a
    // third of its area, or a quarter of it with the lesson dock beside it. The charts stay
    // readable, and Esc gives back the first-launch layout.
    void heatmapHasTheRoomAt1366x768() {
        QSettings().clear();
        const sl::RunConfig c = moons();
        MainWindow w(&c);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::qWait(300);  // the first-launch dock sizes
        const QRect screen = w.screen()->availableGeometry();
        QCOMPARE(screen.size(), QSize(1366, 768));
        auto* heatmap = w.findChild<sl::ui::MaskHeatmapView*>();
        QVERIFY(heatmap);
        const QSize outside = heatmap->size();
        const QStringList docksBefore = visibleDocks(w);
        const auto share = [&](const QWidget* widget) {
            return double(widget->width()) * widget->height() /
                   (double(screen.width()) * screen.height());
        };
        const auto check = [&](double minimumShare) {
            const QString size = QString("heatmap %1x%2 on %3x%4")
                                     .arg(heatmap->width())
                                     .arg(heatmap->height())
                                     .arg(screen.width())
                                     .arg(screen.height());
            QVERIFY2(heatmap->height() >= 0.55 * screen.height(), qPrintable(size));
            QVERIFY2(share(heatmap) >= minimumShare, qPrintable(size));
            for (QDockWidget* d : w.docks()) {
                if (!d->isVisible() || d->visibleRegion().isEmpty()) continue;
                QVERIFY2(w.dockWidgetArea(d) != Qt::BottomDockWidgetArea,
                         qPrintable(d->objectName() + " under the heatmap"));
                QVERIFY2(d->width() >= sl::ui::screen_fit::kReadableDock.width() &&
                             d->height() >= sl::ui::screen_fit::kReadableDock.height(),
                         qPrintable(d->objectName()));
            }
        };

        QTest::keyClick(&w, Qt::Key_F5);
        QTest::qWait(300);
        check(1.0 / 3.0);
        QVERIFY(heatmap->height() > outside.height());
        // Every chart of the presentation can be brought forward (a tab of one group).
        for (const char* name : {"lossDock", "scheduleDock", "churnDock"}) {
            auto* dock = w.findChild<QDockWidget*>(name);
            QVERIFY(dock->isVisible() || !w.tabifiedDockWidgets(dock).isEmpty());
        }
        QTest::keyClick(&w, Qt::Key_Escape);
        QTest::qWait(200);
        QCOMPARE(visibleDocks(w), docksBefore);

        // During a lesson its dock stays beside the heatmap.
        w.lessonUi()->dock()->show();
        QTest::keyClick(&w, Qt::Key_F5);
        QTest::qWait(300);
        QVERIFY(w.findChild<QDockWidget*>("lessonDock")->isVisible());
        check(0.25);
        QTest::keyClick(&w, Qt::Key_Escape);
    }

    // Not a check: with SPARSELAB_SCREENSHOT_DIR set, the README's pictures at 1366 × 768 —
    // the default lesson at its third step (lesson-<language>.png), the same in presentation
    // mode (presentation-<language>.png), and the 2 × 20000 run of
    // fashion-mnist-dense-cannot-hold.json a few steps in, its middle layer as a density map
    // (dense-cannot-hold-<language>.png). SPARSELAB_SCREENSHOT_LANGUAGE: en (default) or zh_CN.
    void screenshotsForTheReadme() {
        const QString dir = qEnvironmentVariable("SPARSELAB_SCREENSHOT_DIR");
        if (dir.isEmpty()) QSKIP("SPARSELAB_SCREENSHOT_DIR not set");
        const QString language = qEnvironmentVariable("SPARSELAB_SCREENSHOT_LANGUAGE", "en");
        const auto file = [&](const char* name) {
            return QDir(dir).filePath(QString("%1-%2.png").arg(name, language));
        };
        QSettings().clear();
        sl::ui::language::apply(language);
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.lessonUi()->startLesson(sl::ui::builtInLessons().front());
            sl::ui::LessonRunner& runner = w.lessonUi()->runner();
            for (int i = 0; i < 3; ++i) {
                if (i > 0) runner.next();
                QTRY_VERIFY_WITH_TIMEOUT(runner.state() == sl::ui::LessonRunner::State::Waiting,
                                         120000);
            }
            QTest::qWait(1000);
            QVERIFY(w.grab().save(file("lesson")));
            QTest::keyClick(&w, Qt::Key_F5);
            QTest::qWait(1000);
            QVERIFY(w.grab().save(file("presentation")));
            QTest::keyClick(&w, Qt::Key_Escape);
        }
        {
            const sl::RunConfig giant =
                sl::loadRunConfig(SPARSELAB_LESSONS "/fashion-mnist-dense-cannot-hold.json", {});
            MainWindow w(&giant);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QTRY_VERIFY_WITH_TIMEOUT(w.shownSnapshot() != nullptr, 120000);
            // The middle layer (20000 × 20000, born sparse) is the one that shows the point.
            w.findChild<sl::ui::MaskHeatmapView*>()->setCurrentLayer(1);
            for (int i = 0; i < 5; ++i) w.controller().stepBatch();
            QTRY_VERIFY_WITH_TIMEOUT(w.shownSnapshot()->step == 5 && !w.shownSnapshot()->playing,
                                     300000);
            QTest::qWait(1500);
            QVERIFY(w.grab().save(file("dense-cannot-hold")));
        }
        qInfo("wrote the screenshots to %s", qPrintable(dir));
    }
};

// The offscreen platform with one 1366 × 768 screen, set before the application exists (as
// tests/ui/window/test_screen_fit does).
int main(int argc, char** argv) {
    QTemporaryDir dir;
    const QString configPath = dir.filePath("screens.json");
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(configPath));
    config.write("{\"synchronousWindowSystemEvents\": true, \"windowFrameMargins\": false,"
                 " \"screens\": [{\"name\": \"classroom\", \"x\": 0, \"y\": 0, \"width\": 1366,"
                 " \"height\": 768, \"logicalDpi\": 96, \"logicalBaseDpi\": 96, \"dpr\": 1}]}");
    config.close();
    qputenv("QT_QPA_PLATFORM", ("offscreen:configfile=" + configPath).toLocal8Bit());
    QApplication app(argc, argv);
    TestPresentationMode test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_presentation_mode.moc"
