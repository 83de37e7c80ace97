#include "controller/routing_stats.h"
#include "nn/moe.h"
#include "support/test_main.h"
#include "train/run_setup.h"
#include "util/error.h"
#include "views/expert_routing_view.h"
#include "views/palette.h"

#include <QApplication>
#include <QDir>

#include <QtTest>
#include <cmath>

using sl::ui::countRouting;

class TestRoutingStats : public QObject {
    Q_OBJECT
private slots:
    // 3 examples, k = 2, 3 experts, 2 classes: every example counted twice.
    void countsOnHandCase() {
        const std::vector<int> routing{0, 2, 1, 2, 2, 0};
        const std::vector<std::int32_t> labels{1, 0, 1};
        const auto c = countRouting(routing, 2, labels, 3, 2);
        QCOMPARE(c.perExpert, (std::vector<long long>{2, 1, 3}));
        QCOMPARE(c.perClass[0], (std::vector<long long>{0, 1, 1}));
        QCOMPARE(c.perClass[1], (std::vector<long long>{2, 0, 2}));
    }

    void badInputIsAnError() {
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError, countRouting({0, 1, 2}, 2, {0, 1}, 3, 2));
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError, countRouting({0, 5}, 1, {0, 1}, 3, 2));
        QVERIFY_THROWS_EXCEPTION(sl::ShapeError, countRouting({0, 1}, 1, {0, 2}, 3, 2));
    }

    // On a real trainer: fractions sum to 1, each class row sums to 1, and the counts behind
    // them are k per example (checked through the layer's routing of the same batch).
    void fillRoutingSumsCorrectly_data() {
        QTest::addColumn<int>("k");
        QTest::newRow("top1") << 1;
        QTest::newRow("top2") << 2;
    }
    void fillRoutingSumsCorrectly() {
        QFETCH(int, k);
        sl::RunConfig c;
        c.data.name = "fashion-mnist";
        c.data.trainSubset = 2000;
        c.data.testSubset = 600;
        c.model.kind = "moe";
        c.model.hidden = {64};
        c.model.experts = 5;
        c.model.expertHidden = 16;
        c.model.topK = k;
        c.sparsity.method = "dense";
        c.train.maxSteps = 20;
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        sl::ui::RunSnapshot s;
        sl::ui::fillRouting(t, s, 500);
        QCOMPARE(s.expertFraction.size(), std::size_t(5));
        QCOMPARE(s.classRouting.size(), std::size_t(10));
        double sum = 0.0;
        for (double f : s.expertFraction) sum += f;
        QVERIFY(std::abs(sum - 1.0) < 1e-12);
        // 500 examples, k routings each: every fraction is a multiple of 1 / (500 k).
        for (double f : s.expertFraction) {
            const double count = f * 500 * k;
            QVERIFY(std::abs(count - std::round(count)) < 1e-6);
        }
        sl::MixtureOfExperts* moe = nullptr;
        for (const auto& layer : t.model().layers())
            if (auto* m = dynamic_cast<sl::MixtureOfExperts*>(layer.get())) moe = m;
        QVERIFY(moe);
        QCOMPARE(moe->routing().size(), std::size_t(500 * k));
        for (const auto& row : s.classRouting) {
            double r = 0.0;
            for (double f : row) r += f;
            QVERIFY(std::abs(r - 1.0) < 1e-12);
        }
        // The class rows, weighted by each class's share of the batch, give back the totals.
        std::vector<int> perClass(10, 0);
        for (int j = 0; j < 500; ++j) ++perClass[std::size_t(t.data().test.labels[std::size_t(j)])];
        for (int e = 0; e < 5; ++e) {
            double total = 0.0;
            for (int cl = 0; cl < 10; ++cl)
                total += s.classRouting[std::size_t(cl)][std::size_t(e)] *
                         perClass[std::size_t(cl)] / 500.0;
            QVERIFY(std::abs(total - s.expertFraction[std::size_t(e)]) < 1e-12);
        }
    }

    // The view on a real run's statistics; the picture is saved when SPARSELAB_SCREENSHOT_DIR
    // is set (how the report's screenshot was made).
    void viewDrawsARealRun() {
        sl::RunConfig c;
        c.data.name = "fashion-mnist";
        c.data.trainSubset = 10000;
        c.data.testSubset = 1000;
        c.model.kind = "moe";
        c.model.hidden = {128};
        c.model.experts = 4;
        c.model.expertHidden = 32;
        c.model.topK = 1;
        c.model.balanceLoss = 0.1f;
        c.sparsity.method = "dense";
        c.train.epochs = 2;
        sl::Trainer t(c, sl::loadRunData(c));
        t.runToEnd();
        auto s = std::make_shared<sl::ui::RunSnapshot>();
        s->config = c;
        sl::ui::fillRouting(t, *s);
        QCOMPARE(s->classRouting.size(), std::size_t(10));
        sl::ui::ExpertRoutingView view;
        view.resize(560, 520);
        view.setSnapshot(s);
        QCOMPARE(view.classNames().at(8), QString("Bag"));
        const QImage image = view.grab().toImage();
        // The tallest bar is drawn in its expert's colour.
        int tallest = 0;
        for (int e = 1; e < 4; ++e)
            if (s->expertFraction[std::size_t(e)] > s->expertFraction[std::size_t(tallest)])
                tallest = e;
        const QPoint inBar = view.barRect(tallest).center() * image.devicePixelRatio();
        QCOMPARE(image.pixelColor(inBar), sl::ui::palette::runColor(tallest));
        if (const QByteArray dir = qgetenv("SPARSELAB_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(image.save(QDir(QString(dir)).filePath("expert-routing.png")));
    }

    void noMoeLeavesTheFieldsEmpty() {
        sl::RunConfig c;
        c.data.name = "spirals";
        c.data.samples = 200;
        c.model.hidden = {8};
        c.sparsity.method = "dense";
        sl::Trainer t(c, sl::loadRunData(c));
        sl::ui::RunSnapshot s;
        s.expertFraction = {1.0};
        sl::ui::fillRouting(t, s);
        QVERIFY(s.expertFraction.empty());
        QVERIFY(s.classRouting.empty());
    }
};

SPARSELAB_TEST_MAIN(TestRoutingStats)
#include "test_routing_stats.moc"
