#include "charts/loss_accuracy_chart.h"
#include "language.h"
#include "support/chart_test_data.h"
#include "support/test_main.h"

#include <QCheckBox>
#include <QFontMetrics>
#include <QLabel>
#include <QLocale>
#include <QSlider>
#include <QtTest>
#include <algorithm>
#include <cmath>

using namespace sl;
using namespace sl::ui;

class TestLossAccuracyChart : public QObject {
    Q_OBJECT
private slots:
    void lossSpikesAreMarkedAtTheirLoss() {
        LossAccuracyChart chart;
        chart.resize(640, 420);
        auto spiky = std::make_shared<RunSnapshot>(*testdata::makeRun());
        LossSpikeEvent a;
        a.step = 100;
        a.loss = 44.2;
        LossSpikeEvent b;
        b.step = 200;
        b.loss = 497.5;
        spiky->lossSpikes = {a, b};
        auto hiddenSpiky = std::make_shared<RunSnapshot>(*spiky);
        const RunList runs{testdata::record(0, "movement 98%", spiky, true),
                           testdata::record(1, "hidden", hiddenSpiky, false, false)};
        chart.setRuns(runs);
        QCOMPARE(chart.spikeSeries()->count(), 2);                 // the hidden run's are not drawn
        QCOMPARE(chart.spikeSeries()->at(0), QPointF(101, 44.2));  // the loss after the update
        QCOMPARE(chart.spikeSeries()->at(1), QPointF(201, 497.5));
        chart.setRuns({testdata::record(0, "rigl 90%", testdata::makeRun(), true)});
        QCOMPARE(chart.spikeSeries()->count(), 0);
    }

    // A run with a validation set draws its validation accuracy beside the test accuracy; one
    // without draws none.
    void validationAccuracyWhenTheRunHasIt() {
        LossAccuracyChart chart;
        chart.resize(640, 420);
        auto run = std::make_shared<RunSnapshot>(*testdata::makeRun());
        testdata::editHistory(*run, [](MetricPoint& p) {
            if (p.hasTest()) p.validationAccuracy = p.testAccuracy + 0.01;
        });
        chart.setRuns({testdata::record(0, "with validation", run, true)});
        QCOMPARE(chart.validationAccuracySeries().size(), std::size_t(1));
        QCOMPARE(chart.validationAccuracySeries()[0]->count(), 10);
        QCOMPARE(chart.validationAccuracySeries()[0]->at(0),
                 QPointF(469, 100.0 * run->history[468].validationAccuracy));
        chart.setRuns({testdata::record(0, "without", testdata::makeRun(), true)});
        QCOMPARE(chart.validationAccuracySeries()[0]->count(), 0);
    }

    // A language model (model.kind gpt): the loss reads in bits per character (nats / ln 2),
    // the accuracy series, axis and range box hide; a classifier beside it brings them back.
    void languageModelLossInBitsWithoutAccuracy() {
        LossAccuracyChart chart;
        chart.resize(640, 420);
        chart.setSmoothing(0.0);
        auto gpt = std::make_shared<RunSnapshot>(*testdata::makeRun());
        gpt->config.model.kind = "gpt";
        testdata::editHistory(*gpt, [](MetricPoint& p) {
            if (p.hasTest()) p.testLoss = 2.5 * std::log(2.0);  // 2.5 bits
        });
        chart.setRuns({testdata::record(0, "gpt", gpt, true)});
        QVERIFY(chart.languageModel());
        QVERIFY(!chart.accuracyAxis()->isVisible());
        QVERIFY(!chart.trainAccuracySeries()[0]->isVisible());
        QVERIFY(!chart.testAccuracySeries()[0]->isVisible());
        QVERIFY(chart.fullRangeBox()->isHidden());
        const MetricPoint& first =
            *std::find_if(gpt->history.begin(), gpt->history.end(),
                          [](const MetricPoint& p) { return std::isfinite(p.trainLoss); });
        QCOMPARE(chart.lossSeries()[0]->at(0).y(), first.trainLoss / std::log(2.0));
        QCOMPARE(chart.readout()->text(),
                 QStringLiteral("held-out %1 bits/char").arg(QLocale().toString(2.5, 'f', 2)));

        chart.setRuns({testdata::record(0, "gpt", gpt, true),
                       testdata::record(1, "mlp", testdata::makeRun(), false)});
        QVERIFY(!chart.languageModel());
        QVERIFY(chart.accuracyAxis()->isVisible());
        QVERIFY(chart.testAccuracySeries()[0]->isVisible());
        QCOMPARE(chart.lossSeries()[0]->at(0).y(), first.trainLoss);
    }

    // Hand-checked: 85–88 % gets a margin of one point and widens to steps of 5: 80–90 %.
    void accuracyAxisFitsTheDataWithAWayBack() {
        QCOMPARE(LossAccuracyChart::fittedRange(85, 88), std::make_pair(80.0, 90.0));
        QCOMPARE(LossAccuracyChart::fittedRange(10, 98), std::make_pair(0.0, 100.0));
        QCOMPARE(LossAccuracyChart::fittedRange(99.5, 99.9), std::make_pair(95.0, 100.0));
        LossAccuracyChart chart;
        chart.resize(640, 420);
        testdata::RunShape a, b;
        a.finalAccuracy = 0.88;
        b.finalAccuracy = 0.85;
        b.seed = 3;
        auto ra = testdata::makeRun(a), rb = testdata::makeRun(b);
        // Only the last three epochs: every accuracy lies in the eighties.
        for (auto* run : {&ra, &rb}) {
            auto trimmed = std::make_shared<RunSnapshot>(**run);
            const auto& h = trimmed->history;
            trimmed->history =
                sl::ui::MetricSeries(std::vector<sl::MetricPoint>(h.begin() + 7 * 469, h.end()));
            *run = trimmed;
        }
        double lo = 100, hi = 0;
        for (const auto& run : {ra, rb})
            for (const MetricPoint& p : run->history) {
                for (double v : {p.trainAccuracy, p.testAccuracy})
                    if (std::isfinite(v)) {
                        lo = std::min(lo, 100 * v);
                        hi = std::max(hi, 100 * v);
                    }
            }
        chart.setSmoothing(0);  // the axis then spans the raw values computed above
        chart.setRuns(
            {testdata::record(0, "rigl", ra, true), testdata::record(1, "static", rb, false)});
        const auto [low, high] = LossAccuracyChart::fittedRange(lo, hi);
        QVERIFY(low >= 70 && high <= 100);
        QCOMPARE(chart.accuracyAxis()->min(), low);
        QCOMPARE(chart.accuracyAxis()->max(), high);
        chart.fullRangeBox()->setChecked(true);
        QCOMPARE(chart.accuracyAxis()->min(), 0.0);
        QCOMPARE(chart.accuracyAxis()->max(), 100.0);
        chart.fullRangeBox()->setChecked(false);
        QCOMPARE(chart.accuracyAxis()->min(), low);
        // The readout: the live run's last test accuracy, "final" once it has finished.
        const double last = 100 * ra->history.back().testAccuracy;
        QCOMPARE(chart.readout()->text(),
                 QStringLiteral("final test %1 %").arg(QLocale().toString(last, 'f', 1)));
        auto running = std::make_shared<RunSnapshot>(*ra);
        running->finished = false;
        chart.setRuns({testdata::record(0, "rigl", running, true)});
        QCOMPARE(chart.readout()->text(),
                 QStringLiteral("test %1 %").arg(QLocale().toString(last, 'f', 1)));
    }

    // Long run names in a narrow chart: the legend wraps instead of cutting them, stays inside
    // the chart, and the vertical axis titles fit the plot's height.
    void legendWrapsAndAxisTitlesFit() {
        LossAccuracyChart chart;
        chart.resize(300, 360);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        testdata::RunShape b;
        b.seed = 5;
        const QStringList names{"rigl 90% ΔT=100 @4690", "static 90% @4690",
                                "set 90% ΔT=100 @4690"};
        chart.setRuns({testdata::record(0, names[0], testdata::makeRun(), true),
                       testdata::record(1, names[1], testdata::makeRun(b), false),
                       testdata::record(2, names[2], testdata::makeRun(b), false)});
        QTest::qWait(100);
        QLabel* legend = chart.legendLabel();
        QVERIFY(legend->isVisible());
        QVERIFY(!chart.chart()->legend()->isVisible());
        for (QString name : names)
            QVERIFY2(legend->text().contains(name.toHtmlEscaped().replace(' ', "&nbsp;")),
                     qPrintable(legend->text()));
        QVERIFY2(legend->height() >= legend->heightForWidth(legend->width()),
                 qPrintable(QString("legend %1 px high, needs %2")
                                .arg(legend->height())
                                .arg(legend->heightForWidth(legend->width()))));
        QVERIFY(legend->geometry().bottom() <= chart.rect().bottom());
        // In both languages (a language change sets every text again).
        for (const char* code : {language::kChinese, language::kEnglish}) {
            QVERIFY(language::apply(QString::fromLatin1(code)));
            QTest::qWait(100);
            const double plotHeight = chart.chart()->plotArea().height();
            for (QAbstractAxis* axis : chart.chart()->axes(Qt::Vertical)) {
                const int needed =
                    QFontMetrics(axis->titleFont()).horizontalAdvance(axis->titleText());
                QVERIFY2(needed <= plotHeight,
                         qPrintable(QString("%1: \"%2\" needs %3 px beside a %4 px plot")
                                        .arg(code, axis->titleText())
                                        .arg(needed)
                                        .arg(plotHeight)));
            }
        }
        QCOMPARE(chart.chart()->title(), QStringLiteral("Loss and accuracy"));
    }

    void onePoolEntryPerVisibleRunAndThinned() {
        LossAccuracyChart chart;
        chart.resize(640, 420);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        testdata::RunShape other;
        other.seed = 11;
        other.finalAccuracy = 0.85;
        const RunList runs{testdata::record(0, "rigl 90%", testdata::makeRun(), true),
                           testdata::record(1, "set 90%", testdata::makeRun(other), false),
                           testdata::record(2, "hidden", testdata::makeRun(other), false, false)};
        QCOMPARE(runs[0].snapshot->history.size(), std::size_t(4690));
        chart.setRuns(runs);

        QCOMPARE(chart.lossSeries().size(), std::size_t(2));
        QCOMPARE(chart.trainAccuracySeries().size(), std::size_t(2));
        QCOMPARE(chart.testAccuracySeries().size(), std::size_t(2));
        int lossSeriesInChart = 0;
        for (QAbstractSeries* s : chart.chart()->series())
            lossSeriesInChart += s->objectName() == "trainLoss";
        QCOMPARE(lossSeriesInChart, 2);
        for (QLineSeries* s : chart.lossSeries()) {
            QVERIFY2(s->count() <= chart.width(), qPrintable(QString::number(s->count())));
            QVERIFY(s->count() > 100);
            QCOMPARE(s->at(0).x(), 1.0);
            QCOMPARE(s->at(s->count() - 1).x(), 4690.0);
        }
        QCOMPARE(chart.lossSeries()[0]->name(), QString("rigl 90%"));
        QCOMPARE(chart.lossSeries()[1]->name(), QString("set 90%"));
        QCOMPARE(chart.lossSeries()[0]->pen().color(), palette::runColor(0));
        QCOMPARE(chart.lossSeries()[1]->pen().color(), palette::runColor(1));
        QVERIFY(chart.lossSeries()[0]->pen().widthF() > chart.lossSeries()[1]->pen().widthF());
        // 10 evaluations (one per epoch), as percentages.
        QCOMPARE(chart.testAccuracySeries()[0]->count(), 10);
        const double expected = 100.0 * runs[0].snapshot->history[468].testAccuracy;
        QCOMPARE(chart.testAccuracySeries()[0]->at(0), QPointF(469, expected));

        // Hiding a run drops its series; one run left, the legend names roles, not runs.
        RunList fewer = runs;
        fewer[1].visible = false;
        chart.setRuns(fewer);
        QCOMPARE(chart.lossSeries().size(), std::size_t(1));
        QCOMPARE(chart.lossSeries()[0]->name(), QString("train loss"));
    }

    void smoothingIsAnExponentialMovingAverage() {
        const QList<QPointF> raw{{0, 1.0}, {1, 3.0}, {2, 3.0}};
        const QList<QPointF> out = LossAccuracyChart::smoothed(raw, 0.5);
        QCOMPARE(out, (QList<QPointF>{{0, 1.0}, {1, 2.0}, {2, 2.5}}));
        QCOMPARE(LossAccuracyChart::smoothed(raw, 0.0), raw);

        LossAccuracyChart chart;
        chart.resize(600, 400);
        auto snap = std::make_shared<RunSnapshot>();
        for (int i = 0; i < 3; ++i) {
            MetricPoint p;
            p.step = i;
            p.trainLoss = raw[i].y();
            snap->history.push_back(p);
        }
        chart.setRuns({testdata::record(0, "a", snap, true)});
        auto* slider = chart.findChild<QSlider*>();
        QVERIFY(slider);
        QVERIFY(!slider->toolTip().isEmpty());
        slider->setValue(50);
        QCOMPARE(chart.smoothing(), 0.5);
        QCOMPARE(chart.lossSeries()[0]->at(2).y(), 2.5);
    }

    void parameterChangeMarker() {
        LossAccuracyChart chart;
        chart.resize(600, 400);
        chart.setRuns({testdata::record(0, "rigl", testdata::makeRun(), true)});
        int markers = 0;
        for (QAbstractSeries* s : chart.chart()->series()) {
            if (s->objectName() != "marker") continue;
            ++markers;
            auto* line = static_cast<QLineSeries*>(s);
            QCOMPARE(line->at(0).x(), 1500.0);
            QCOMPARE(line->at(1).x(), 1500.0);
        }
        QCOMPARE(markers, 1);
        QCOMPARE(ChartWidget::changeLabel({1500, "sparsity.delta_t", 100, 50}),
                 QString("ΔT 100→50"));
        QCOMPARE(ChartWidget::changeLabel({9, "sparsity.drop_fraction", 0.3, 0.2}),
                 QString("α 0.3→0.2"));
    }
};

SPARSELAB_TEST_MAIN(TestLossAccuracyChart)
#include "test_loss_accuracy_chart.moc"
