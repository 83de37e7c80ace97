#include "io/checkpoint.h"
#include "nn/gpt.h"
#include "prune/layer_inputs.h"
#include "prune/one_shot.h"
#include "support/loss_recorder.h"
#include "support/state_compare.h"
#include "support/test_main.h"
#include "support/tiny_gpt.h"
#include "train/run_setup.h"
#include "train/text_metrics.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

// A tiny gpt trained on a made-up text: it learns (bits per character far below the
// uniform guess), resumes bit for bit, and SparseGPT keeps more of it than magnitude pruning.
namespace {

// The shared tiny model, wider and trained longer so that it learns the words.
sl::RunConfig tinyGpt(const std::string& path) {
    sl::RunConfig c = sl::test::tinyGptConfig(path);
    c.model.dModel = 32;
    c.model.context = 16;
    c.lrSchedule.name = "cosine";
    c.train.batchSize = 32;
    c.train.epochs = 12;
    c.train.evalEvery = 20;
    c.seed = 3;
    return c;
}

using sl::test::LossRecorder;

std::vector<sl::Tensor> paramValues(sl::Model& model) {
    std::vector<sl::Tensor> out;
    for (const sl::Param& p : model.params()) out.push_back(*p.value);
    return out;
}

void restore(sl::Model& model, const std::vector<sl::Tensor>& values) {
    auto params = model.params();
    for (std::size_t i = 0; i < params.size(); ++i) *params[i].value = values[i];
    for (sl::PrunableLayer* layer : model.prunableLayers()) layer->mask.setOnes();
}

}  // namespace

class TestGptTraining : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string m_text;

private slots:
    void initTestCase() {
        m_text = m_dir.filePath("words.txt").toStdString();
        std::ofstream(m_text) << sl::test::wordText(3000, 7);  // ~12 000 characters
    }

    void learnsAndSparseGptBeatsMagnitude() {
        const sl::RunConfig config = tinyGpt(m_text);
        sl::Trainer trainer(config, sl::loadRunData(config));
        const int vocabulary = trainer.data().train.numClasses;
        QCOMPARE(vocabulary, 12);  // t h e c a s o n m . space newline — and nothing else
        trainer.run(trainer.totalSteps(), nullptr);
        sl::Model& model = trainer.model();
        const sl::TextEvaluation dense = sl::evaluateText(model, trainer.data().test);
        // Uniform guessing is log2(12) = 3.58 bits; the text holds about 0.7.
        QVERIFY2(dense.bitsPerCharacter() < 1.3,
                 qPrintable(QString::number(dense.bitsPerCharacter())));

        const auto trained = paramValues(model);
        sl::OneShotSettings s;
        s.sparsity = 0.7;
        s.calibration = 64;
        const sl::Activations calibration = sl::calibrationExamples(trainer.data().train, 64, 1);
        s.method = sl::OneShotMethod::Magnitude;
        const sl::OneShotReport magnitudeReport = sl::pruneModel(model, calibration, s);
        const double magnitude = sl::evaluateText(model, trainer.data().test).bitsPerCharacter();
        restore(model, trained);
        s.method = sl::OneShotMethod::SparseGpt;
        const sl::OneShotReport sparseGptReport = sl::pruneModel(model, calibration, s);
        const double sparseGpt = sl::evaluateText(model, trainer.data().test).bitsPerCharacter();
        // Every linear map was pruned: 6 in the block and the head, at 70 %.
        QCOMPARE(sparseGptReport.layers.size(), std::size_t(7));
        QVERIFY(std::abs(magnitudeReport.sparsity - 0.7) < 0.01);
        QVERIFY(std::abs(sparseGptReport.sparsity - 0.7) < 0.01);
        QVERIFY2(sparseGpt < magnitude, qPrintable(QString("sparsegpt %1, magnitude %2, dense %3")
                                                       .arg(sparseGpt)
                                                       .arg(magnitude)
                                                       .arg(dense.bitsPerCharacter())));
        QVERIFY(sparseGpt > dense.bitsPerCharacter() - 0.05);  // pruning does not help
    }

    // The trainer's losses (progress, CSV, summary) score every character of a window, as
    // `eval` does, not only the last one. By hand: "abab…" in windows of 2 is "ab" then "a",
    // so each window's targets are b and a, and its last character alone is always a.
    void trainerScoresEveryCharacterAsEvalDoes() {
        const std::string path = m_dir.filePath("abab.txt").toStdString();
        std::string text;
        for (int i = 0; i < 200; ++i) text += "ab";
        std::ofstream(path) << text;
        sl::RunConfig config = tinyGpt(path);
        config.model.context = 2;
        config.train.batchSize = 16;
        config.train.logEvery = 1;
        config.optimizer.lr = 1e-4f;
        sl::Trainer trainer(config, sl::loadRunData(config));
        QCOMPARE(trainer.data().train.numClasses, 2);  // a = 0, b = 1
        // A head that reads nothing and prefers b three to one: every position costs
        // ln 4 − bias(target), ln 4 for a and ln 4/3 for b.
        sl::PrunableLayer& head = *trainer.model().prunableLayers().back();
        QCOMPARE(head.units(), 2);
        head.weight.setZero();
        head.bias(0, 0) = 0.0f;
        head.bias(1, 0) = std::log(3.0f);
        const double everyCharacter = 0.5 * (std::log(4.0) + std::log(4.0 / 3.0));  // 0.837
        const sl::Evaluation held = trainer.evaluateTest();
        QVERIFY2(std::abs(held.loss - everyCharacter) < 1e-5,
                 qPrintable(QString::number(held.loss)));
        QCOMPARE(held.accuracy, 0.5);  // b is always the guess: right on every b, wrong on every a
        const sl::TextEvaluation eval = sl::evaluateText(trainer.model(), trainer.data().test);
        QVERIFY(std::abs(eval.nats - held.loss) < 1e-9);
        QVERIFY(std::abs(eval.lastNats - std::log(4.0)) < 1e-5);  // what the trainer used to report
        LossRecorder recorder;
        trainer.run(1, &recorder);  // the step's loss is taken before its update
        QVERIFY2(std::abs(recorder.losses.at(0) - everyCharacter) < 1e-5,
                 qPrintable(QString::number(recorder.losses.at(0))));
        QVERIFY(std::abs(trainer.history().at(0).trainLoss - everyCharacter) < 1e-5);
        QCOMPARE(trainer.history().at(0).trainAccuracy, 0.5);
    }

    // The same on real weights: one step over the whole training set has the loss that
    // evaluateText finds on it (only the order of the sums differs).
    void trainerLossEqualsEvalOnTheSameWindows() {
        sl::RunConfig config = tinyGpt(m_text);
        sl::TrainTestSplit data = sl::loadRunData(config);
        config.train.batchSize = data.train.count();
        sl::Trainer trainer(config, std::move(data));
        const double before = sl::evaluateText(trainer.model(), trainer.data().train).nats;
        LossRecorder recorder;
        trainer.run(1, &recorder);
        QVERIFY2(std::abs(recorder.losses.at(0) - before) < 1e-5 * before,
                 qPrintable(QString("%1 vs %2").arg(recorder.losses.at(0)).arg(before)));
    }

    void resumedGptRunIsBitForBitTheSame() {
        // Gradual magnitude pruning with Adam: masks, moments, embeddings and LayerNorms all
        // cross the pause.
        sl::RunConfig config = tinyGpt(m_text);
        config.train.epochs = 3;
        config.sparsity.method = "magnitude";
        config.sparsity.schedule = "cubic";
        config.sparsity.target = 0.5f;
        config.sparsity.deltaT = 5;
        config.sparsity.startStep = 5;
        config.sparsity.endStep = 40;
        sl::Trainer whole(config, sl::loadRunData(config));
        LossRecorder wholeLosses;
        whole.run(whole.totalSteps(), &wholeLosses);
        const sl::TrainerState expected = whole.captureState();
        const sl::Checkpoint expectedFile = sl::captureCheckpoint(whole);
        QVERIFY(expected.events.size() >= 7);
        QVERIFY(!expectedFile.otherParams.empty());  // embeddings and LayerNorms are saved

        for (long long split : {7LL, 26LL}) {
            const std::string path = m_dir.filePath(QString("gpt-%1.h5").arg(split)).toStdString();
            LossRecorder before, after;
            {
                sl::Trainer first(config, sl::loadRunData(config));
                first.run(split, &before);
                sl::saveCheckpoint(first, path);
            }
            auto resumed = sl::loadCheckpoint(path);
            resumed->run(resumed->totalSteps(), &after);
            const std::string difference =
                sl::test::stateDifference(resumed->captureState(), expected);
            QVERIFY2(difference.empty(),
                     qPrintable(QString("split at %1: %2").arg(split).arg(difference.c_str())));
            const sl::Checkpoint got = sl::captureCheckpoint(*resumed);
            QCOMPARE(got.otherParams.size(), expectedFile.otherParams.size());
            for (std::size_t i = 0; i < got.otherParams.size(); ++i)
                QVERIFY2(
                    sl::test::sameBits(got.otherParams[i].value, expectedFile.otherParams[i].value),
                    got.otherParams[i].name.c_str());
            std::vector<double> losses = before.losses;
            losses.insert(losses.end(), after.losses.begin(), after.losses.end());
            QVERIFY(sl::test::sameBits(losses, wholeLosses.losses));
        }
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestGptTraining)
#include "test_gpt_training.moc"
