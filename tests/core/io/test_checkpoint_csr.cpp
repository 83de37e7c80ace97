#include "io/checkpoint.h"
#include "nn/sparse_dense.h"
#include "prune/one_shot.h"
#include "support/json_field.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/model_builder.h"
#include "train/run_setup.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl::test;  // json_field.h's strict readers

// A sparse layer's CSR group in a checkpoint is what scipy.sparse.csr_matrix reads, with no
// SparseLab code: read back by python3-scipy and compared with the trainer's own CSR and
// with the dense weight in the same file.
namespace {

// Debian's interpreter: python3-scipy and python3-h5py are installed for it, whatever
// python3 comes first on PATH.
QString python() { return QFile::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

const char* kScript = R"(
import json, sys, h5py, numpy as np, scipy.sparse as sp
out = {'layers': []}
with h5py.File(sys.argv[1], 'r') as f:
    out['version'] = int(f.attrs['format_version'])
    for k in range(1, int(f['/model'].attrs['layers']) + 1):
        g = f['/model/dense%d' % k]
        if 'csr' not in g:
            out['layers'].append(None)
            continue
        c = g['csr']
        m = sp.csr_matrix((c['data'][()], c['indices'][()], c['indptr'][()]), shape=tuple(c['shape'][()]))
        dense = g['weight'][()] * g['mask'][()]
        out['layers'].append({'nnz': int(m.nnz), 'shape': list(m.shape),
                              'max_difference': float(np.abs(m.toarray() - dense).max()),
                              'data': [float(x) for x in m.data[:20]],
                              'indices': [int(x) for x in m.indices[:20]],
                              'mask_count': int(g['mask'][()].sum())})
print(json.dumps(out))
)";

}  // namespace

class TestCheckpointCsr : public QObject {
    Q_OBJECT
private slots:
    void scipyReadsTheSparseLayers() {
        QProcess probe;
        probe.start(python(), {"-c", "import scipy.sparse, h5py"});
        probe.waitForFinished(60000);
        if (probe.exitCode() != 0)
            QSKIP("python3-scipy or python3-h5py is missing (scripts/setup.sh installs them)");

        sl::RunConfig c = sl::test::TinyRun()
                              .data("spirals", 400)
                              .hidden({48, 32})
                              .batch(40)
                              .epochs(2)
                              .sparse("rigl", 0.9f, 5)
                              .seed(42);
        c.sparsity.distribution = "uniform";
        c.model.backend = "sparse";
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(12);  // two mask updates: the CSR is no longer the initial one
        QTemporaryDir dir;
        const QString path = dir.filePath("sparse.h5");
        sl::saveCheckpoint(t, path.toStdString());

        QProcess py;
        py.start(python(), {"-c", kScript, path});
        QVERIFY(py.waitForFinished(120000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
        const QJsonObject out = parseJsonObject(py.readAllStandardOutput(), "scipy's reading");
        QCOMPARE(jsonInt(out, "version"), sl::kCheckpointVersion);
        const QJsonArray layers = jsonArray(out, "layers");
        const auto ours = t.prunableLayers();
        QCOMPARE(layers.size(), qsizetype(ours.size()));
        for (std::size_t l = 0; l < ours.size(); ++l) {
            const QJsonObject got = layers[qsizetype(l)].toObject();
            const auto& csr = sl::sparseWeightsOf(*ours[l])->matrix();
            QCOMPARE(jsonInteger(got, "nnz"), csr.nnz());
            QCOMPARE(jsonInteger(got, "mask_count"), csr.nnz());
            QCOMPARE(jsonArray(got, "shape")[0].toInt(), csr.rows);
            QCOMPARE(jsonArray(got, "shape")[1].toInt(), csr.cols);
            QCOMPARE(jsonNumber(got, "max_difference"), 0.0);  // the same floats as the weight
            const QJsonArray data = jsonArray(got, "data"), indices = jsonArray(got, "indices");
            for (qsizetype k = 0; k < data.size(); ++k) {
                QCOMPARE(float(data[k].toDouble()), csr.values(k, 0));
                QCOMPARE(indices[k].toInt(), csr.colIdx[std::size_t(k)]);
            }
        }
    }

    void denseLayersHaveNoCsrGroup() {
        sl::RunConfig c = sl::test::TinyRun()
                              .data("spirals", 200)
                              .hidden({16})
                              .batch(128)
                              .epochs(1)
                              .sparse("rigl", 0.9f, 100)
                              .seed(42);
        c.model.backend = "dense";
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(2);
        QTemporaryDir dir;
        const QString path = dir.filePath("dense.h5");
        sl::saveCheckpoint(t, path.toStdString());
        QProcess py;
        py.start(python(), {"-c", kScript, path});
        QVERIFY(py.waitForFinished(120000));
        if (py.exitCode() != 0) QSKIP("python3-scipy or python3-h5py is missing");
        const QJsonArray layers =
            jsonArray(parseJsonObject(py.readAllStandardOutput(), "scipy's reading"), "layers");
        for (const auto& layer : layers) QVERIFY(layer.isNull());
        // And it loads back (a version-2 file of a dense run).
        QVERIFY(sl::loadCheckpoint(path.toStdString())->step() == 2);
    }

    // Regression: a file from `sparselab-cli prune` of a dense model, resumed under auto at
    // 90 %, failed with "optimizer state ... is (0,1)": the reader did not know the layers had
    // trained dense, so auto rebuilt them sparse and the dense-shaped state did not fit.
    void prunedDenseRunResumesDenseUnderAuto() {
        sl::RunConfig c =
            sl::test::TinyRun().data("spirals", 300).hidden({40, 30}).batch(30).epochs(3).seed(42);
        c.optimizer.momentum = 0.9f;  // optimizer state to carry
        c.model.backend = "auto";
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(6);
        sl::OneShotSettings s;
        s.method = sl::OneShotMethod::Magnitude;
        s.sparsity = 0.9;
        s.calibration = 30;
        const sl::OneShotReport report = sl::pruneTrainer(t, s);
        sl::Checkpoint saved = sl::captureCheckpoint(t);
        saved.config = sl::prunedConfig(saved.config, report.sparsity);
        QCOMPARE(saved.config.model.backend, std::string("auto"));
        QTemporaryDir dir;
        const std::string path = dir.filePath("pruned.h5").toStdString();
        sl::writeCheckpoint(saved, path);

        const sl::Checkpoint read = sl::readCheckpoint(path);
        QCOMPARE(read.backends, std::vector<std::string>(3, "dense"));
        std::unique_ptr<sl::Trainer> resumed;
        try {
            resumed = sl::resumeTrainer(read, read.config, sl::loadRunData(read.config));
        } catch (const sl::Error& e) {
            QFAIL(e.what());
        }
        for (auto* layer : resumed->prunableLayers()) QVERIFY(!sl::sparseWeightsOf(*layer));
        const auto before = resumed->prunableLayers()[0]->mask;
        QCOMPARE(resumed->run(4), 4LL);  // trains on, masks kept
        QVERIFY(resumed->prunableLayers()[0]->mask == before);
        QVERIFY(resumed->prunableLayers()[0]->mask.sum() < 0.2f * float(before.size()));
    }

    // Each layer's backend is recorded and read back; a sparse run resumes sparse.
    void backendsRoundTrip() {
        sl::RunConfig c = sl::test::TinyRun()
                              .data("spirals", 200)
                              .hidden({32, 16})
                              .batch(20)
                              .epochs(2)
                              .sparse("set", 0.9f, 100)
                              .seed(42);
        c.sparsity.distribution = "uniform";
        c.sparsity.denseFirstLayer = false;
        c.model.backend = "sparse";
        sl::Trainer t(c, sl::loadRunData(c));
        t.run(3);
        QTemporaryDir dir;
        const std::string path = dir.filePath("sparse.h5").toStdString();
        sl::saveCheckpoint(t, path);
        const sl::Checkpoint read = sl::readCheckpoint(path);
        QCOMPARE(read.backends, sl::layerBackends(t.prunableLayers()));
        QCOMPARE(read.backends.front(), std::string("sparse"));
        auto resumed = sl::loadCheckpoint(path);
        QCOMPARE(sl::layerBackends(resumed->prunableLayers()), read.backends);
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestCheckpointCsr)
#include "test_checkpoint_csr.moc"
