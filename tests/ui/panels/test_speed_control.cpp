#include "panels/speed_control.h"
#include "support/test_main.h"

#include <QSignalSpy>
#include <QSlider>
#include <QTest>

using sl::ui::SpeedControl;

class TestSpeedControl : public QObject {
    Q_OBJECT
private slots:
    void startsAtMax() {
        SpeedControl control;
        QCOMPARE(control.speed(), 0.0);
        QCOMPARE(control.labelText(), QStringLiteral("Speed: max"));
        QVERIFY(control.slider()->toolTip().contains("mask updates"));
    }

    void stopsAreLogarithmic() {
        SpeedControl control;
        QSignalSpy changed(&control, &SpeedControl::speedChanged);
        const double expected[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 0};
        for (int position = 0; position <= control.slider()->maximum(); ++position) {
            control.slider()->setValue(position);
            QCOMPARE(control.speed(), expected[position]);
        }
        QCOMPARE(changed.count(), 11);  // every stop differs from the one before, max included
        QCOMPARE(changed.last().at(0).toDouble(), 0.0);
        control.slider()->setValue(7);
        QCOMPARE(control.labelText(), QStringLiteral("Speed: 200 steps/s"));
        QCOMPARE(changed.last().at(0).toDouble(), 200.0);
    }

    void setSpeedSnapsWithoutEmitting() {
        SpeedControl control;
        QSignalSpy changed(&control, &SpeedControl::speedChanged);
        control.setSpeed(45);
        QCOMPARE(control.speed(), 50.0);
        QCOMPARE(control.labelText(), QStringLiteral("Speed: 50 steps/s"));
        control.setSpeed(0);
        QCOMPARE(control.speed(), 0.0);
        QCOMPARE(changed.count(), 0);
    }
};

SPARSELAB_TEST_MAIN(TestSpeedControl)
#include "test_speed_control.moc"
