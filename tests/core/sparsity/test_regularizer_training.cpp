#include "io/checkpoint.h"
#include "io/csv_export.h"
#include "sparsity/hard_concrete.h"
#include "sparsity/methods/l0.h"
#include "support/json_at.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/run_summary.h"
#include "train/trainer.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>

// l1 and l0 in the real step loop on a Fashion-MNIST subset: sparsity emerges, the tracker's
// counts are the non-zero weights / open gates, NaN targets flow through CSV, summary and
// checkpoints, and a resumed l0 run draws the same gates.
namespace {

sl::RunConfig regularizerConfig(const char* method) {
    sl::RunConfig c;  // the default lesson's MLP and optimizer
    c.data.trainSubset = 6000;
    c.data.testSubset = 2000;
    c.train.epochs = 2;  // 47 steps an epoch
    c.sparsity.method = method;
    c.sparsity.deltaT = 10;
    c.sparsity.l1Lambda = 1e-2f;  // strong, so that 94 steps show it
    c.sparsity.l0Lambda = 3e-5f;
    c.sparsity.gateLr = 0.1f;  // fast gates: 94 steps move log alpha by up to 9.4
    c.seed = 3;
    return c;
}

long long nonZero(const sl::Tensor& w) { return (w.array() != 0.0f).count(); }

void checkEmergentOutputs(sl::Trainer& t) {
    for (const auto& p : t.history()) QVERIFY(std::isnan(p.targetSparsity));
    // CSV: target_sparsity (9th column) is an empty cell on every row.
    const std::string csv = sl::metricsCsv(t.history());
    const auto secondLine = csv.substr(csv.find('\n') + 1);
    const auto row = secondLine.substr(0, secondLine.find('\n'));
    QStringList cells = QString::fromStdString(row).split(',');
    QCOMPARE(cells.size(), 15);  // the last two: validation loss and accuracy
    QVERIFY(cells[8].isEmpty());
    QVERIFY(!cells[7].isEmpty());
    const auto summary = sl::runSummary(t, 1.0);
    QVERIFY(sl::test::jsonField(summary, "target_sparsity").is_null());
    QCOMPARE(sl::test::jsonAt<bool>(summary, "emergent_sparsity"), true);
    QVERIFY(sl::test::jsonAt<double>(summary, "overall_sparsity") > 0.0);
    QVERIFY(summary.dump().find("NaN") == std::string::npos);
}

}  // namespace

class TestRegularizerTraining : public QObject {
    Q_OBJECT
private slots:
    void l1ProximalMakesExactZerosTheTrackerCounts() {
        auto c = regularizerConfig("l1");
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        QCOMPARE(t.step(), 94LL);
        const auto layers = t.prunableLayers();
        long long zeros = 0, total = 0;
        for (std::size_t l = 0; l < layers.size(); ++l) {
            // The mask was refreshed at the last step: its count is the non-zero weights.
            QCOMPARE(t.sparsityTracker().layers()[l].active, nonZero(layers[l]->weight));
            QCOMPARE(layers[l]->mask,
                     (layers[l]->weight.array() != 0.0f).cast<float>().matrix().eval());
            QVERIFY(!layers[l]->masked());
            zeros += layers[l]->weight.size() - nonZero(layers[l]->weight);
            total += layers[l]->weight.size();
        }
        QVERIFY2(t.sparsityTracker().overallSparsity() > 0.2,
                 qPrintable(QString::number(t.sparsityTracker().overallSparsity())));
        QCOMPARE(t.sparsityTracker().overallSparsity(), double(zeros) / double(total));
        QVERIFY2(t.history().back().testAccuracy > 0.70,
                 qPrintable(QString::number(t.history().back().testAccuracy)));
        checkEmergentOutputs(t);
    }

    void l0GatesCloseAndTheTrackerCountsOpenGates() {
        auto c = regularizerConfig("l0");
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        auto& method = dynamic_cast<sl::L0HardConcrete&>(t.sparsityMethod());
        const auto layers = t.prunableLayers();
        for (std::size_t l = 0; l < layers.size(); ++l) {
            const sl::Tensor& a = method.logAlpha()[l];
            const long long open = (a.unaryExpr([](float v) {
                                         return sl::hard_concrete::deterministic(v);
                                     }).array() > 0.0f)
                                       .count();
            QCOMPARE(t.sparsityTracker().layers()[l].active, open);
        }
        // Border pixels of Fashion-MNIST are (nearly) always 0: only the penalty acts on their
        // gates, which close.
        QVERIFY2(t.sparsityTracker().overallSparsity() > 0.3,
                 qPrintable(QString::number(t.sparsityTracker().overallSparsity())));
        QVERIFY2(t.history().back().testAccuracy > 0.6,
                 qPrintable(QString::number(t.history().back().testAccuracy)));
        checkEmergentOutputs(t);
    }

    void l0CheckpointKeepsGatesAndResumesExactly() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("l0.h5").toStdString();
        auto c = regularizerConfig("l0");
        c.sparsity.gateGranularity = "neuron";
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(30);
        sl::saveCheckpoint(t, path);
        const sl::Checkpoint read = sl::readCheckpoint(path);
        QVERIFY(std::isnan(read.targetSparsity));
        QCOMPARE(read.state.methodState.size(), std::size_t(3 * 3 + 1));
        QCOMPARE(read.state.methodState[0].name, std::string("log_alpha1"));
        QCOMPARE(read.state.methodState[0].value.cols(), 1);
        for (const auto& p : read.state.history) QVERIFY(std::isnan(p.targetSparsity));

        t.runToEnd();
        auto resumed = sl::loadCheckpoint(path);
        resumed->runToEnd();
        auto& a = dynamic_cast<sl::L0HardConcrete&>(t.sparsityMethod());
        auto& b = dynamic_cast<sl::L0HardConcrete&>(resumed->sparsityMethod());
        for (std::size_t l = 0; l < a.logAlpha().size(); ++l) {
            QCOMPARE(b.logAlpha()[l], a.logAlpha()[l]);
            QCOMPARE(resumed->prunableLayers()[l]->weight, t.prunableLayers()[l]->weight);
        }
        QCOMPARE(resumed->history().back().testAccuracy, t.history().back().testAccuracy);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestRegularizerTraining)
#include "test_regularizer_training.moc"
