#include "panels/run_list_panel.h"
#include "support/test_main.h"

#include "views/palette.h"

#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using sl::ui::RunListPanel;
using sl::ui::RunRecord;

namespace {

sl::ui::SnapshotPtr snapshotOf(const char* method, float target, double finalTestAccuracy) {
    auto snapshot = std::make_shared<sl::ui::RunSnapshot>();
    snapshot->config.sparsity.method = method;
    snapshot->config.sparsity.target = target;
    snapshot->step = 4690;
    for (long long step = 0; step <= 4690; step += 469) {
        sl::MetricPoint point;
        point.step = step;
        point.testAccuracy = step == 4690 ? finalTestAccuracy : 0.5;
        snapshot->history.push_back(point);
    }
    sl::MetricPoint trainOnly;  // a later point without a test evaluation
    trainOnly.step = 4690;
    snapshot->history.push_back(trainOnly);
    return snapshot;
}

sl::ui::RunList threeRuns() {
    sl::ui::RunList runs(3);
    runs[0] = RunRecord{7,    "Live run", sl::ui::palette::runColor(0),
                        true, true,       snapshotOf("rigl", 0.9f, 0.8742)};
    runs[1] = RunRecord{3,
                        "Dense baseline",
                        sl::ui::palette::runColor(1),
                        true,
                        false,
                        snapshotOf("dense", 0.9f, 0.8916)};
    runs[2] = RunRecord{5,     "SET 80%", sl::ui::palette::runColor(2),
                        false, false,     snapshotOf("set", 0.8f, 0.8633)};
    return runs;
}

}  // namespace

class TestRunListPanel : public QObject {
    Q_OBJECT
private slots:
    void rowsShowNameColourAndSummary() {
        RunListPanel panel;
        panel.setRuns(threeRuns());
        QStandardItemModel* model = panel.model();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->item(0)->text(), QStringLiteral("Live run"));
        QCOMPARE(model->item(0)->data(RunListPanel::IdRole).toInt(), 7);
        QCOMPARE(model->item(1)->data(Qt::DecorationRole).value<QColor>(),
                 sl::ui::palette::runColor(1));
        QCOMPARE(model->item(0)->data(RunListPanel::DescriptionRole).toString(),
                 QStringLiteral("live · rigl · 90% sparse · test acc 87.4%"));
        QCOMPARE(model->item(1)->data(RunListPanel::DescriptionRole).toString(),
                 QStringLiteral("dense · test acc 89.2%"));
        QCOMPARE(model->item(2)->data(RunListPanel::DescriptionRole).toString(),
                 QStringLiteral("set · 80% sparse · test acc 86.3%"));
        QCOMPARE(model->item(0)->checkState(), Qt::Checked);
        QCOMPARE(model->item(2)->checkState(), Qt::Unchecked);
    }

    void rowsArePaintedInTheRunColour() {
        RunListPanel panel;
        panel.resize(420, 260);
        panel.setRuns(threeRuns());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.view()->setCurrentIndex(panel.model()->index(1, 0));  // selection must not tint it
        const QImage image = panel.view()->viewport()->grab().toImage();
        for (int row = 0; row < 3; ++row) {
            const QRect rect = panel.view()->visualRect(panel.model()->index(row, 0));
            const QRgb colour = sl::ui::palette::runColor(row).rgb();
            int matching = 0;
            for (int y = rect.top(); y <= rect.bottom(); ++y)
                for (int x = rect.left(); x <= rect.right(); ++x)
                    matching += (image.pixel(x, y) & 0xffffff) == (colour & 0xffffff);
            // The swatch is an 18x18 square less its outline.
            QVERIFY2(matching >= 14 * 14, qPrintable(QString::number(matching)));
        }
    }

    void renamingEmitsTheNewName() {
        RunListPanel panel;
        panel.setRuns(threeRuns());
        QSignalSpy renamed(&panel, &RunListPanel::renamed);
        panel.model()->item(1)->setText("Baseline");
        QCOMPARE(renamed.count(), 1);
        QCOMPARE(renamed.at(0).at(0).toInt(), 3);
        QCOMPARE(renamed.at(0).at(1).toString(), QStringLiteral("Baseline"));

        panel.model()->item(1)->setText("   ");  // an empty name is refused
        QCOMPARE(renamed.count(), 1);
        QCOMPARE(panel.model()->item(1)->text(), QStringLiteral("Baseline"));

        // Through the editor, as F2 opens it.
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QModelIndex index = panel.model()->index(2, 0);
        panel.view()->setCurrentIndex(index);
        QTest::keyClick(panel.view(), Qt::Key_F2);
        auto* editor = panel.view()->viewport()->findChild<QLineEdit*>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, "SET run");
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(renamed.count(), 2);  // the delegate commits through a queued call
        QCOMPARE(renamed.at(1).at(0).toInt(), 5);
        QCOMPARE(renamed.at(1).at(1).toString(), QStringLiteral("SET run"));
    }

    void untickingHidesTheRun() {
        RunListPanel panel;
        panel.setRuns(threeRuns());
        QSignalSpy visibility(&panel, &RunListPanel::visibilityChanged);
        QSignalSpy renamed(&panel, &RunListPanel::renamed);
        panel.model()->item(1)->setCheckState(Qt::Unchecked);
        QCOMPARE(visibility.count(), 1);
        QCOMPARE(visibility.at(0).at(0).toInt(), 3);
        QCOMPARE(visibility.at(0).at(1).toBool(), false);
        panel.model()->item(2)->setCheckState(Qt::Checked);
        QCOMPARE(visibility.at(1).at(0).toInt(), 5);
        QCOMPARE(visibility.at(1).at(1).toBool(), true);
        QCOMPARE(renamed.count(), 0);
    }

    void setRunsDoesNotEchoSignals() {
        RunListPanel panel;
        panel.setRuns(threeRuns());
        QSignalSpy visibility(&panel, &RunListPanel::visibilityChanged);
        QSignalSpy renamed(&panel, &RunListPanel::renamed);
        auto runs = threeRuns();
        runs[1].visible = false;
        runs[1].name = "Renamed by the window";
        panel.setRuns(runs);
        QCOMPARE(visibility.count(), 0);
        QCOMPARE(renamed.count(), 0);
        QCOMPARE(panel.model()->item(1)->text(), QStringLiteral("Renamed by the window"));
        QCOMPARE(panel.model()->item(1)->checkState(), Qt::Unchecked);
    }

    void removeAndKeep() {
        RunListPanel panel;
        panel.setRuns(threeRuns());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy remove(&panel, &RunListPanel::removeRequested);
        QSignalSpy keep(&panel, &RunListPanel::keepRequested);
        panel.view()->setFocus();
        panel.view()->setCurrentIndex(panel.model()->index(0, 0));
        QCOMPARE(panel.currentRunId(), 7);
        QTest::keyClick(panel.view(), Qt::Key_Delete);
        QCOMPARE(remove.count(), 0);  // the live run stays
        panel.view()->setCurrentIndex(panel.model()->index(1, 0));
        QTest::keyClick(panel.view(), Qt::Key_Delete);
        QCOMPARE(remove.count(), 1);
        QCOMPARE(remove.at(0).at(0).toInt(), 3);
        for (auto* button : panel.findChildren<QPushButton*>())
            if (button->text() == "Keep current run") button->click();
        QCOMPARE(keep.count(), 1);
    }
};

SPARSELAB_TEST_MAIN(TestRunListPanel)
#include "test_run_list_panel.moc"
