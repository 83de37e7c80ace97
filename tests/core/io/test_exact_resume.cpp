#include "io/checkpoint.h"
#include "support/loss_recorder.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"

#include <QTemporaryDir>
#include <QtTest>

// The exact-resume property: N steps, save, load into a new Trainer built only from the file,
// M more steps gives bit for bit the weights, masks, optimizer state, metric history, mask
// events and per-step losses of N+M steps without the pause.
namespace {

sl::RunConfig configFor(const QString& method) {
    sl::RunConfig c = sl::test::TinyRun()
                          .data("spirals", 400, 3)  // 13 batches of 32 an epoch, the last one of 16
                          .hidden({24, 16})
                          .batch(32)
                          .epochs(8)  // 104 steps
                          .sparse(method.toStdString(), 0.8f, 6)
                          .seed(11);
    c.optimizer.name = "sgd";
    c.optimizer.lr = 0.05f;
    c.optimizer.momentum = 0.9f;
    c.lrSchedule.name = "cosine";
    c.train.evalEvery = 10;
    c.train.logEvery = 7;         // points that straddle most split steps
    if (method == "magnitude") {  // GMP: gradual magnitude pruning on the cubic schedule
        c.sparsity.schedule = "cubic";
        c.sparsity.startStep = 6;
        c.sparsity.endStep = 72;
    } else if (method == "movement") {
        c.sparsity.schedule = "cubic";
        c.sparsity.endStep = 60;
        c.optimizer.name = "adam";  // Adam's moments and bias-correction count cross the pause
        c.optimizer.lr = 0.01f;
    } else if (method == "movement-score") {
        c.optimizer.name = "adamw";
        c.optimizer.lr = 0.01f;
        c.optimizer.weightDecay = 0.01f;
    } else if (method == "rigl") {
        c.sparsity.distribution = "erk";
        c.optimizer.nesterov = true;
        c.optimizer.weightDecay = 1e-4f;
    } else if (method == "set") {
        c.sparsity.distribution = "uniform";
        c.sparsity.dropSchedule = "constant";
    }
    return c;
}

using sl::test::LossRecorder;

constexpr long long kChangeStep = 20;

// Runs to `until`, making the live changes a user would make at kChangeStep (ΔT, α and the
// learning rate), once: a resumed trainer finds them in its parameter changes.
void drive(sl::Trainer& t, long long until, LossRecorder& recorder) {
    while (t.step() < until && !t.finished()) {
        const bool changePending = t.parameterChanges().empty() && t.step() < kChangeStep;
        const long long stop = changePending ? std::min(until, kChangeStep) : until;
        t.run(stop - t.step(), &recorder);
        if (t.parameterChanges().empty() && t.step() == kChangeStep) {
            t.setDeltaT(4);
            t.setDropFraction(0.2f);
            t.setLearningRate(0.03f);
        }
    }
}

}  // namespace

class TestExactResume : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void resumedRunIsBitForBitTheSame_data() {
        QTest::addColumn<QString>("method");
        for (const char* m :
             {"dense", "magnitude", "movement", "movement-score", "rigl", "set", "static"})
            QTest::newRow(m) << QString(m);
    }

    void resumedRunIsBitForBitTheSame() {
        QFETCH(QString, method);
        const sl::RunConfig config = configFor(method);

        sl::Trainer whole(config, sl::loadRunData(config));
        LossRecorder wholeLosses;
        drive(whole, whole.totalSteps(), wholeLosses);
        QCOMPARE(whole.step(), 104LL);
        const sl::TrainerState expected = whole.captureState();
        // The run does what the method does, so that equality below means something.
        QVERIFY(expected.history.size() > 15);
        QCOMPARE(expected.changes.size(), std::size_t(3));
        if (method != "dense" && method != "static") QVERIFY(expected.events.size() >= 6);
        if (method != "dense")
            QVERIFY2(std::abs(whole.history().back().sparsity - 0.8) < 0.02,
                     qPrintable(QString::number(whole.history().back().sparsity)));

        // 0: before any step; 13: an epoch end; 18 and 24: mask-update steps (ΔT 6, then 4);
        // 20: where the live changes happen; 21: just after them, mid-point; 97: near the end.
        for (long long split : {0LL, 1LL, 13LL, 18LL, 20LL, 21LL, 24LL, 53LL, 97LL}) {
            const QString path = m_dir.filePath(method + "-" + QString::number(split) + ".h5");
            LossRecorder before, after;
            {
                sl::Trainer first(config, sl::loadRunData(config));
                drive(first, split, before);
                sl::saveCheckpoint(first, path.toStdString());
            }
            auto resumed = sl::loadCheckpoint(path.toStdString());
            QCOMPARE(resumed->step(), split);
            drive(*resumed, resumed->totalSteps(), after);

            const std::string difference =
                sl::test::stateDifference(resumed->captureState(), expected);
            QVERIFY2(difference.empty(),
                     qPrintable(QString("split at %1: %2").arg(split).arg(difference.c_str())));
            std::vector<double> losses = before.losses;
            losses.insert(losses.end(), after.losses.begin(), after.losses.end());
            QVERIFY2(sl::test::sameBits(losses, wholeLosses.losses),
                     qPrintable(QString("split at %1: the loss sequence differs").arg(split)));
            QCOMPARE(resumed->history().size(), whole.history().size());
        }
    }

    // The test must be able to fail: a state that lost one piece (here the generator, or the
    // running sums of the next metric point) does not resume exactly.
    void resumedCnnRunIsBitForBitTheSame() {
        // A small CNN under RigL on a Fashion-MNIST subset: conv kernels, max-pool routing and
        // ERK over the kernels' shapes all cross the pause.
        sl::RunConfig config = configFor("rigl");
        config.data.name = "fashion-mnist";
        config.data.trainSubset = 320;  // 10 batches of 32 an epoch
        config.data.testSubset = 64;
        config.model.kind = "cnn";
        config.model.convChannels = {4, 8};
        config.model.hidden = {16};
        config.train.epochs = 3;  // 30 steps

        sl::Trainer whole(config, sl::loadRunData(config));
        LossRecorder wholeLosses;
        drive(whole, whole.totalSteps(), wholeLosses);
        QCOMPARE(whole.step(), 30LL);
        const sl::TrainerState expected = whole.captureState();
        QVERIFY(expected.events.size() >= 8);  // updates at 6, 12, 18, 20+4... in four layers
        for (long long split : {0LL, 13LL, 21LL}) {
            const QString path = m_dir.filePath("cnn-" + QString::number(split) + ".h5");
            LossRecorder before, after;
            {
                sl::Trainer first(config, sl::loadRunData(config));
                drive(first, split, before);
                sl::saveCheckpoint(first, path.toStdString());
            }
            auto resumed = sl::loadCheckpoint(path.toStdString());
            drive(*resumed, resumed->totalSteps(), after);
            const std::string difference =
                sl::test::stateDifference(resumed->captureState(), expected);
            QVERIFY2(difference.empty(),
                     qPrintable(QString("split at %1: %2").arg(split).arg(difference.c_str())));
            std::vector<double> losses = before.losses;
            losses.insert(losses.end(), after.losses.begin(), after.losses.end());
            QVERIFY(sl::test::sameBits(losses, wholeLosses.losses));
        }
    }

    void droppingAPieceOfStateBreaksTheProperty() {
        const sl::RunConfig config = configFor("set");
        sl::Trainer whole(config, sl::loadRunData(config));
        LossRecorder ignored;
        drive(whole, whole.totalSteps(), ignored);
        const auto expected = whole.captureState();

        sl::Trainer first(config, sl::loadRunData(config));
        drive(first, 44, ignored);  // two steps after the point of step 42
        auto checkpoint = sl::captureCheckpoint(first);
        checkpoint.state.rng = sl::Rng(99).state();
        auto resumed = sl::resumeTrainer(checkpoint, checkpoint.config, sl::loadRunData(config));
        drive(*resumed, resumed->totalSteps(), ignored);
        QVERIFY(!sl::test::stateDifference(resumed->captureState(), expected).empty());

        checkpoint = sl::captureCheckpoint(first);
        checkpoint.state.running = {};
        resumed = sl::resumeTrainer(checkpoint, checkpoint.config, sl::loadRunData(config));
        drive(*resumed, resumed->totalSteps(), ignored);
        const std::string difference = sl::test::stateDifference(resumed->captureState(), expected);
        QVERIFY2(difference.find("history") == 0, difference.c_str());
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestExactResume)
#include "test_exact_resume.moc"
