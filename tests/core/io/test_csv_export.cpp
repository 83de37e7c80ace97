#include "io/csv_export.h"
#include "support/test_main.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

class TestCsvExport : public QObject {
    Q_OBJECT
private slots:
    void writesOneRowPerPointWithEmptyMissingValues() {
        sl::MetricHistory h(2);
        h[0].step = 50;
        h[0].epoch = 1;
        h[0].lr = 0.05;
        h[0].trainLoss = 0.5;
        h[0].trainAccuracy = 0.75;
        h[1].step = 469;
        h[1].epoch = 1;
        h[1].lr = 0.025;
        h[1].trainLoss = 0.25;
        h[1].trainAccuracy = 0.875;
        h[1].testLoss = 0.375;
        h[1].testAccuracy = 0.8125;
        h[1].sparsity = 0.5;
        h[1].targetSparsity = 0.75;
        h[1].dropFraction = 0.125;
        h[1].pruned = 12;
        h[1].grown = 12;
        h[1].itop = 0.625;
        h[1].validationLoss = 0.4375;
        h[1].validationAccuracy = 0.78125;
        QCOMPARE(QString::fromStdString(sl::metricsCsv(h)),
                 QString("step,epoch,lr,train_loss,train_accuracy,test_loss,test_accuracy,"
                         "sparsity,target_sparsity,drop_fraction,pruned,grown,itop,"
                         "validation_loss,validation_accuracy\n"
                         "50,1,0.05,0.5,0.75,,,0,0,0,0,0,0,,\n"
                         "469,1,0.025,0.25,0.875,0.375,0.8125,0.5,0.75,0.125,12,12,0.625,"
                         "0.4375,0.78125\n"));
    }

    void maskEventsOneRowPerChange() {
        std::vector<sl::MaskUpdateEvent> events(2);
        events[0].step = 100;
        events[0].layer = 0;
        events[0].prunedIndices = {1, 5, 9};
        events[0].grownIndices = {2, 3, 4};
        events[1].step = 100;
        events[1].layer = 2;
        events[1].prunedIndices = {7};
        // Named as the window names layers; an event past the names falls back to a number.
        events.push_back(events[1]);
        events[2].layer = 5;
        QCOMPARE(QString::fromStdString(sl::maskEventsCsv(events, {"dense1", "dense2", "dense3"})),
                 QString("step,layer,pruned,grown\n100,dense1,3,3\n100,dense3,1,0\n100,6,1,0\n"));
    }

    void fileIsReplacedWhole() {
        QTemporaryDir dir;
        const QString path = dir.filePath("m.csv");
        sl::MetricHistory h(1);
        h[0].step = 1;
        sl::writeMetricsCsv(path.toStdString(), h);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), 2);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);  // no temporary left
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestCsvExport)
#include "test_csv_export.moc"
