#include "io/checkpoint.h"
#include "io/checkpoint_series.h"
#include "support/error_message.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/wait.h>
#include <unistd.h>

namespace {

sl::RunConfig tinyRun() {
    return sl::test::TinyRun()
        .data("xor", 64)
        .hidden({8})
        .batch(16)
        .epochs(3)
        .sparse("set", 0.5f, 2)
        .seed(42);
}

QStringList names(const std::vector<std::string>& paths) {
    QStringList out;
    for (const auto& p : paths) out << QFileInfo(QString::fromStdString(p)).fileName();
    return out;
}

void touch(const QString& path) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
}

}  // namespace

class TestCheckpointSeries : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void namesSortByStep() {
        QCOMPARE(sl::CheckpointSeries::fileName(469), std::string("step-00000469.h5"));
        QCOMPARE(sl::CheckpointSeries::fileName(123456789), std::string("step-123456789.h5"));
        QCOMPARE(sl::CheckpointSeries::stepOf("step-00000469.h5").value_or(-1), 469LL);
        QCOMPARE(sl::CheckpointSeries::stepOf("step-123456789.h5").value_or(-1), 123456789LL);
        for (const char* other : {"step-469.h5", "step-00000469.h5.part-12", "step-0000046x.h5",
                                  "notes.txt", "best-00000469.h5"})
            QVERIFY2(!sl::CheckpointSeries::stepOf(other), other);
    }

    void keepsTheNewestAndLeavesOtherFilesAlone() {
        const QString folder = m_dir.filePath("run/checkpoints");  // made on the way
        QVERIFY(QDir().mkpath(folder));
        touch(folder + "/notes.txt");
        touch(folder + "/step-00000099.h5");  // a longer run's: this one has not got there yet
        sl::CheckpointSeries series(folder.toStdString(), 3);
        const auto config = tinyRun();
        sl::Trainer t(config, sl::loadRunData(config));
        for (int i = 0; i < 5; ++i) {
            t.run(1);
            const std::string written = series.save(t);
            QCOMPARE(QFileInfo(QString::fromStdString(written)).fileName(),
                     QString::fromStdString(sl::CheckpointSeries::fileName(i + 1)));
        }
        QCOMPARE(names(series.files()), (QStringList{"step-00000003.h5", "step-00000004.h5",
                                                     "step-00000005.h5", "step-00000099.h5"}));
        QVERIFY(QFile::exists(folder + "/notes.txt"));
        QCOMPARE(sl::readCheckpoint(series.files()[2]).state.step, 5LL);
    }

    void removesOnlyTemporariesOfDeadWriters() {
        const QString folder = m_dir.filePath("temporaries");
        sl::CheckpointSeries series(folder.toStdString(), 2);
        const pid_t deadPid = ::fork();  // a process that has come and gone
        if (deadPid == 0) ::_exit(0);
        QVERIFY(deadPid > 0 && ::waitpid(deadPid, nullptr, 0) == deadPid);
        const QString dead = folder + "/step-00000001.h5.part-" + QString::number(deadPid);
        const QString alive = folder + "/step-00000001.h5.part-" +
                              QString::number(QCoreApplication::applicationPid());
        touch(dead);
        touch(alive);
        const auto config = tinyRun();
        sl::Trainer t(config, sl::loadRunData(config));
        t.run(2);
        series.save(t);
        QVERIFY(!QFile::exists(dead));
        QVERIFY(QFile::exists(alive));  // a save in progress, as far as anyone can tell
    }

    void refusesBadSettings() {
        sl::test::expectError<sl::ConfigError>(
            [&] { sl::CheckpointSeries(m_dir.filePath("k").toStdString(), 0); },
            {"checkpoint keep: got 0", "at least 1"});
        const QString file = m_dir.filePath("a-file");
        touch(file);
        sl::test::expectError<sl::CheckpointError>(
            [&] { sl::CheckpointSeries(file.toStdString(), 3); },
            {file.toStdString(), "cannot create the checkpoint folder"});
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestCheckpointSeries)
#include "test_checkpoint_series.moc"
