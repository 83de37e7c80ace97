#include "support/test_main.h"
#include "views/sweep_plot.h"
#include "views/sweep_view.h"

#include "io/checkpoint.h"
#include "io/json_config.h"
#include "panels/run_list_panel.h"
#include "run_book.h"
#include "sweep_opener.h"
#include "train/run_setup.h"

#include <QDir>
#include <QListView>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

namespace {

sl::SweepRunRow row(int point, std::uint64_t seed, sl::Overrides o, double val) {
    sl::SweepRunRow r;
    r.point = point;
    r.seed = seed;
    r.overrides = std::move(o);
    r.finalValidation = val;
    r.finalTest = val - 0.01;
    r.folder = "runs/p0" + std::to_string(point + 1) + "-seed" + std::to_string(seed);
    return r;
}

// ΔT 25, 100, 400 with two seeds each; 100 is best.
sl::SweepTable lineTable() {
    sl::SweepTable t;
    t.keys = {"sparsity.delta_t"};
    const char* dt[] = {"25", "100", "400"};
    const double val[3][2] = {{0.80, 0.82}, {0.85, 0.86}, {0.78, 0.83}};
    for (int p = 0; p < 3; ++p)
        for (int s = 0; s < 2; ++s)
            t.runs.push_back(row(p, 42 + s, {{"sparsity.delta_t", dt[p]}}, val[p][s]));
    sl::summarize(t);
    return t;
}

sl::SweepTable gridTable() {
    sl::SweepTable t;
    t.keys = {"sparsity.delta_t", "sparsity.drop_fraction"};
    int point = 0;
    for (const char* dt : {"25", "100"})
        for (const char* a : {"0.1", "0.3", "0.5"}) {
            const double base = 0.80 + 0.01 * point;
            t.runs.push_back(
                row(point, 1, {{"sparsity.delta_t", dt}, {"sparsity.drop_fraction", a}}, base));
            t.runs.push_back(row(
                point, 2, {{"sparsity.delta_t", dt}, {"sparsity.drop_fraction", a}}, base + 0.004));
            ++point;
        }
    sl::summarize(t);
    return t;
}

}  // namespace

class TestSweepView : public QObject {
    Q_OBJECT
private slots:
    // Every marker and error bar is the table's mean and mean ± std, in percent.
    void linePlotEqualsTheTable() {
        const auto t = lineTable();
        const auto plot = sl::ui::makeSweepPlot(t);
        QCOMPARE(int(plot.mode), int(sl::ui::SweepPlot::Mode::Line));
        QCOMPARE(plot.xKey, QString("sparsity.delta_t"));
        QCOMPARE(plot.xLabels, (QStringList{"25", "100", "400"}));
        QVERIFY(plot.numericX && plot.logX);  // 25..400 spans more than a decade
        QCOMPARE(plot.points.size(), t.points.size());
        for (std::size_t i = 0; i < plot.points.size(); ++i) {
            const auto& p = plot.points[i];
            const auto& row = t.points[std::size_t(p.point)];
            QCOMPARE(p.mean, 100.0 * row.finalValidation.mean);
            QCOMPARE(p.std, 100.0 * row.finalValidation.std);
            QCOMPARE(p.low, p.mean - p.std);
            QCOMPARE(p.high, p.mean + p.std);
            QCOMPARE(p.seeds, 2);
            QCOMPARE(p.best, p.point == t.verdict.best);
        }
        QCOMPARE(t.verdict.best, 1);
        QVERIFY(std::abs(plot.points[2].std - 100.0 * 0.05 / std::sqrt(2.0)) < 1e-9);
    }

    // Markers sit where their numbers say: left to right by ΔT, higher for a higher mean, and
    // a click on one selects its point.
    void markersAreClickable() {
        sl::ui::SweepView view;
        view.resize(800, 500);
        view.setPlot(sl::ui::makeSweepPlot(lineTable()));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QPointF a = view.markerCenter(0), b = view.markerCenter(1), c = view.markerCenter(2);
        QVERIFY(a.x() < b.x() && b.x() < c.x());
        QVERIFY(b.y() < a.y() && a.y() < c.y());  // means 85.5 > 81 > 80.5
        // Log scale: 25 -> 100 and 100 -> 400 are the same distance.
        QVERIFY(std::abs((b.x() - a.x()) - (c.x() - b.x())) < 1.0);
        QSignalSpy spy(&view, &sl::ui::SweepView::pointClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, c.toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toInt(), 2);
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(5, 5));
        QCOMPARE(spy.count(), 1);  // nothing there
        const QImage image = view.grab().toImage();
        QCOMPARE(image.size(), view.size() * view.devicePixelRatioF());
        if (qEnvironmentVariableIsSet("SPARSELAB_SAVE_SHOTS")) image.save("sweep-line.png");
    }

    void gridPlotEqualsTheTable() {
        const auto t = gridTable();
        const auto plot = sl::ui::makeSweepPlot(t);
        QCOMPARE(int(plot.mode), int(sl::ui::SweepPlot::Mode::Grid));
        QCOMPARE(plot.xLabels, (QStringList{"25", "100"}));
        QCOMPARE(plot.yLabels, (QStringList{"0.1", "0.3", "0.5"}));
        QCOMPARE(plot.points.size(), std::size_t(6));
        for (const auto& p : plot.points) {
            const auto& row = t.points[std::size_t(p.point)];
            QCOMPARE(p.mean, 100.0 * row.finalValidation.mean);
            QCOMPARE(p.std, 100.0 * row.finalValidation.std);
            QCOMPARE(p.column, p.point / 3);
            QCOMPARE(p.row, p.point % 3);
        }
        QCOMPARE(t.verdict.best, 5);
        QVERIFY(plot.points[5].best);
        sl::ui::SweepView view;
        view.resize(700, 500);
        view.setPlot(plot);
        QSignalSpy spy(&view, &sl::ui::SweepView::pointClicked);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.markerCenter(4).toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toInt(), 4);
        if (qEnvironmentVariableIsSet("SPARSELAB_SAVE_SHOTS")) view.grab().save("sweep-grid.png");
    }

    // A sweep folder with real checkpoints: every run joins the run list, and a click on a
    // point selects its run there.
    void openerAddsEveryRunAndSelectsOnClick() {
        QTemporaryDir dir;
        sl::SweepTable t;
        t.keys = {"sparsity.delta_t"};
        int point = 0;
        for (int dt : {3, 6}) {
            for (std::uint64_t seed : {1, 2}) {
                sl::RunConfig c;
                c.data.name = "xor";
                c.data.samples = 200;
                c.data.validation = 0.1f;
                c.model.hidden = {8};
                c.train.epochs = 1;
                c.train.batchSize = 32;
                c.sparsity.method = "set";
                c.sparsity.target = 0.5f;
                c.sparsity.deltaT = dt;
                c.seed = seed;
                sl::Trainer trainer(c, sl::loadRunData(c));
                trainer.runToEnd();
                auto r = row(point, seed, {{"sparsity.delta_t", std::to_string(dt)}},
                             trainer.history().back().validationAccuracy);
                QVERIFY(QDir(dir.path()).mkpath(QString::fromStdString(r.folder)));
                sl::saveCheckpoint(trainer,
                                   dir.filePath(QString::fromStdString(r.folder) + "/checkpoint.h5")
                                       .toStdString());
                t.runs.push_back(r);
            }
            ++point;
        }
        sl::summarize(t);
        sl::writeJsonFile(dir.filePath("sweep.json").toStdString(), sl::toJson(t));

        sl::ui::RunBook book;
        sl::ui::RunListPanel list;
        sl::ui::SweepView view;
        QObject::connect(&book, &sl::ui::RunBook::changed, &list,
                         [&] { list.setRuns(book.runs()); });
        sl::ui::SweepOpener opener(book, list, view, nullptr);
        QVERIFY(opener.open(dir.path()));
        QCOMPARE(int(book.runs().size()), 1 + 4);  // the live run and the four kept
        QCOMPARE(book.runs()[1].snapshot->config.sparsity.deltaT, 3);
        QVERIFY(book.runs()[4].snapshot->history.back().hasValidation());
        QCOMPARE(view.plot().points.size(), std::size_t(2));
        view.resize(600, 400);
        emit view.pointClicked(1);
        QCOMPARE(list.currentRunId(), opener.runIdOfPoint(1));
        QCOMPARE(list.currentRunId(), book.runs()[3].id);  // point 2, first seed

        QVERIFY(!opener.open(dir.filePath("no-such")));  // a dialog, and nothing added
        QCOMPARE(int(book.runs().size()), 5);
    }
};

SPARSELAB_TEST_MAIN(TestSweepView)
#include "test_sweep_view.moc"
