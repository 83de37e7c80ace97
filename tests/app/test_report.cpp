#include "io/json_config.h"
#include "support/test_main.h"
#include "train/sweep_table.h"

#include "support/process_runner.h"
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// `sparselab --report DIR -o file`: the Sweep view drawn headless, at the requested size.
class TestReport : public QObject {
    Q_OBJECT

    using Result = sl::test::ProcessResult;
    static Result run(const QStringList& args) {
        return sl::test::runProgram(SPARSELAB_APP, args, 120000);
    }

    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        sl::SweepTable t;
        t.keys = {"sparsity.delta_t", "sparsity.drop_fraction"};
        int point = 0;
        for (const char* dt : {"25", "100", "400"})
            for (const char* a : {"0.1", "0.3"}) {
                for (std::uint64_t seed : {1, 2}) {
                    sl::SweepRunRow r;
                    r.point = point;
                    r.seed = seed;
                    r.overrides = {{"sparsity.delta_t", dt}, {"sparsity.drop_fraction", a}};
                    r.finalValidation = 0.8 + 0.01 * point + 0.002 * double(seed);
                    r.folder = "runs/p" + std::to_string(point) + "-" + std::to_string(seed);
                    t.runs.push_back(r);
                }
                ++point;
            }
        sl::summarize(t);
        sl::writeJsonFile(m_dir.filePath("sweep.json").toStdString(), sl::toJson(t));
    }

    void pngHasTheRequestedSize() {
        const QString png = m_dir.filePath("report.png");
        const Result r = run({"--report", m_dir.path(), "-o", png, "--size", "900x600"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(900, 600));
        // Not a blank page: the six coloured cells cover a good part of it.
        int coloured = 0;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3) {
                const QColor c = image.pixelColor(x, y);
                coloured += c.saturation() > 40;
            }
        QVERIFY2(coloured > 900 * 600 / 9 / 5, qPrintable(QString::number(coloured)));
    }

    void svgHasTheRequestedSize() {
        const QString svg = m_dir.filePath("report.svg");
        const Result r = run({"--report", m_dir.path(), "-o", svg, "--size", "640x480"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY2(text.contains("viewBox=\"0 0 640 480\""), text.left(600).constData());
        QVERIFY(text.size() > 2000);
    }

    void badRequestsAreExplained() {
        Result r = run({"--report", m_dir.path(), "-o", m_dir.filePath("x.gif")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(".png or .svg"), qPrintable(r.err));
        r = run({"--report", m_dir.path(), "-o", m_dir.filePath("x.png"), "--size", "9x9"});
        QCOMPARE(r.code, 2);
        r = run({"--report", m_dir.filePath("nothing-here"), "-o", m_dir.filePath("x.png")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("sweep.json"), qPrintable(r.err));
    }
};

SPARSELAB_TEST_GUILESS_MAIN(TestReport)
#include "test_report.moc"
