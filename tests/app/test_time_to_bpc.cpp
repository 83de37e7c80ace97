#include "support/json_field.h"
#include "support/process_runner.h"
#include "support/test_main.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace sl::test;  // json_field.h's strict readers

// `train --time-to-bpc` in a real process: the first evaluation at or under the target is
// the one reported, with its exact step and character count; a target never reached says so;
// a run that is not a gpt is refused. The CSV's held-out bits per character are the summary's
// (both score every character of the held-out windows).
namespace {

using Result = sl::test::ProcessResult;

Result runBpc(const QStringList& args) { return sl::test::runProgram(SPARSELAB_CLI, args); }

// The CSV's rows as column name -> value, the empty cells left out.
QList<QMap<QString, QString>> readCsv(const QString& path) {
    QFile f(path);
    QList<QMap<QString, QString>> rows;
    if (!f.open(QIODevice::ReadOnly)) return rows;
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    const QStringList header = lines.value(0).split(',');
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList cells = lines[i].split(',');
        QMap<QString, QString> row;
        for (int c = 0; c < header.size() && c < cells.size(); ++c)
            if (!cells[c].isEmpty()) row[header[c]] = cells[c];
        rows << row;
    }
    return rows;
}

}  // namespace

class TestTimeToBpc : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QStringList tinyGpt(const QString& name, const QString& target) const {
        // 16 windows of 16 characters a step, an evaluation every 4 steps, 12 steps.
        return {"train",         "--quiet",
                "--set",         "data.name=text",
                "--set",         "data.path=" + m_dir.filePath("words.txt"),
                "--set",         "model.kind=gpt",
                "--set",         "model.layers=1",
                "--set",         "model.d_model=16",
                "--set",         "model.heads=2",
                "--set",         "model.context=16",
                "--set",         "optimizer.name=adam",
                "--set",         "optimizer.lr=0.01",
                "--set",         "train.batch_size=16",
                "--set",         "train.max_steps=12",
                "--set",         "train.eval_every=4",
                "--set",         "sparsity.method=dense",
                "--time-to-bpc", target,
                "--summary",     m_dir.filePath(name + ".json"),
                "--csv",         m_dir.filePath(name + ".csv")};
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QFile f(m_dir.filePath("words.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 0; i < 800; ++i) f.write(i % 3 ? "the cat sat " : "on a mat.\n");
    }

    void aTargetMetAtOnceIsTheFirstEvaluation() {
        const Result r = runBpc(tinyGpt("easy", "1000"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject lm =
            jsonObject(readJsonFile(m_dir.filePath("easy.json")), "language_model");
        const QJsonObject t = jsonObject(lm, "time_to_bpc");
        QCOMPARE(jsonBool(t, "reached"), true);
        QCOMPARE(jsonInt(t, "step"), 4);
        QCOMPARE(jsonInt(t, "characters"), 4 * 16 * 16);
        QVERIFY(jsonNumber(t, "cpu_seconds") > 0.0);
        QVERIFY(jsonNumber(t, "cpu_seconds") <= jsonNumber(t, "training_cpu_seconds"));
        const auto rows = readCsv(m_dir.filePath("easy.csv"));
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows.first().value("step"), QString("4"));
        QVERIFY(std::abs(rows.first().value("test_bpc").toDouble() -
                         jsonNumber(t, "bits_per_character")) < 1e-6);
        // The last evaluation (step 12, the end) and the summary see the same weights and
        // windows, and both score every character.
        QCOMPARE(rows.last().value("step"), QString("12"));
        QVERIFY2(std::abs(rows.last().value("test_bpc").toDouble() -
                          jsonNumber(lm, "held_out_bits_per_character")) < 1e-6,
                 qPrintable(rows.last().value("test_bpc")));
        QVERIFY(r.out.contains("reached 1000.000 bpc at step 4"));
    }

    void aTargetNeverMetSaysSo() {
        const Result r = runBpc(tinyGpt("hard", "0.001"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject t = jsonObject(
            jsonObject(readJsonFile(m_dir.filePath("hard.json")), "language_model"), "time_to_bpc");
        QCOMPARE(jsonBool(t, "reached"), false);
        QVERIFY(jsonIsNull(t, "step"));
        QVERIFY(jsonNumber(t, "training_cpu_seconds") > 0.0);
        QVERIFY(r.out.contains("did not reach 0.001 bpc"));
    }

    void aRunThatIsNotAGptIsRefused() {
        const Result r = runBpc({"train", "--quiet", "--set", "data.name=spirals", "--set",
                                 "train.max_steps=1", "--time-to-bpc", "3"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--time-to-bpc: expected a gpt run"), qPrintable(r.err));
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestTimeToBpc)
#include "test_time_to_bpc.moc"
