#include "data/validation_split.h"
#include "io/checkpoint.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include "support/error_message.h"
#include "support/tiny_run.h"

#include <QTemporaryDir>
#include <QtTest>
#include <set>

using sl::test::expectError;

namespace {

// A set whose single feature is the example's own index, so that every split can be traced
// back to the examples it came from.
sl::Dataset indexed(int n) {
    sl::Dataset d;
    d.name = "indexed";
    d.numClasses = 3;
    d.x.resize(1, n);
    for (int i = 0; i < n; ++i) {
        d.x(0, i) = static_cast<float>(i);
        d.labels.push_back(i % 3);
    }
    return d;
}

std::vector<int> datasetIds(const sl::Dataset& d) {
    std::vector<int> out;
    for (int i = 0; i < d.count(); ++i) out.push_back(static_cast<int>(d.x(0, i)));
    return out;
}

}  // namespace

class TestValidationSplit : public QObject {
    Q_OBJECT
private slots:
    void countsRoundAndKeepOneEach() {
        QCOMPARE(sl::validationCount(1000, 0.1), 100);
        QCOMPARE(sl::validationCount(60000, 0.1), 6000);
        QCOMPARE(sl::validationCount(10, 0.01), 1);  // any fraction > 0 holds out one
        QCOMPARE(sl::validationCount(7, 0.5), 4);    // round(3.5)
        QCOMPARE(sl::validationCount(100, 0.0), 0);
        expectError<sl::DataError>([] { sl::validationCount(2, 0.9); },
                                   {"data.validation", "leaves none to train on"});
        expectError<sl::DataError>([] { sl::validationCount(100, -0.1); }, {"data.validation"});
    }

    void disjointAndCoversTheTrainingSet() {
        sl::TrainTestSplit split;
        split.train = indexed(1000);
        split.test = indexed(10);
        sl::holdOutValidation(split, 0.2, 123);
        QCOMPARE(split.validation.count(), 200);
        QCOMPARE(split.train.count(), 800);
        const auto train = datasetIds(split.train), validation = datasetIds(split.validation);
        std::set<int> all(train.begin(), train.end());
        for (int v : validation)
            QVERIFY2(all.insert(v).second, "a validation example is also trained on");
        QCOMPARE(int(all.size()), 1000);
        QCOMPARE(*all.begin(), 0);
        QCOMPARE(*all.rbegin(), 999);
        // Both keep the file's order, and labels travel with their examples.
        QVERIFY(std::is_sorted(train.begin(), train.end()));
        QVERIFY(std::is_sorted(validation.begin(), validation.end()));
        for (int i = 0; i < split.validation.count(); ++i)
            QCOMPARE(split.validation.labels[std::size_t(i)], validation[std::size_t(i)] % 3);
        QCOMPARE(split.validation.numClasses, 3);
        QCOMPARE(split.test.count(), 10);  // the test set is not touched
    }

    void sameSeedSameExamples() {
        const auto a = sl::validationIndices(5000, 0.1, 7);
        const auto b = sl::validationIndices(5000, 0.1, 7);
        const auto c = sl::validationIndices(5000, 0.1, 8);
        QCOMPARE(a.size(), std::size_t(500));
        QVERIFY(a == b);
        QVERIFY(a != c);
        // Not the first 500: a real shuffle (the chance of that is nil).
        QVERIFY(a.back() > 600);
    }

    void zeroLeavesTheSplitAlone() {
        sl::TrainTestSplit split;
        split.train = indexed(50);
        sl::holdOutValidation(split, 0.0, 1);
        QCOMPARE(split.train.count(), 50);
        QCOMPARE(split.validation.count(), 0);
    }

    // Through the run setup: the run's seed picks the examples, the other settings do not.
    void runDataHoldsOutBySeed() {
        sl::RunConfig c;
        c.data.name = "blobs";
        c.data.samples = 400;
        c.data.classes = 3;
        c.data.validation = 0.25f;
        c.seed = 5;
        const auto a = sl::loadRunData(c);
        QCOMPARE(a.train.count(), 300);
        QCOMPARE(a.validation.count(), 100);
        c.optimizer.lr = 0.2f;
        const auto b = sl::loadRunData(c);
        QVERIFY(a.validation.x == b.validation.x);
        QVERIFY(a.validation.labels == b.validation.labels);
        // Every validation point is a training point of the run without a split, and none is
        // left in the reduced training set.
        c.data.validation = 0.0f;
        const auto full = sl::loadRunData(c);
        QCOMPARE(full.train.count(), 400);
        QCOMPARE(full.validation.count(), 0);
        auto columns = [](const sl::Dataset& d) {
            std::set<std::pair<float, float>> s;
            for (int i = 0; i < d.count(); ++i) s.insert({d.x(0, i), d.x(1, i)});
            return s;
        };
        const auto fullSet = columns(full.train), trainSet = columns(a.train);
        for (const auto& p : columns(a.validation)) {
            QVERIFY(fullSet.count(p));
            QVERIFY(!trainSet.count(p));
        }
    }

    // The trainer reports validation accuracy at its evaluations, equal to evaluating the
    // held-out set itself.
    void trainerEvaluatesValidation() {
        sl::RunConfig c =
            sl::test::TinyRun().data("blobs", 600, 3).hidden({16}).epochs(3).batch(32).seed(42);
        c.data.validation = 0.2f;
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        int evaluations = 0;
        for (const auto& p : t.history()) {
            QCOMPARE(p.hasValidation(), p.hasTest());
            evaluations += p.hasValidation();
        }
        QCOMPARE(evaluations, 3);  // one per epoch end
        const auto& last = t.history().back();
        const auto validation = t.evaluateValidation();
        QCOMPARE(validation.count, 120);
        QCOMPARE(last.validationAccuracy, validation.accuracy);
        QVERIFY2(last.validationAccuracy > 0.9,
                 "blobs are easy: validation accuracy should be high");
    }

    // The validation figures survive a checkpoint, point for point.
    void checkpointKeepsValidationHistory() {
        sl::RunConfig c = sl::test::TinyRun()
                              .data("xor", 300)
                              .hidden({8})
                              .epochs(2)
                              .batch(30)
                              .sparse("set", 0.5f, 100)
                              .seed(42);
        c.data.validation = 0.2f;
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        QTemporaryDir dir;
        const std::string path = dir.filePath("v.h5").toStdString();
        sl::saveCheckpoint(t, path);
        const auto back = sl::readCheckpoint(path);
        QCOMPARE(back.state.history.size(), t.history().size());
        int withValidation = 0;
        for (std::size_t i = 0; i < t.history().size(); ++i) {
            const auto& a = t.history()[i];
            const auto& b = back.state.history[i];
            QCOMPARE(b.hasValidation(), a.hasValidation());
            if (a.hasValidation()) {
                QCOMPARE(b.validationAccuracy, a.validationAccuracy);
                QCOMPARE(b.validationLoss, a.validationLoss);
                ++withValidation;
            }
        }
        QCOMPARE(withValidation, 2);
        QCOMPARE(back.data.trainExamples, 240);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestValidationSplit)
#include "test_validation_split.moc"
