// `sparselab --help` with no display (#17, item 6): the window program must not abort in Qt's
// platform plugin before reading its arguments.

#include <QProcess>
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

} // namespace

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

    void plainLaunchExplainsTheMissingDisplay() {
        QProcess* p = runWithoutDisplay(this, {});
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 1);
        QVERIFY(p->readAllStandardError().contains("no display"));
    }
};

QTEST_GUILESS_MAIN(TestAppHeadless)
#include "test_app_headless.moc"
