#include "support/test_main.h"
#include "ts_check.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

// Paths come from tests/ui/CMakeLists.txt: the committed .ts, lupdate, and the list of
// sources the build's own lupdate target reads (ui/translations.cmake).
class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void committedFileHasNothingLeftToTranslate();
    void everySourceStringIsInTheFile();
    void checkerFindsWhatATranslatorStillOwes();
    void embeddedCatalogueTranslates();
};

void TestTranslations::committedFileHasNothingLeftToTranslate() {
    const TsReport report = checkTs(QStringLiteral(SL_TS_FILE));
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QVERIFY2(report.messages > 300, qPrintable(QString::number(report.messages)));
    QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join('\n')));
}

// lupdate on a copy of the committed file, with the build's options but keeping what has
// left the sources: a new tr() string comes out "unfinished", a removed one "vanished".
void TestTranslations::everySourceStringIsInTheFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QStringLiteral("copy_zh_CN.ts"));
    QVERIFY(QFile::copy(QStringLiteral(SL_TS_FILE), copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);

    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(SL_LUPDATE),
                  {QStringLiteral("-I"), QStringLiteral(SL_UI_DIR), QStringLiteral("-I"),
                   QStringLiteral(SL_CORE_DIR), QStringLiteral("-tr-function-alias"),
                   QStringLiteral("QT_TRANSLATE_NOOP+=SL_TRANSLATE_NOOP"),
                   QStringLiteral("-locations"), QStringLiteral("none"),
                   QStringLiteral("@" SL_TR_SOURCES_LIST), QStringLiteral("-ts"), copy});
    QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish in 2 minutes");
    const QString output = QString::fromUtf8(lupdate.readAll());
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
             qPrintable(output));

    const TsReport committed = checkTs(QStringLiteral(SL_TS_FILE));
    const TsReport updated = checkTs(copy);
    QVERIFY2(updated.error.isEmpty(), qPrintable(updated.error));
    QVERIFY2(updated.problems.isEmpty(),
             qPrintable(QStringLiteral("run `cmake --build <dir> --target update_translations` "
                                       "and translate:\n") +
                        updated.problems.join('\n')));
    QCOMPARE(updated.messages, committed.messages);
}

// The checker itself: each kind of debt in a hand-written file is found, and only those.
void TestTranslations::checkerFindsWhatATranslatorStillOwes() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("owed_zh_CN.ts"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"(<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Demo</name>
    <message><source>Mask</source><translation>掩码</translation></message>
    <message><source>Prune</source><translation type="unfinished"></translation></message>
    <message><source>Old</source><translation type="vanished">旧</translation></message>
    <message><source>Step %1 of %2</source><translation>第 %1 步</translation></message>
    <message><source>Empty</source><translation></translation></message>
    <message numerus="yes"><source>%n weights</source><translation><numerusform>%n 个权重</numerusform></translation></message>
</context>
</TS>
)");
    file.close();
    const TsReport report = checkTs(path);
    QVERIFY(report.error.isEmpty());
    QCOMPARE(report.messages, 6);
    QCOMPARE(report.problems,
             QStringList({"Demo: unfinished: Prune", "Demo: vanished: Old",
                          "Demo: arguments differ: Step %1 of %2", "Demo: empty: Empty"}));
}

// lrelease ran in the build and the .qm is inside the library, where the window loads it.
void TestTranslations::embeddedCatalogueTranslates() {
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/sparselab_zh_CN.qm")));
    QCOMPARE(translator.language(), QStringLiteral("zh_CN"));
    QCOMPARE(translator.translate("sl::ui::MainWindow", "&File"), QStringLiteral("文件(&F)"));
    QCOMPARE(translator.translate("sl::ui::ScheduleChart", "Sparsity schedule"),
             QStringLiteral("稀疏度调度"));
    QCOMPARE(translator.translate("sl::ui::MaskHeatmapView", "just pruned"),
             QStringLiteral("刚剪枝"));
}

SPARSELAB_TEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
