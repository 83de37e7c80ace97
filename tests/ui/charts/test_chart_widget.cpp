#include "charts/schedule_chart.h"
#include "support/chart_test_data.h"
#include "support/test_main.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl;
using namespace sl::ui;

class TestChartWidget : public QObject {
    Q_OBJECT
private slots:
    void exportsPngAndSvg() {
        ScheduleChart chart;
        chart.resize(640, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setRuns({testdata::record(0, "rigl", testdata::makeRun(), true)});
        QTemporaryDir dir;
        QString error;

        const QString png = dir.filePath("schedule.png");
        QVERIFY2(chart.exportTo(png, &error), qPrintable(error));
        QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), chart.chartView()->width() * int(chart.devicePixelRatio()));
        // The plot background is white; the actual-sparsity curve is in the run's colour.
        QCOMPARE(image.pixelColor(image.width() / 2, image.height() / 2).lightness() > 200, true);
        bool runColourFound = false;
        for (int y = 0; y < image.height() && !runColourFound; ++y)
            for (int x = 0; x < image.width() && !runColourFound; ++x)
                runColourFound = image.pixel(x, y) == palette::runColor(0).rgb();
        QVERIFY(runColourFound);

        const QString svg = dir.filePath("schedule.svg");
        QVERIFY2(chart.exportTo(svg, &error), qPrintable(error));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.startsWith("<?xml") || text.contains("<svg"));
        QVERIFY(text.contains("<path") || text.contains("<polyline"));

        QVERIFY(!chart.exportTo(dir.filePath("schedule.bmp"), &error));
        QVERIFY(error.contains(".png"));
        QVERIFY(!chart.exportTo("/nonexistent-folder/x.png", &error));
        QVERIFY(error.contains("/nonexistent-folder/x.png"));
    }

    void budgetFollowsThePlotWidth() {
        ScheduleChart chart;
        chart.resize(500, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setRuns({testdata::record(0, "rigl", testdata::makeRun(), true)});
        QVERIFY(chart.pointBudget() <= 500);
        QVERIFY(chart.pointBudget() >= 300);
        QVERIFY(chart.actualSeries()[0]->count() <= chart.pointBudget());
    }
};

SPARSELAB_TEST_MAIN(TestChartWidget)
#include "test_chart_widget.moc"
