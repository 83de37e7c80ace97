#include "io/checkpoint.h"
#include "sparsity/method.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

// The resume contract: for every sparsity method of the registry and every model kind, and
// with gradient compression, quantization and a lottery round, a run saved to a file part-way
// and resumed from it ends bit for bit where the uninterrupted run ends — every prunable
// layer, the optimizer, the tracker, metrics and events (TrainerState), the mixture of
// experts' gate and experts, the gradient filter's residuals and velocities, and the loss of
// every step.
namespace {

struct Losses : sl::TrainObserver {
    std::vector<double> values;
    bool onStep(long long, double loss) override {
        values.push_back(loss);
        return true;
    }
};

sl::RunConfig baseConfig(const std::string& kind) {
    sl::RunConfig c;
    c.model.kind = kind;
    if (kind == "cnn") {
        c.data.name = "fashion-mnist";
        c.data.trainSubset = 160;
        c.data.testSubset = 32;
        c.model.convChannels = {3};
        c.model.hidden = {8};
    } else {
        c.data.name = "spirals";
        c.data.samples = 160;
        c.model.hidden = {12, 8};
        c.model.experts = 3;
        c.model.expertHidden = 6;
        c.model.topK = 2;
    }
    c.train.batchSize = 16;
    c.train.epochs = 2;
    c.train.evalEvery = 5;
    c.train.logEvery = 3;
    c.sparsity.target = 0.6f;
    c.sparsity.deltaT = 3;
    c.seed = 11;
    return c;
}

// Everything beside TrainerState that a resume must bring back.
struct Beside {
    std::vector<sl::Tensor> params, filter;
    std::vector<bool> masked;
};

Beside besideState(sl::Trainer& t) {
    Beside b;
    for (const auto& [name, value] : sl::captureCheckpoint(t).otherParams)
        b.params.push_back(value);
    for (const auto& [name, value] : t.gradientFilter().state()) b.filter.push_back(*value);
    for (const auto* layer : t.prunableLayers()) b.masked.push_back(layer->masked());
    return b;
}

std::string besideDifference(const Beside& a, const Beside& b) {
    if (a.masked != b.masked) return "masked flags";
    if (a.params.size() != b.params.size()) return "count of other params";
    for (std::size_t i = 0; i < a.params.size(); ++i)
        if (!sl::test::sameBits(a.params[i], b.params[i]))
            return "other param " + std::to_string(i);
    if (a.filter.size() != b.filter.size()) return "count of gradient filter tensors";
    for (std::size_t i = 0; i < a.filter.size(); ++i)
        if (!sl::test::sameBits(a.filter[i], b.filter[i]))
            return "gradient filter tensor " + std::to_string(i);
    return {};
}

// What a row adds to the plain run of its method and model kind: "plain", "topk" (top-k
// gradient compression with error feedback and momentum correction, whose residuals and
// velocities the file must carry) or "quant" (fake quantization of the forward weights).
void addExtra(sl::RunConfig& c, const QString& extra) {
    if (extra == "topk") {
        c.gradient.compression = "topk";
        c.gradient.density = 0.2f;
        c.gradient.errorFeedback = true;
        c.gradient.momentumCorrection = true;
    } else if (extra == "quant") {
        c.quant.mode = c.model.kind == "mlp" ? "per-layer" : "per-channel";
    }
}
const char* const kExtras[] = {"plain", "topk", "quant"};

// Optional lottery round: a "dense" run whose masks a driver imposes at step `maskAt`.
struct Run {
    sl::RunConfig config;
    long long maskAt = -1;
};

void driveRun(sl::Trainer& t, const Run& run, long long until, Losses& losses) {
    while (t.step() < until && !t.finished()) {
        long long stop = until;
        if (run.maskAt >= 0 && t.step() < run.maskAt) stop = std::min(stop, run.maskAt);
        t.run(stop - t.step(), &losses);
        if (t.step() == run.maskAt && !t.prunableLayers().front()->masked()) {
            std::vector<sl::Tensor> masks;
            for (const auto* layer : t.prunableLayers()) {
                // Keeps the weights above the median magnitude: a ticket of half the weights.
                sl::Tensor m = sl::Tensor::Zero(layer->weight.rows(), layer->weight.cols());
                std::vector<float> magnitudes(layer->weight.data(),
                                              layer->weight.data() + layer->weight.size());
                for (auto& v : magnitudes) v = std::abs(v);
                std::nth_element(magnitudes.begin(), magnitudes.begin() + magnitudes.size() / 2,
                                 magnitudes.end());
                const float cut = magnitudes[magnitudes.size() / 2];
                for (Eigen::Index i = 0; i < m.size(); ++i)
                    m.data()[i] = std::abs(layer->weight.data()[i]) >= cut;
                masks.push_back(m);
            }
            t.setMasks(masks);
        }
    }
}

}  // namespace

class TestResumeContract : public QObject {
    Q_OBJECT

    // In memory when it can be: a case is ~60 saves, each ended by an fsync that costs
    // seconds on a busy disk and proves nothing here.
    QTemporaryDir m_dir{QDir("/dev/shm").exists() ? "/dev/shm/sparselab-resume-XXXXXX"
                                                  : QDir::tempPath() + "/sparselab-resume-XXXXXX"};
    std::map<std::string, sl::TrainTestSplit> m_data;  // loaded once per model kind

    const sl::TrainTestSplit& dataFor(const sl::RunConfig& c) {
        auto it = m_data.find(c.model.kind);
        if (it == m_data.end()) it = m_data.emplace(c.model.kind, sl::loadRunData(c)).first;
        return it->second;
    }

    // Whole run vs. a run saved at `split`, read back from the file and resumed.
    void checkResume(const Run& run, const QString& name) {
        const sl::TrainTestSplit& data = dataFor(run.config);
        sl::Trainer whole(run.config, data);
        Losses wholeLosses;
        driveRun(whole, run, whole.totalSteps(), wholeLosses);
        QCOMPARE(whole.step(), 20LL);
        const sl::TrainerState expected = whole.captureState();
        const Beside expectedBeside = besideState(whole);

        for (long long split : {7LL, 13LL}) {
            const QString path = m_dir.filePath(name + "-" + QString::number(split) + ".h5");
            Losses before, after;
            {
                sl::Trainer first(run.config, data);
                driveRun(first, run, split, before);
                sl::saveCheckpoint(first, path.toStdString());
            }
            const sl::Checkpoint c = sl::readCheckpoint(path.toStdString());
            auto resumed = sl::resumeTrainer(c, c.config, data);
            QCOMPARE(resumed->step(), split);
            driveRun(*resumed, run, resumed->totalSteps(), after);
            const std::string difference =
                sl::test::stateDifference(resumed->captureState(), expected);
            QVERIFY2(difference.empty(),
                     qPrintable(QString("split at %1: %2").arg(split).arg(difference.c_str())));
            const std::string beside = besideDifference(besideState(*resumed), expectedBeside);
            QVERIFY2(beside.empty(),
                     qPrintable(QString("split at %1: %2").arg(split).arg(beside.c_str())));
            std::vector<double> losses = before.values;
            losses.insert(losses.end(), after.values.begin(), after.values.end());
            QVERIFY2(sl::test::sameBits(losses, wholeLosses.values),
                     qPrintable(QString("split at %1: the loss sequence differs").arg(split)));
        }
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Every method of the registry × every model kind × plain, gradient compression and
    // quantization.
    void everyMethodAndModelKind_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("extra");
        for (const auto& method : sl::sparsityMethodNames())
            for (const char* kind : {"mlp", "cnn", "moe"})
                for (const char* extra : kExtras)
                    QTest::newRow((method + "/" + kind + "/" + extra).c_str())
                        << QString::fromStdString(method) << QString(kind) << QString(extra);
    }

    void everyMethodAndModelKind() {
        QFETCH(QString, method);
        QFETCH(QString, kind);
        QFETCH(QString, extra);
        Run run{baseConfig(kind.toStdString())};
        run.config.sparsity.method = method.toStdString();
        addExtra(run.config, extra);
        checkResume(run, method + "-" + kind + "-" + extra);
    }

    void gradientCompressionAndQuantization_data() {
        QTest::addColumn<QString>("compression");
        QTest::addColumn<bool>("momentumCorrection");
        QTest::addColumn<QString>("quant");
        QTest::addColumn<QString>("kind");
        QTest::newRow("topk-error-feedback") << "topk" << false << "none"
                                             << "mlp";
        QTest::newRow("topk-dgc") << "topk" << true << "none"
                                  << "mlp";
        QTest::newRow("topk-dgc-moe") << "topk" << true << "none"
                                      << "moe";
        QTest::newRow("sparse-updates") << "sparse-updates" << false << "none"
                                        << "mlp";
        QTest::newRow("quant-per-channel") << "none" << false << "per-channel"
                                           << "cnn";
        QTest::newRow("topk-quant-per-layer") << "topk" << false << "per-layer"
                                              << "mlp";
    }

    void gradientCompressionAndQuantization() {
        QFETCH(QString, compression);
        QFETCH(bool, momentumCorrection);
        QFETCH(QString, quant);
        QFETCH(QString, kind);
        Run run{baseConfig(kind.toStdString())};
        run.config.sparsity.method = "rigl";
        run.config.gradient.compression = compression.toStdString();
        run.config.gradient.density = 0.2f;
        run.config.gradient.errorFeedback = true;
        run.config.gradient.momentumCorrection = momentumCorrection;
        run.config.quant.mode = quant.toStdString();
        checkResume(run, QString(QTest::currentDataTag()));
        if (compression == "topk") {
            // The filter really keeps state that the file must carry.
            sl::Trainer t(run.config, dataFor(run.config));
            t.run(3);
            QVERIFY(!t.gradientFilter().state().empty());
        }
    }

    // A lottery round: a dense config whose masks are imposed at step 4, as LotteryDriver
    // does; split before and after, so the file carries the masks and the 'masked' flags.
    // (LotteryDriver always trains "dense": the round is tried per kind and extra.)
    void lotteryRound_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("extra");
        for (const char* kind : {"mlp", "cnn", "moe"})
            for (const char* extra : kExtras)
                QTest::newRow((std::string(kind) + "/" + extra).c_str())
                    << QString(kind) << QString(extra);
    }

    void lotteryRound() {
        QFETCH(QString, kind);
        QFETCH(QString, extra);
        Run run{baseConfig(kind.toStdString()), 4};
        run.config.sparsity.method = "dense";
        addExtra(run.config, extra);
        checkResume(run, "lottery-" + kind + "-" + extra);
    }

    // The contract can fail: without the filter's residuals a topk run does not resume exactly.
    void droppingTheFilterStateBreaksIt() {
        Run run{baseConfig("mlp")};
        run.config.gradient.compression = "topk";
        run.config.gradient.density = 0.2f;
        const auto& data = dataFor(run.config);
        sl::Trainer whole(run.config, data);
        Losses ignored;
        driveRun(whole, run, whole.totalSteps(), ignored);
        sl::Trainer first(run.config, data);
        driveRun(first, run, 9, ignored);
        auto c = sl::captureCheckpoint(first);
        QVERIFY(!c.gradientState.empty());
        c.gradientState.clear();
        auto resumed = sl::resumeTrainer(c, c.config, data);
        driveRun(*resumed, run, resumed->totalSteps(), ignored);
        QVERIFY(!sl::test::stateDifference(resumed->captureState(), whole.captureState()).empty());
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestResumeContract)
#include "test_resume_contract.moc"
