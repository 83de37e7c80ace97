#include "support/test_main.h"
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// Drives `sparselab-cli lottery`: bad arguments exit 2 with a message naming them; a small run
// prints a line per round and writes the CSV and one checkpoint per round.
class TestLotteryCli : public QObject {
    Q_OBJECT

    struct Result {
        int code = -1;
        QString out, err;
    };

    static Result run(const QStringList& args) {
        QProcess p;
        p.start(SPARSELAB_CLI, QStringList{"lottery"} + args);
        if (!p.waitForFinished(300000)) return {};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    // Spirals: small and fast, no data folder needed.
    static QStringList small() {
        return {"--set", "data.name=spirals",   "--set", "data.samples=600",
                "--set", "model.hidden=[16,8]", "--set", "train.epochs=2"};
    }

    QTemporaryDir m_dir;

private slots:
    void badArgumentsExitWith2AndSayWhy_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("prune 1.5") << QStringList{"--prune", "1.5"} << "--prune";
        QTest::newRow("prune 0") << QStringList{"--prune", "0"} << "--prune";
        QTest::newRow("rounds 0") << QStringList{"--rounds", "0"} << "--rounds";
        QTest::newRow("scope") << QStringList{"--scope", "everything"} << "--scope";
        QTest::newRow("control") << QStringList{"--control", "shuffle"} << "--control";
        QTest::newRow("rewind negative") << QStringList{"--rewind-step", "-1"} << "--rewind-step";
        QTest::newRow("rewind past the end")
            << (small() + QStringList{"--rewind-step", "100000"}) << "rewind step";
        QTest::newRow("bad config key") << QStringList{"--set", "train.epochs=0"} << "train.epochs";
        QTest::newRow("missing config")
            << QStringList{"--config", "/no/such/file.json"} << "file.json";
    }
    void badArgumentsExitWith2AndSayWhy() {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const Result r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(says), qPrintable(r.err));
    }

    void writesARowAndACheckpointPerRound() {
        const QString csv = m_dir.filePath("rounds.csv");
        const QString out = m_dir.filePath("rounds");
        const Result r = run(small() + QStringList{"--rounds", "2", "--prune", "0.5", "--control",
                                                   "reinit", "--csv", csv, "--out-dir", out});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("round  2  sparsity  75.000%"), qPrintable(r.out));
        QCOMPARE(r.out.count("reinit control: test accuracy"), 2);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 6);  // header, dense, r1, reinit r1, r2, reinit r2
        QCOMPARE(lines[0], QString("round,kind,sparsity,active,total,test_accuracy"));
        QVERIFY2(lines[4].startsWith("2,ticket,0.750000,"), qPrintable(lines[4]));
        QVERIFY2(lines[5].startsWith("2,reinit,0.750000,"), qPrintable(lines[5]));
        for (const char* name :
             {"round-00.h5", "round-01.h5", "reinit-01.h5", "round-02.h5", "reinit-02.h5"})
            QVERIFY2(QFile::exists(out + "/" + name), name);
        // The checkpoints open like any run's.
        QProcess p;
        p.start(SPARSELAB_CLI, {"eval", out + "/round-02.h5"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
    }
};

SPARSELAB_TEST_MAIN(TestLotteryCli)
#include "test_lottery_cli.moc"
