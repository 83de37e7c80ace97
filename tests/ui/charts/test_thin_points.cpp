#include "charts/thin_points.h"
#include "support/test_main.h"

#include <QtTest>

using sl::ui::thinPoints;

class TestThinPoints : public QObject {
    Q_OBJECT
private slots:
    void shortCurveUnchanged() {
        const QList<QPointF> points{{0, 1}, {1, 2}, {2, 3}};
        QCOMPARE(thinPoints(points, 10), points);
    }

    void countBoundedAndEndsKept() {
        QList<QPointF> points;
        for (int i = 0; i < 4690; ++i) points.append(QPointF(i, std::sin(i * 0.01)));
        for (int max : {4, 5, 100, 601, 1000}) {
            const QList<QPointF> out = thinPoints(points, max);
            QVERIFY2(out.size() <= max, qPrintable(QString::number(out.size())));
            QVERIFY(out.size() >= max - 3);
            QCOMPARE(out.first(), points.first());
            QCOMPARE(out.last(), points.last());
            for (qsizetype i = 1; i < out.size(); ++i) QVERIFY(out[i].x() > out[i - 1].x());
        }
    }

    void spikesSurvive() {
        // A flat loss of 0.5 with one spike up at 2,345 and one dip down at 3,001.
        QList<QPointF> points;
        for (int i = 0; i < 4690; ++i) points.append(QPointF(i, 0.5));
        points[2345].setY(9.0);
        points[3001].setY(-4.0);
        const QList<QPointF> out = thinPoints(points, 200);
        QVERIFY(out.contains(QPointF(2345, 9.0)));
        QVERIFY(out.contains(QPointF(3001, -4.0)));
        double top = 0, bottom = 0;
        for (const QPointF& p : out) {
            top = std::max(top, p.y());
            bottom = std::min(bottom, p.y());
        }
        QCOMPARE(top, 9.0);
        QCOMPARE(bottom, -4.0);
    }

    void tinyBudgets() {
        const QList<QPointF> points{{0, 1}, {1, 5}, {2, 3}, {3, 2}, {4, 0}};
        QCOMPARE(thinPoints(points, 0).size(), 0);
        QCOMPARE(thinPoints(points, 1), QList<QPointF>{QPointF(0, 1)});
        QCOMPARE(thinPoints(points, 2), (QList<QPointF>{{0, 1}, {4, 0}}));
        // One bucket over the three inner points: its min (3,2) and max (1,5), in x order.
        QCOMPARE(thinPoints(points, 4), (QList<QPointF>{{0, 1}, {1, 5}, {3, 2}, {4, 0}}));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestThinPoints)
#include "test_thin_points.moc"
