#include "io/checkpoint.h"
#include "support/json_field.h"
#include "support/process_runner.h"
#include "support/test_main.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <set>
#include <vector>

using namespace sl::test;  // json_field.h's strict readers

// The CLI on a checkpoint whose middle layer is stored as CSR only (born sparse, #13):
// inspect reads its counts from the CSR, init-from starts a run on its exact structure, and
// export-compact keeps its values. A 4100 x 4100 layer (16,810,000 weights, just above the
// 2^24 of kDenseViewLimit) at 99 %: 168,100 active, a few seconds in all.
class TestBornSparseCli : public QObject {
    Q_OBJECT

    using Result = sl::test::ProcessResult;
    static Result run(const QStringList& args) { return sl::test::runProgram(SPARSELAB_CLI, args); }

    static QStringList bornSparse(const char* hidden = "[4100,4100]") {
        QStringList sets;
        for (const QString& s :
             {QStringLiteral("data.name=spirals"), QStringLiteral("data.samples=256"),
              QStringLiteral("model.hidden=") + hidden, QStringLiteral("model.backend=auto"),
              QStringLiteral("sparsity.distribution=uniform"),
              QStringLiteral("sparsity.target=0.99"), QStringLiteral("sparsity.delta_t=2"),
              QStringLiteral("train.batch_size=32"), QStringLiteral("train.max_steps=4")})
            sets << "--set" << s;
        return sets;
    }

    static QString lastCheckpoint(const QString& dir) {
        const QStringList files = QDir(dir).entryList({"*.h5"}, QDir::Files, QDir::Name);
        return files.isEmpty() ? QString() : dir + "/" + files.last();
    }

    // The weight at (r, c) of a stored layer, dense (weight ⊙ mask) or CSR only.
    static float at(const sl::TrainerState::Layer& l, int r, int c) {
        if (!l.sparseOnly) return l.weight(r, c) * l.mask(r, c);
        const auto& w = l.csr;
        for (std::int32_t k = w.rowPtr[std::size_t(r)]; k < w.rowPtr[std::size_t(r) + 1]; ++k)
            if (w.colIdx[std::size_t(k)] == c) return w.values(k, 0);
        return 0.0f;
    }
    static bool active(const sl::TrainerState::Layer& l, int r, int c) {
        if (!l.sparseOnly) return l.mask(r, c) != 0.0f;
        const auto& w = l.csr;
        for (std::int32_t k = w.rowPtr[std::size_t(r)]; k < w.rowPtr[std::size_t(r) + 1]; ++k)
            if (w.colIdx[std::size_t(k)] == c) return true;
        return false;
    }

    QTemporaryDir m_dir;
    QString m_trained;  // a SET run of 4 steps, two mask updates

private slots:
    void initTestCase() {
        const QString dir = m_dir.filePath("set");
        const Result r = run(QStringList{"train", "--quiet", "--set", "sparsity.method=set"} +
                             bornSparse() + QStringList{"--checkpoint-dir", dir});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        m_trained = lastCheckpoint(dir);
        QVERIFY(!m_trained.isEmpty());
    }

    void inspectCountsTheCsr() {
        const sl::Checkpoint c = sl::readCheckpoint(m_trained.toStdString());
        QCOMPARE(c.state.layers.size(), std::size_t(3));
        QVERIFY(!c.state.layers[0].sparseOnly && c.state.layers[1].sparseOnly);
        const sl::CsrMatrix& csr = c.state.layers[1].csr;
        QCOMPARE(csr.rows, 4100);
        QCOMPARE(csr.cols, 4100);
        // Uniform at 99 %: round(0.01 · 16,810,000) active, kept by SET's drop-and-grow.
        QCOMPARE(csr.nnz(), 168100LL);

        Result r = run({"inspect", "--json", m_trained});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = parseJsonObject(r.out.toUtf8(), "inspect --json");
        const QJsonObject middle = jsonArray(j, "layers")[1].toObject();
        QCOMPARE(jsonString(middle, "name"), QString("dense2"));
        QCOMPARE(jsonArray(middle, "shape")[0].toInt(), 4100);
        QCOMPARE(jsonArray(middle, "shape")[1].toInt(), 4100);
        QCOMPARE(jsonString(middle, "backend"), QString("sparse"));
        QCOMPARE(jsonInteger(middle, "parameters"), 16810000LL);
        QCOMPARE(jsonInteger(middle, "active"), csr.nnz());

        r = run({"inspect", m_trained});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QRegularExpression("dense2 +4100x4100 +sparse +16810000 +168100 +"
                                                   "99\\.00%")),
                 qPrintable(r.out));
    }

    // A new run from the CSR: the same structure, the same values up to one step of
    // lr 1e-7 (a static mask keeps the structure; a fresh random start would differ by far more).
    void initFromStartsOnTheStoredCsr() {
        const QString dir = m_dir.filePath("init");
        Result r =
            run(QStringList{"train", "--quiet"} + bornSparse() +
                QStringList{"--set", "sparsity.method=static", "--set", "optimizer.lr=1e-7",
                            "--set", "optimizer.momentum=0", "--set", "train.max_steps=1", "--set",
                            "seed=7", "--init-from", m_trained, "--checkpoint-dir", dir});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const sl::Checkpoint before = sl::readCheckpoint(m_trained.toStdString());
        const sl::Checkpoint after = sl::readCheckpoint(lastCheckpoint(dir).toStdString());
        QCOMPARE(after.state.step, 1LL);
        const sl::CsrMatrix& a = before.state.layers[1].csr;
        const sl::CsrMatrix& b = after.state.layers[1].csr;
        QVERIFY(after.state.layers[1].sparseOnly);
        QCOMPARE(b.rowPtr, a.rowPtr);
        QCOMPARE(b.colIdx, a.colIdx);
        QCOMPARE(b.values.size(), a.values.size());
        float largest = 0.0f;
        for (Eigen::Index k = 0; k < a.values.size(); ++k)
            largest = std::max(largest, std::abs(b.values(k, 0) - a.values(k, 0)));
        QVERIFY2(largest < 1e-5f, qPrintable(QString::number(double(largest))));
    }

    void initFromRefusesAnotherShape() {
        const Result r = run(QStringList{"train", "--quiet"} + bornSparse("[4100,4000]") +
                             QStringList{"--init-from", m_trained});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--init-from " + m_trained +
                                ": dense2 weight is (4100, 4100) — this config builds (4000, "
                                "4100)"),
                 qPrintable(r.err));
    }

    // export-compact removes the units with no active input, layer by layer (a unit whose
    // inputs all went goes too), and keeps every other weight's value exactly.
    void exportCompactKeepsTheCsrValues() {
        const QString out = m_dir.filePath("compact.h5");
        const Result r = run({"export-compact", m_trained, "-o", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const sl::Checkpoint c = sl::readCheckpoint(m_trained.toStdString());
        const sl::Checkpoint e = sl::readCheckpoint(out.toStdString());
        const auto& l0 = c.state.layers[0];
        const auto& l1 = c.state.layers[1];
        std::vector<int> kept0, kept1;
        for (int r0 = 0; r0 < int(l0.weight.rows()); ++r0)
            for (int col = 0; col < int(l0.weight.cols()); ++col)
                if (active(l0, r0, col)) {
                    kept0.push_back(r0);
                    break;
                }
        const std::set<int> in0(kept0.begin(), kept0.end());
        long long expectedActive = 0;
        for (int r1 = 0; r1 < l1.csr.rows; ++r1) {
            long long n = 0;
            for (auto k = l1.csr.rowPtr[std::size_t(r1)]; k < l1.csr.rowPtr[std::size_t(r1) + 1];
                 ++k)
                n += in0.count(l1.csr.colIdx[std::size_t(k)]);
            if (n > 0) kept1.push_back(r1);
            expectedActive += n;
        }
        QVERIFY(kept0.size() > 0 && kept0.size() < 4100u);
        QVERIFY(kept1.size() > 0 && kept1.size() < 4100u);
        QCOMPARE(e.config.model.hidden, (std::vector<int>{int(kept0.size()), int(kept1.size())}));

        const auto& x1 = e.state.layers[1];
        long long exportedActive = 0;
        for (std::size_t i = 0; i < kept1.size(); ++i)
            for (std::size_t j = 0; j < kept0.size(); ++j) {
                const float want = at(l1, kept1[i], kept0[j]);
                const float got = at(x1, int(i), int(j));
                if (got != want)
                    QFAIL(qPrintable(QString("dense2 (%1, %2): %3, the checkpoint has %4")
                                         .arg(i)
                                         .arg(j)
                                         .arg(double(got))
                                         .arg(double(want))));
                exportedActive += active(l1, kept1[i], kept0[j]);
            }
        QCOMPARE(exportedActive, expectedActive);
        // The output layer keeps the columns of the kept units, value for value.
        const auto& l2 = c.state.layers[2];
        const auto& x2 = e.state.layers[2];
        QCOMPARE(int(x2.weight.cols()), int(kept1.size()));
        for (int r2 = 0; r2 < int(l2.weight.rows()); ++r2)
            for (std::size_t j = 0; j < kept1.size(); ++j)
                QCOMPARE(at(x2, r2, int(j)), at(l2, r2, kept1[j]));
        QVERIFY2(r.out.contains("dense2"), qPrintable(r.out));
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestBornSparseCli)
#include "test_born_sparse_cli.moc"
