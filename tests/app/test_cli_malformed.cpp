#include "support/test_main.h"
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

// The real sparselab-cli on malformed input: a config problem exits 2 with a message naming
// the file and the key, a bad checkpoint exits 1 naming the file, and nothing hangs (a FIFO)
// or dies of a signal (deep nesting).
class TestCliMalformed : public QObject {
    Q_OBJECT

    struct Result {
        int code = -1;
        bool crashed = false;
        QString err;
    };

    static Result run(const QStringList& args) {
        QProcess p;
        p.start(SPARSELAB_CLI, args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return {-1, false, "timed out"};
        }
        return {p.exitCode(), p.exitStatus() == QProcess::CrashExit,
                QString::fromUtf8(p.readAllStandardError())};
    }

    QTemporaryDir m_dir;

    QString write(const char* name, const QByteArray& text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly)) f.write(text);
        return path;
    }

    void expectConfigError(const QString& config, const QString& message) {
        const Result r = run({"train", "--config", config});
        QVERIFY2(!r.crashed, qPrintable(r.err));
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err, "error: " + message + "\n");
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void numberOutOfRange() {
        const QString path = write("huge.json", "{\"train\": {\"epochs\": 1e999}}");
        expectConfigError(path, path + ":1: train.epochs: a number out of range (beyond ±1.8e308)");
    }

    void sectionAsAValue() {
        const QString path = write("data5.json", "{\"data\": 5}");
        expectConfigError(path, path + ": invalid config (1 problem):\n  data: got 5 — expected an "
                                       "object of settings, e.g. {\"data\": {...}}");
    }

    void topLevelArray() {
        const QString path = write("array.json", "[]");
        expectConfigError(path, path + ": the top level is a list — expected a JSON object, e.g. "
                                       "{\"train\": {\"epochs\": 5}}");
    }

    void deepNesting() {
        const QString path = write("deep.json", "{\"a\": " + QByteArray(100000, '[') +
                                                    QByteArray(100000, ']') + "}");
        const Result r = run({"train", "--config", path});
        QVERIFY2(!r.crashed, qPrintable(r.err.left(300)));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("nested deeper than 64 levels") && r.err.size() < 400,
                 qPrintable(r.err.left(300)));
    }

    void fifoConfigAndCheckpoint() {
        const QString fifo = m_dir.filePath("pipe");
        QCOMPARE(::mkfifo(fifo.toUtf8().constData(), 0600), 0);
        expectConfigError(fifo, fifo + ": is a FIFO (named pipe), not a regular file — expected a "
                                       "JSON config file");
        const Result r = run({"train", "--resume", fifo});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, "error: " + fifo +
                            ": is a FIFO (named pipe), not a regular file — "
                            "expected a checkpoint file\n");
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestCliMalformed)
#include "test_cli_malformed.moc"
