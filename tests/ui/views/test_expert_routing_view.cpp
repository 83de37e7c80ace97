#include "support/test_main.h"
#include "views/expert_routing_view.h"

#include <QTest>

using namespace sl::ui;

namespace {

// 3 experts, Fashion-MNIST's 10 classes: Trouser (class 1) goes entirely to expert 2.
SnapshotPtr routedSnapshot() {
    auto s = std::make_shared<RunSnapshot>();
    s->config.data.name = "fashion-mnist";
    s->config.model.kind = "moe";
    s->config.model.topK = 1;
    s->expertFraction = {0.5, 0.3, 0.2};
    for (int c = 0; c < 10; ++c) s->classRouting.push_back({0.6, 0.2, 0.2});
    s->classRouting[1] = {0.0, 1.0, 0.0};
    return s;
}

}  // namespace

class TestExpertRoutingView : public QObject {
    Q_OBJECT
private slots:
    void emptyWithoutMoe() {
        ExpertRoutingView view;
        view.setSnapshot(std::make_shared<RunSnapshot>());
        QVERIFY(!view.hasRouting());
        QVERIFY(view.barRect(0).isNull());
        QVERIFY(view.toolTipAt(QPoint(100, 100)).isEmpty());
        view.resize(400, 300);
        QImage image(view.size(), QImage::Format_ARGB32);
        view.render(&image);  // draws the explanation without a crash
    }

    void classNamesAndBars() {
        ExpertRoutingView view;
        view.resize(520, 460);
        view.setSnapshot(routedSnapshot());
        QVERIFY(view.hasRouting());
        QCOMPARE(view.classNames().size(), 10);
        QCOMPARE(view.classNames().at(1), QString("Trouser"));
        QCOMPARE(view.classNames().at(9), QString("Ankle boot"));
        // Bar heights follow the fractions: 0.5 / 0.3 / 0.2.
        const int h0 = view.barRect(0).height(), h1 = view.barRect(1).height(),
                  h2 = view.barRect(2).height();
        QVERIFY(h0 > h1 && h1 > h2);
        QVERIFY(std::abs(h0 * 0.3 - h1 * 0.5) <= 1.0);
        // Cells are laid out in a grid without overlap, class rows down, experts across.
        QVERIFY(view.cellRect(0, 0).bottom() < view.cellRect(1, 0).top());
        QVERIFY(view.cellRect(0, 0).right() < view.cellRect(0, 1).left());
        QVERIFY(view.cellRect(9, 2).bottom() <= view.height());
        QVERIFY(view.cellRect(10, 0).isNull());
    }

    void tooltipsExplainBarsAndCells() {
        ExpertRoutingView view;
        view.resize(520, 460);
        view.setSnapshot(routedSnapshot());
        const QString bar = view.toolTipAt(view.barRect(1).center());
        QVERIFY2(bar.contains("Expert 2") && bar.contains("30 %"), qPrintable(bar));
        const QString cell = view.toolTipAt(view.cellRect(1, 1).center());
        QVERIFY2(cell.contains("Trouser") && cell.contains("expert 2") && cell.contains("100 %"),
                 qPrintable(cell));
        const QString other = view.toolTipAt(view.cellRect(3, 0).center());
        QVERIFY2(other.contains("Dress") && other.contains("60 %"), qPrintable(other));
    }

    void otherDataNamesClassesByNumber() {
        auto s = std::make_shared<RunSnapshot>(*routedSnapshot());
        s->config.data.name = "spirals";
        s->classRouting.resize(2);
        ExpertRoutingView view;
        view.setSnapshot(s);
        QCOMPARE(view.classNames(), (QStringList{"class 0", "class 1"}));
    }
};

SPARSELAB_TEST_MAIN(TestExpertRoutingView)
#include "test_expert_routing_view.moc"
