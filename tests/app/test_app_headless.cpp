// `sparselab --help` with no display (#17, item 6): the window program must not abort in Qt's
// platform plugin before reading its arguments.

#include "support/test_main.h"
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QProcess* runWithoutDisplay(QObject* parent, const QStringList& args) {
    auto* p = new QProcess(parent);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(name);
    p->setProcessEnvironment(env);
    p->start(SPARSELAB_APP, args);
    return p;
}

}  // namespace

class TestAppHeadless : public QObject {
    Q_OBJECT
private slots:
    void helpWorksWithoutDisplay() {
        QProcess* p = runWithoutDisplay(this, {"--help"});
        QVERIFY(p->waitForFinished(30000));
        const QByteArray out = p->readAllStandardOutput();
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        QVERIFY2(out.contains("--screenshots") && out.contains("--config"), out.constData());
    }

    // A dense run has no mask update to step to, and this one ends (3 epochs of 4 steps) long
    // before --until-step: the tour draws its last state instead of waiting forever.
    void screenshotsOfAFinishedDenseRun() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile config(dir.filePath("dense.json"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({"data": {"name": "spirals", "samples": 256}, "model": {"hidden": [8]},
                         "train": {"epochs": 3, "batch_size": 64}, "sparsity": {"method": "dense"}})");
        config.close();
        const QString shots = dir.filePath("shots");
        QProcess* p = runWithoutDisplay(this, {"--config", config.fileName(), "--screenshots",
                                               shots, "--until-step", "1000000"});
        QVERIFY(p->waitForFinished(60000));
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        const QByteArray out = p->readAllStandardOutput();
        QVERIFY2(out.contains("screenshots of step 12 written"), out.constData());
        QVERIFY(QFile::exists(QDir(shots).filePath("main-window.png")));
        QVERIFY(QFile::exists(QDir(shots).filePath("loss.png")));
    }

    void plainLaunchExplainsTheMissingDisplay() {
        QProcess* p = runWithoutDisplay(this, {});
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 1);
        QVERIFY(p->readAllStandardError().contains("no display"));
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestAppHeadless)
#include "test_app_headless.moc"
