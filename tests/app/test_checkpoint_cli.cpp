#include "io/checkpoint.h"
#include "support/json_field.h"
#include "support/state_compare.h"
#include "support/test_main.h"

#include "support/process_runner.h"
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <csignal>
#include <hdf5.h>
#include <nlohmann/json.hpp>

using namespace sl::test;  // json_field.h's strict readers

// Checkpoints through the real sparselab-cli: periodic saving, resume in a fresh process,
// inspect and eval, bad files, a file read by h5py with no SparseLab code, and a process
// killed with SIGKILL in the middle of a save.
namespace {

using Result = sl::test::ProcessResult;
Result run(const QStringList& args) { return sl::test::runProgram(SPARSELAB_CLI, args); }

// A small rigl run on spirals: 2000 points, batch 128, 16 steps an epoch, 64 in all.
QStringList riglRun() {
    return {"train", "--quiet",
            "--set", "data.name=spirals",
            "--set", "model.hidden=[32,32]",
            "--set", "train.epochs=4",
            "--set", "sparsity.method=rigl",
            "--set", "sparsity.delta_t=5",
            "--set", "sparsity.target=0.8",
            "--set", "train.eval_every=20"};
}

QStringList fileNames(const QString& folder) {
    return QDir(folder).entryList(QDir::Files, QDir::Name);
}

struct LayerRow {
    QString name, shape, sparsity, itop;
    long long parameters = 0, active = 0;
};

// The per-layer rows of `inspect`'s table.
std::vector<LayerRow> tableOf(const QString& out) {
    std::vector<LayerRow> rows;
    for (const QString& line : out.split('\n')) {
        const QStringList cells = line.split(' ', Qt::SkipEmptyParts);
        // layer, shape, backend, parameters, active, sparsity, ITOP, …
        if (cells.size() != 9 || !cells[0].startsWith("dense")) continue;
        if (cells[2] != "dense" && cells[2] != "sparse") continue;
        rows.push_back(
            {cells[0], cells[1], cells[5], cells[6], cells[3].toLongLong(), cells[4].toLongLong()});
    }
    return rows;
}

const char* kH5pyScript = R"(
import json, sys
import h5py
f = h5py.File(sys.argv[1], 'r')
out = {'format': f.attrs['format'], 'version': int(f.attrs['format_version']), 'layers': []}
config = json.loads(f['config'][()])
out['hidden'] = config['model']['hidden']
for i in range(1, int(f['model'].attrs['layers']) + 1):
    g = f['model/dense%d' % i]
    m, w, e = g['mask'][...], g['weight'][...], g['ever_active'][...]
    active = int(m.sum())
    out['layers'].append({
        'name': 'dense%d' % i, 'shape': '%dx%d' % m.shape, 'mask_dtype': str(m.dtype),
        'weight_dtype': str(w.dtype), 'parameters': int(m.size), 'active': active,
        'sparsity': '%.2f%%' % (100 * (1 - active / m.size)), 'itop': '%.4f' % (e.sum() / m.size),
        'pruned_weights_zero': bool((w[m == 0] == 0).all()), 'bias_shape': list(g['bias'].shape)})
out['step'] = int(f['trainer'].attrs['step'])
out['last_metric_step'] = int(f['metrics/step'][-1])
out['grown_total'] = int(f['mask_events/grown_indices_offsets'][-1])
print(json.dumps(out))
)";

}  // namespace

class TestCheckpointCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_runDir;  // a finished rigl run with checkpoints at steps 16, 32, 48, 64

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_runDir = m_dir.filePath("rigl");
        const Result r = run(riglRun() << "--checkpoint-every"
                                       << "16"
                                       << "--checkpoint-dir" << m_runDir << "--checkpoint-keep"
                                       << "4"
                                       << "--summary" << m_dir.filePath("rigl-summary.json"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void periodicCheckpointsAreNamedByStepAndRotated() {
        QCOMPARE(fileNames(m_runDir), (QStringList{"step-00000016.h5", "step-00000032.h5",
                                                   "step-00000048.h5", "step-00000064.h5"}));
        const QString folder = m_dir.filePath("rotated");
        const Result r = run(riglRun() << "--checkpoint-every"
                                       << "10"
                                       << "--checkpoint-dir" << folder << "--checkpoint-keep"
                                       << "2");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // Saves at 10, 20, ..., 60 and at the end (64); the newest two stay.
        QCOMPARE(fileNames(folder), (QStringList{"step-00000060.h5", "step-00000064.h5"}));
        QCOMPARE(sl::readCheckpoint((folder + "/step-00000060.h5").toStdString()).state.step, 60LL);
    }

    void resumeInAFreshProcessMatchesTheUninterruptedRun() {
        const QString resumed = m_dir.filePath("resumed");
        const Result r =
            run({"train", "--resume", m_runDir + "/step-00000032.h5", "--checkpoint-dir", resumed});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("resumed " + m_runDir + "/step-00000032.h5 at step 32 of 64"),
                 qPrintable(r.out));
        QCOMPARE(fileNames(resumed), QStringList{"step-00000064.h5"});
        const auto whole = sl::readCheckpoint((m_runDir + "/step-00000064.h5").toStdString());
        const auto second = sl::readCheckpoint((resumed + "/step-00000064.h5").toStdString());
        const std::string difference = sl::test::stateDifference(second.state, whole.state);
        QVERIFY2(difference.empty(), difference.c_str());
        QVERIFY(whole.state.events.size() > 10);  // rigl did move weights on the way

        // A longer run from the same file: only the length may change.
        const Result longer = run({"train", "--quiet", "--resume", resumed + "/step-00000064.h5",
                                   "--set", "train.epochs=5"});
        QCOMPARE(longer.code, 0);
        QVERIFY2(longer.out.contains("steps 80 in"), qPrintable(longer.out));
    }

    void resumeRefusesConfigChangesWithExit2() {
        const QString folder = m_dir.filePath("refused");
        const Result r = run({"train", "--resume", m_runDir + "/step-00000032.h5", "--set",
                              "optimizer.lr=0.1", "--checkpoint-dir", folder});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--set optimizer.lr=0.1") &&
                     r.err.contains("only train.epochs and train.max_steps may change"),
                 qPrintable(r.err));
        QVERIFY(!QDir(folder).exists());
        QCOMPARE(run({"train", "--resume", m_runDir + "/step-00000032.h5", "--config",
                      m_dir.filePath("rigl-summary.json")})
                     .code,
                 2);
        QCOMPARE(run({"train", "--checkpoint-every", "5"}).code, 2);  // needs --checkpoint-dir
    }

    // The values the checkpoint already has may be repeated (a script that always passes its
    // settings); another value is refused as before.
    void resumeAcceptsSetsEqualToTheStoredValues() {
        const QString from = m_runDir + "/step-00000032.h5";
        const Result same = run({"train", "--quiet", "--resume", from, "--set",
                                 "sparsity.method=rigl", "--set", "sparsity.target=0.8", "--set",
                                 "model.hidden=[32, 32]", "--set", "train.epochs=4"});
        QCOMPARE(same.code, 0);
        QVERIFY2(same.out.contains("steps 64 in"), qPrintable(same.out));
        const Result other =
            run({"train", "--quiet", "--resume", from, "--set", "sparsity.target=0.5"});
        QCOMPARE(other.code, 2);
        QCOMPARE(other.err,
                 "error: --set sparsity.target=0.5: " + from +
                     " stores sparsity.target = 0.8; a resumed run keeps the config "
                     "stored in it — only train.epochs and train.max_steps may change\n");
    }

    void badFilesExitWith1AndNameTheFileAndObject() {
        const QString text = m_dir.filePath("text.h5");
        {
            QFile f(text);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"not\": \"a checkpoint\"}\n");
        }
        const QString truncated = m_dir.filePath("truncated.h5");
        {
            QFile in(m_runDir + "/step-00000064.h5"), out(truncated);
            QVERIFY(in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly));
            out.write(in.read(in.size() / 2));
        }
        const QString noMask = m_dir.filePath("no-mask.h5");
        QVERIFY(QFile::copy(m_runDir + "/step-00000064.h5", noMask));
        {
            H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
            const hid_t f = H5Fopen(noMask.toUtf8().constData(), H5F_ACC_RDWR, H5P_DEFAULT);
            QVERIFY(f >= 0 && H5Ldelete(f, "/model/dense1/mask", H5P_DEFAULT) >= 0);
            H5Fclose(f);
        }
        const QString folder = m_dir.filePath("untouched");
        struct Case {
            QString path;
            QStringList parts;
        };
        for (const Case& c : {Case{text, {"not an HDF5 file", "looks like text"}},
                              Case{truncated, {"the file is truncated"}},
                              Case{noMask, {"/model/dense1/mask", "missing"}}}) {
            for (const QStringList& args :
                 {QStringList{"inspect", c.path}, QStringList{"eval", c.path},
                  QStringList{"train", "--resume", c.path, "--checkpoint-dir", folder}}) {
                const Result r = run(args);
                QCOMPARE(r.code, 1);
                QVERIFY2(r.err.startsWith("error: " + c.path + ": "), qPrintable(r.err));
                for (const QString& part : c.parts)
                    QVERIFY2(r.err.contains(part), qPrintable(r.err));
                QVERIFY(r.out.isEmpty());
            }
        }
        QVERIFY(!QDir(folder).exists());
    }

    void inspectPrintsTheSummaryAndLayerTable() {
        const QString path = m_runDir + "/step-00000064.h5";
        const Result r = run({"inspect", path});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("step 64 of 64 (epoch 4 of 4)"), qPrintable(r.out));
        QVERIFY2(r.out.contains("method rigl"), qPrintable(r.out));
        const auto checkpoint = sl::readCheckpoint(path.toStdString());
        const auto rows = tableOf(r.out);
        QCOMPARE(rows.size(), std::size_t(3));
        const QStringList shapes{"32x2", "32x32", "2x32"};
        long long active = 0, parameters = 0;
        for (std::size_t l = 0; l < rows.size(); ++l) {
            const auto& mask = checkpoint.state.layers[l].mask;
            QCOMPARE(rows[l].name, QString("dense%1").arg(l + 1));
            QCOMPARE(rows[l].shape, shapes[static_cast<int>(l)]);
            QCOMPARE(rows[l].parameters, static_cast<long long>(mask.size()));
            QCOMPARE(rows[l].active, static_cast<long long>((mask.array() != 0).count()));
            active += rows[l].active;
            parameters += rows[l].parameters;
        }
        // ERK spreads the 80% target unevenly, but over all weights it holds.
        QVERIFY(std::abs(1.0 - double(active) / double(parameters) - 0.8) < 0.01);
        QVERIFY2(r.out.contains(QRegularExpression(
                     "sparsity +overall 80\\.\\d\\d%|sparsity +overall 79\\.\\d\\d%")),
                 qPrintable(r.out));
    }

    void evalPrintsTheTestAccuracyOfTheRun() {
        const Result r = run({"eval", m_runDir + "/step-00000064.h5"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const double accuracy =
            jsonNumber(readJsonFile(m_dir.filePath("rigl-summary.json")), "final_test_accuracy");
        QVERIFY(accuracy > 0.5);
        const QString expected = QString("test accuracy %1% ").arg(100.0 * accuracy, 0, 'f', 2);
        QVERIFY2(r.out.startsWith(expected), qPrintable(r.out + " vs " + expected));
        QVERIFY2(r.out.contains("on 1000 examples of spirals"), qPrintable(r.out));
    }

    // Python's h5py, with no SparseLab code, reads the same masks and sparsity that inspect
    // prints.
    void h5pyReadsWhatInspectPrints() {
        const QString path = m_runDir + "/step-00000048.h5";
        QProcess python;
        python.start(SPARSELAB_PYTHON, {"-c", kH5pyScript, path});
        QVERIFY(python.waitForFinished(60000));
        const QString err = QString::fromUtf8(python.readAllStandardError());
        QVERIFY2(!err.contains("No module named"),
                 qPrintable("h5py is missing (scripts/setup.sh installs python3-h5py): " + err));
        QVERIFY2(python.exitCode() == 0, qPrintable(err));
        const QJsonObject py = parseJsonObject(python.readAllStandardOutput(), "h5py's reading");
        QCOMPARE(jsonString(py, "format"), QString("sparselab-checkpoint"));
        QCOMPARE(jsonInt(py, "version"), sl::kCheckpointVersion);
        QCOMPARE(jsonArray(py, "hidden"), (QJsonArray{32, 32}));
        QCOMPARE(jsonInt(py, "step"), 48);
        QCOMPARE(jsonInt(py, "last_metric_step"), 48);

        const Result r = run({"inspect", path});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto rows = tableOf(r.out);
        const QJsonArray layers = jsonArray(py, "layers");
        QCOMPARE(layers.size(), static_cast<qsizetype>(rows.size()));
        for (qsizetype l = 0; l < layers.size(); ++l) {
            const QJsonObject layer = layers[l].toObject();
            const LayerRow& row = rows[static_cast<std::size_t>(l)];
            QCOMPARE(jsonString(layer, "mask_dtype"), QString("uint8"));
            QCOMPARE(jsonString(layer, "weight_dtype"), QString("float32"));
            QCOMPARE(jsonString(layer, "name"), row.name);
            QCOMPARE(jsonString(layer, "shape"), row.shape);
            QCOMPARE(jsonInteger(layer, "parameters"), row.parameters);
            QCOMPARE(jsonInteger(layer, "active"), row.active);
            QCOMPARE(jsonString(layer, "sparsity"), row.sparsity);
            QCOMPARE(jsonString(layer, "itop"), row.itop);
            QVERIFY(jsonBool(layer, "pruned_weights_zero"));  // rigl keeps no latent weights
            QCOMPARE(jsonArray(layer, "bias_shape"), QJsonArray{row.shape.split('x')[0].toInt()});
        }
        QVERIFY(r.out.contains(QString("%1 weights regrown").arg(jsonInt(py, "grown_total"))));
    }

    // SIGKILL while a save is under way: every file at a final name loads, and the previous
    // checkpoint is there. A model of 2.1M weights makes each save take long enough (~20 MB)
    // for the kill to land inside one: the test waits until a temporary file exists.
    void killDuringASaveLeavesTheLastCheckpointLoadable() {
        int interrupted = 0, attempt = 0;
        for (; attempt < 12 && interrupted < 3; ++attempt) {
            QTemporaryDir dir;
            const QString folder = dir.filePath("ckpt");
            QProcess p;
            p.start(SPARSELAB_CLI,
                    {"train", "--quiet", "--set", "data.name=spirals", "--set",
                     "model.hidden=[1024,1024,1024]", "--set", "train.epochs=50", "--set",
                     "sparsity.method=set", "--set", "sparsity.target=0.5", "--checkpoint-every",
                     "1", "--checkpoint-keep", "2", "--checkpoint-dir", folder});
            QVERIFY(p.waitForStarted());
            // Wait for a save in progress after at least one finished one, then let it go on
            // for a varying moment so that kills land at different stages of the save.
            QElapsedTimer timer;
            timer.start();
            bool saving = false;
            while (!saving && timer.elapsed() < 60000 && p.state() == QProcess::Running) {
                const QStringList names = fileNames(folder);
                saving = names.filter(".part-").size() == 1 &&
                         names.filter(QRegularExpression("\\.h5$")).size() >= 1;
                if (!saving) QThread::usleep(200);
            }
            QVERIFY2(saving,
                     qPrintable("no save seen: " + QString::fromUtf8(p.readAllStandardError())));
            QThread::usleep(static_cast<unsigned long>(1000 * (attempt % 4) * 3));
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            QVERIFY(p.waitForFinished(10000));
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);

            const QStringList names = fileNames(folder);
            const QStringList finals = names.filter(QRegularExpression("^step-\\d{8}\\.h5$"));
            QVERIFY2(!finals.isEmpty(), qPrintable(names.join(", ")));
            interrupted += names.filter(".part-").size();
            for (const QString& name : finals) {
                const auto c = sl::readCheckpoint((folder + "/" + name).toStdString());
                QCOMPARE(c.state.step, name.mid(5, 8).toLongLong());
            }
            const auto newest = sl::loadCheckpoint((folder + "/" + finals.last()).toStdString());
            QVERIFY(newest->step() >= 1);
        }
        qInfo("%d of %d kills landed inside a save", interrupted, attempt);
        QVERIFY2(interrupted >= 3, "fewer than 3 kills landed inside a save");
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestCheckpointCli)
#include "test_checkpoint_cli.moc"
