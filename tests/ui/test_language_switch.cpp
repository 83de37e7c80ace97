#include "charts/loss_accuracy_chart.h"
#include "charts/schedule_chart.h"
#include "language.h"
#include "main_window.h"
#include "panels/config_panel.h"
#include "support/test_main.h"
#include "views/image_canvas.h"

#include <QAction>
#include <QDockWidget>
#include <QGroupBox>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QtTest>

using sl::ui::MainWindow;
namespace language = sl::ui::language;

namespace {

QStringList menuTitles(MainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions()) titles << a->text();
    return titles;
}

QString dockTitle(MainWindow& w, const char* name) {
    for (QDockWidget* d : w.docks())
        if (d->objectName() == QLatin1String(name)) return d->windowTitle();
    return {};
}

QAction* actionNamed(MainWindow& w, const QString& name) { return w.findChild<QAction*>(name); }

// Texts of the configuration form: button labels and group titles.
QStringList configTexts(MainWindow& w) {
    QStringList texts;
    for (auto* b : w.configPanel()->findChildren<QPushButton*>()) texts << b->text();
    for (auto* g : w.configPanel()->findChildren<QGroupBox*>()) texts << g->title();
    return texts;
}

sl::RunConfig smallRun() {
    sl::RunConfig c;
    c.data.name = "moons";
    c.data.samples = 400;
    c.model.hidden = {16};
    c.train.batchSize = 50;
    c.train.epochs = 2;
    c.sparsity.method = "rigl";
    c.sparsity.target = 0.5f;
    return c;
}

}  // namespace

// Switches the whole window between English and 简体中文 while it runs, as View ▸ Language
// does, and reads the texts back from the widgets themselves.
class TestLanguageSwitch : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("SparseLab-tests");
        QCoreApplication::setApplicationName("language-switch");
        QSettings().clear();
        QVERIFY(language::apply(language::kEnglish));
    }
    void cleanupTestCase() { QSettings().clear(); }

    void unknownLanguageFallsBackToEnglish() {
        QVERIFY(!language::apply(QStringLiteral("xx_YY")));
        QCOMPARE(language::current(), QString(language::kEnglish));
        QCOMPARE(QCoreApplication::translate("sl::ui::MainWindow", "&File"),
                 QStringLiteral("&File"));
    }

    void switchesTheRunningWindowAndBack() {
        const sl::RunConfig config = smallRun();
        MainWindow w(&config);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* loss = w.findChild<sl::ui::LossAccuracyChart*>();
        auto* schedule = w.findChild<sl::ui::ScheduleChart*>();
        auto* canvas = w.findChild<sl::ui::ImageCanvas*>();
        QVERIFY(loss && schedule && canvas);

        // English first: the source texts.
        QCOMPARE(menuTitles(w), QStringList({"&File", "&Run", "&View"}));
        QCOMPARE(loss->chart()->title(), QStringLiteral("Loss and accuracy"));
        QVERIFY(configTexts(w).contains("Apply"));
        const QString englishTip = canvas->toolTip();
        QVERIFY(englishTip.startsWith("Scroll to zoom"));

        // The menu entry, as a user would pick it.
        QAction* chinese = actionNamed(w, QStringLiteral("language_zh_CN"));
        QVERIFY(chinese);
        QCOMPARE(chinese->text(), QStringLiteral("简体中文"));
        chinese->trigger();
        QCoreApplication::processEvents();  // LanguageChange is posted to the widgets
        QCOMPARE(language::current(), QStringLiteral("zh_CN"));
        QCOMPARE(QSettings().value("language").toString(), QStringLiteral("zh_CN"));

        QCOMPARE(menuTitles(w), QStringList({"文件(&F)", "运行(&R)", "视图(&V)"}));
        QCOMPARE(w.windowTitle(), QStringLiteral("SparseLab"));
        QCOMPARE(dockTitle(w, "scheduleDock"), QStringLiteral("稀疏度调度"));
        QCOMPARE(loss->chart()->title(), QStringLiteral("损失与准确率"));
        QCOMPARE(schedule->chart()->title(), QStringLiteral("稀疏度调度"));
        QCOMPARE(loss->chart()->axes(Qt::Horizontal).first()->titleText(), QStringLiteral("步"));
        QCOMPARE(canvas->toolTip(),
                 QStringLiteral("滚动缩放，拖动平移。鼠标悬停在方格上可查看其权重。"));
        bool stepFound = false;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text() == QStringLiteral("单步")) {
                stepFound = true;
                QVERIFY2(a->toolTip().startsWith(QStringLiteral("训练一个批次")),
                         qPrintable(a->toolTip()));
            }
        QVERIFY(stepFound);
        // The configuration form, rebuilt in the new language with the same config.
        QVERIFY2(configTexts(w).contains(QStringLiteral("应用")),
                 qPrintable(configTexts(w).join('|')));
        QVERIFY2(configTexts(w).contains(QStringLiteral("稀疏度")),
                 qPrintable(configTexts(w).join('|')));
        QCOMPARE(w.configPanel()->config().sparsity.target, config.sparsity.target);
        QCOMPARE(w.configPanel()->config().model.hidden, config.model.hidden);

        // And back: every text is the source text again.
        QAction* english = actionNamed(w, QStringLiteral("language_en"));
        QVERIFY(english);
        QCOMPARE(english->text(), QStringLiteral("English"));
        english->trigger();
        QCoreApplication::processEvents();
        QCOMPARE(QSettings().value("language").toString(), QStringLiteral("en"));
        QCOMPARE(menuTitles(w), QStringList({"&File", "&Run", "&View"}));
        QCOMPARE(dockTitle(w, "scheduleDock"), QStringLiteral("Sparsity schedule"));
        QCOMPARE(loss->chart()->title(), QStringLiteral("Loss and accuracy"));
        QCOMPARE(canvas->toolTip(), englishTip);
        QVERIFY(configTexts(w).contains("Apply"));
        QVERIFY(english->isChecked() && !chinese->isChecked());
    }

    // The saved choice wins over the system locale at the next start.
    void savedChoiceIsPreferred() {
        language::save(QStringLiteral("zh_CN"));
        QCOMPARE(language::preferred(), QStringLiteral("zh_CN"));
        language::save(QStringLiteral("en"));
        QCOMPARE(language::preferred(), QStringLiteral("en"));
        QSettings().remove("language");
        const QString fromSystem = QLocale::system().language() == QLocale::Chinese
                                       ? QStringLiteral("zh_CN")
                                       : QStringLiteral("en");
        QCOMPARE(language::preferred(), fromSystem);
    }
};

SPARSELAB_TEST_MAIN(TestLanguageSwitch)
#include "test_language_switch.moc"
