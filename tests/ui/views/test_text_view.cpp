#include "controller/text_probe.h"
#include "controller/training_controller.h"
#include "data/utf8.h"
#include "nn/gpt.h"
#include "support/test_main.h"
#include "support/tiny_gpt.h"
#include "support/wait.h"
#include "train/run_setup.h"
#include "train/text_metrics.h"
#include "train/trainer.h"
#include "views/attention_map.h"
#include "views/palette.h"
#include "views/text_view.h"

#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>

// The Text view of a gpt run, on a tiny model trained in the test on a made-up text: what the
// engine computes for the view (generation, attention, per-character losses) checked against
// the model itself, and what the view shows checked against those figures.
namespace {

// The shared tiny model with two blocks (attention maps per block) and evaluations every
// 20 steps.
sl::RunConfig tinyGpt(const std::string& path) {
    sl::RunConfig c = sl::test::tinyGptConfig(path);
    c.model.layers = 2;
    c.train.evalEvery = 20;
    return c;
}

int codePoints(const QString& s) { return int(s.toUcs4().size()); }

using sl::test::waitFor;

}  // namespace

class TestTextView : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string m_path;
    std::unique_ptr<sl::Trainer> m_trainer;

private slots:
    void initTestCase() {
        m_path = m_dir.filePath("words.txt").toStdString();
        std::ofstream(m_path) << sl::test::wordText(1500, 7);
        const sl::RunConfig config = tinyGpt(m_path);
        m_trainer = std::make_unique<sl::Trainer>(config, sl::loadRunData(config));
        m_trainer->run(40, nullptr);  // a few dozen steps: the model prefers real letters
    }

    void generatesTheAskedNumberOfCharactersFromTheVocabulary() {
        sl::ui::TextRequest r;
        r.prompt = QStringLiteral("the cat ");
        r.length = 37;
        r.temperature = 0.8;
        const sl::ui::TextSnapshot text = sl::ui::TextProbe::compute(*m_trainer, r);
        QVERIFY(text.valid);
        QCOMPARE(codePoints(text.continuation), 37);
        const auto& vocabulary = m_trainer->data().train.classNames;
        QCOMPARE(vocabulary.size(), std::size_t(12));
        for (char32_t c : text.continuation.toUcs4()) {
            const std::string s = sl::encodeUtf8(c);
            QVERIFY2(std::find(vocabulary.begin(), vocabulary.end(), s) != vocabulary.end(),
                     s.c_str());
        }
        // The sampling has its own seeded generator: the same request gives the same text.
        QCOMPARE(sl::ui::TextProbe::compute(*m_trainer, r).continuation, text.continuation);
        QCOMPARE(text.blocks, 2);
        QCOMPARE(text.heads, 2);
    }

    void attentionRowsSumToOneAndAreCausal() {
        sl::ui::TextRequest r;
        r.prompt = QStringLiteral("a mat. ZZthe");  // Z is not in the vocabulary: skipped
        r.layer = 1;
        r.head = 1;
        const sl::ui::TextSnapshot text = sl::ui::TextProbe::compute(*m_trainer, r);
        const int n = int(text.promptCharacters.size());
        QCOMPARE(n, 10);
        QCOMPARE(text.promptCharacters.join(QString()), QStringLiteral("a mat. the"));
        QCOMPARE(text.attention.size(), std::size_t(n * n));
        for (int i = 0; i < n; ++i) {
            double sum = 0.0;
            for (int j = 0; j < n; ++j) {
                const float p = text.attention[std::size_t(i * n + j)];
                if (j > i) QCOMPARE(p, 0.0f);
                QVERIFY(p >= 0.0f);
                sum += p;
            }
            QVERIFY2(std::abs(sum - 1.0) < 1e-5, qPrintable(QString("row %1: %2").arg(i).arg(sum)));
        }
        // The first character can only read itself.
        QVERIFY(std::abs(text.attention[0] - 1.0f) < 1e-6f);
        // A prompt longer than the context keeps its last model.context characters.
        r.prompt = QStringLiteral("the cat sat on a mat.");
        QCOMPARE(sl::ui::TextProbe::compute(*m_trainer, r).promptCharacters.join(QString()),
                 QStringLiteral("at on a mat."));

        sl::ui::AttentionMap map;
        map.resize(300, 300);
        map.setMap(text.promptCharacters, text.attention);
        QCOMPARE(map.count(), n);
        QCOMPARE(map.value(3, 2), text.attention[std::size_t(3 * n + 2)]);

        // No prompt: the attention over the held-out passage's first window (12 characters,
        // the model's context), read from the test set's first example.
        r.prompt.clear();
        const sl::ui::TextSnapshot passage = sl::ui::TextProbe::compute(*m_trainer, r);
        const sl::Dataset& held = m_trainer->data().test;
        QCOMPARE(int(passage.promptCharacters.size()), 12);
        for (int t = 0; t < 12; ++t)
            QCOMPARE(passage.promptCharacters[t],
                     QString::fromStdString(held.classNames[std::size_t(held.x(t, 0))]));
        QCOMPARE(passage.attention.size(), std::size_t(12 * 12));
        QCOMPARE(passage.attention[1], 0.0f);  // causal: the first character reads only itself
    }

    void passageLossesAreThoseOfTheModel() {
        const sl::ui::TextSnapshot text = sl::ui::TextProbe::compute(*m_trainer, {});
        const sl::Dataset& held = m_trainer->data().test;
        const int T = held.features();
        QCOMPARE(int(text.passage.size()), T + 1);
        QCOMPARE(text.passageBits.size(), std::size_t(T + 1));
        QVERIFY(std::isnan(text.passageBits[0]));
        // Directly: the logits of the first held-out window, -log2 softmax at each target.
        sl::Model& model = m_trainer->model();
        model.forward(held.x.leftCols(1));
        const sl::Gpt* gpt = sl::gptOf(model);
        const Eigen::MatrixXf& z = gpt->allLogits();
        for (int t = 0; t < T; ++t) {
            const int target = t + 1 < T ? int(held.x(t + 1, 0)) : held.labels[0];
            // Hand loops: Eigen reductions trip GCC's -Wnull-dereference here.
            double top = -1e300;
            for (Eigen::Index v = 0; v < z.rows(); ++v) top = std::max(top, double(z(v, t)));
            double expSum = 0.0;
            for (Eigen::Index v = 0; v < z.rows(); ++v) expSum += std::exp(double(z(v, t)) - top);
            const double logSum = top + std::log(expSum);
            const double bits = (logSum - double(z(target, t))) / std::log(2.0);
            QVERIFY2(std::abs(text.passageBits[std::size_t(t + 1)] - bits) < 1e-4,
                     qPrintable(QString("position %1: %2 vs %3")
                                    .arg(t)
                                    .arg(text.passageBits[std::size_t(t + 1)])
                                    .arg(bits)));
            QCOMPARE(text.passage[t + 1],
                     QString::fromStdString(held.classNames[std::size_t(target)]));
        }
    }

    void colouringFollowsTheLosses() {
        QCOMPARE(sl::ui::TextView::lossColor(0.0), QColor(Qt::white));
        QCOMPARE(sl::ui::TextView::lossColor(8.0).rgb(), QColor(sl::ui::palette::kPruned).rgb());
        QCOMPARE(sl::ui::TextView::lossColor(20.0), sl::ui::TextView::lossColor(8.0));
        // Higher loss, less white: green falls monotonically from 0 to 8 bits.
        QVERIFY(sl::ui::TextView::lossColor(2.0).green() >
                sl::ui::TextView::lossColor(5.0).green());

        auto snap = std::make_shared<sl::ui::RunSnapshot>();
        snap->text = sl::ui::TextProbe::compute(*m_trainer, {});
        sl::ui::TextView view;
        view.resize(800, 500);
        view.setSnapshot(snap);
        QCOMPARE(view.passageLength(), int(snap->text.passage.size()));
        QVERIFY(!view.passageBackground(0).isValid());  // context only: no loss
        for (int i = 1; i < view.passageLength(); ++i)
            QCOMPARE(view.passageBackground(i),
                     sl::ui::TextView::lossColor(snap->text.passageBits[std::size_t(i)]));
        QCOMPARE(view.continuation(), snap->text.continuation);
        QCOMPARE(view.layerBox()->maximum(), 2);
        QCOMPARE(view.headBox()->maximum(), 2);

        // Editing the prompt asks for new figures, with what the boxes hold.
        QSignalSpy asked(&view, &sl::ui::TextView::requestChanged);
        view.headBox()->setValue(2);
        QCOMPARE(asked.size(), 1);
        const auto r = asked.at(0).at(0).value<sl::ui::TextRequest>();
        QCOMPARE(r.head, 1);
        QCOMPARE(r.layer, 0);

        // Another model kind: the view says so and its controls are off.
        view.setSnapshot(std::make_shared<sl::ui::RunSnapshot>());
        QVERIFY(!view.promptBox()->isEnabled());
    }

    void controllerAnswersRequestsAndNamesLayersByRole() {
        sl::ui::TrainingController c;
        c.setConfig(tinyGpt(m_path));
        auto s = waitFor(c, [](const sl::ui::RunSnapshot&) { return true; });
        QVERIFY(s && s->text.valid);
        QCOMPARE(s->layers.size(), std::size_t(13));  // 6 per block, 2 blocks, and the head
        QCOMPARE(s->layers[0].name, QStringLiteral("block1.q"));
        QCOMPARE(s->layers[1].name, QStringLiteral("block1.k"));
        QCOMPARE(s->layers[2].name, QStringLiteral("block1.v"));
        QCOMPARE(s->layers[12].name, QStringLiteral("head"));
        sl::ui::TextRequest r;
        r.prompt = QStringLiteral("the mat");
        r.length = 9;
        c.setTextRequest(r);
        s = waitFor(
            c, [](const sl::ui::RunSnapshot& x) { return x.text.request.prompt == "the mat"; });
        QVERIFY(s);
        QCOMPARE(codePoints(s->text.continuation), 9);
        QCOMPARE(s->text.promptCharacters.size(), 7);
        // Generated again at the next evaluation (every 20 steps here).
        const long long before = s->text.step;
        c.stepEpoch();
        s = waitFor(c, [before](const sl::ui::RunSnapshot& x) {
            return x.text.step > before && !x.playing;
        });
        QVERIFY(s);
        QVERIFY(s->text.step >= 20);
        QCOMPARE(s->text.request.prompt, QStringLiteral("the mat"));
    }
};

SPARSELAB_TEST_MAIN(TestTextView)
#include "test_text_view.moc"
