#include "distributed/exchange_record.h"
#include "io/checkpoint.h"
#include "support/json_at.h"
#include "support/test_main.h"
#include "support/tiny_run.h"
#include "train/run_setup.h"
#include "train/run_summary.h"
#include "train/trainer.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>

// What an MPI run measured travels with the run: in its summary ("exchange") and in its
// checkpoints (/exchange), so a resumed run's totals continue and the window can show them.
namespace {

sl::GradientExchange::Totals sample() {
    sl::GradientExchange::Totals t;
    t.steps = 7;
    t.bytesSent = 1234;
    t.bytesReceived = 2345;
    t.seconds = 0.5;
    t.sparseSteps = 5;
    t.denseSteps = 3;
    t.ranks = 4;
    return t;
}

void compareTotals(const sl::GradientExchange::Totals& a, const sl::GradientExchange::Totals& b) {
    QCOMPARE(a.steps, b.steps);
    QCOMPARE(a.bytesSent, b.bytesSent);
    QCOMPARE(a.bytesReceived, b.bytesReceived);
    QCOMPARE(a.seconds, b.seconds);
    QCOMPARE(a.sparseSteps, b.sparseSteps);
    QCOMPARE(a.denseSteps, b.denseSteps);
    QCOMPARE(a.ranks, b.ranks);
}

QString failure(const nlohmann::json& summary) {
    try {
        sl::exchangeFromSummary(summary, "s.json");
    } catch (const sl::DataError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

sl::RunConfig tiny() {
    sl::RunConfig c = sl::test::TinyRun()
                          .data("blobs", 200, 3)
                          .hidden({16})
                          .epochs(2)
                          .batch(32)
                          .sparse("set", 0.5f, 5)
                          .seed(42);
    c.threads = 1;
    return c;
}

}  // namespace

class TestExchangeRecord : public QObject {
    Q_OBJECT

private slots:
    void summarySectionRoundTrips() {
        const nlohmann::json summary = {{"exchange", sl::exchangeJson(sample(), 2, 10.0)}};
        const nlohmann::json& exchange = sl::test::jsonField(summary, "exchange");
        QCOMPARE(sl::test::jsonAt<double>(exchange, "bytes_sent_per_step"), 1234.0 / 7.0);
        QCOMPARE(sl::test::jsonAt<double>(exchange, "compute_seconds"), 9.5);
        const sl::ExchangeRecord r = sl::exchangeFromSummary(summary, "s.json");
        compareTotals(r.totals, sample());
        QCOMPARE(r.ranks, 2);
        QCOMPARE(r.computeSeconds, 9.5);
    }

    void badSummariesNameTheKey() {
        QVERIFY(failure(nlohmann::json::object()).contains("no 'exchange' section"));
        QVERIFY(failure(nlohmann::json::array()).contains("expected a run summary"));
        nlohmann::json s = {{"exchange", sl::exchangeJson(sample(), 2, 10.0)}};
        s["exchange"]["bytes_sent"] = -5;
        QVERIFY2(failure(s).contains("exchange.bytes_sent is") && failure(s).contains("at least 0"),
                 qPrintable(failure(s)));
        s = {{"exchange", sl::exchangeJson(sample(), 2, 10.0)}};
        s["exchange"]["steps"] = "many";
        QVERIFY(failure(s).contains("exchange.steps"));
        s = {{"exchange", sl::exchangeJson(sample(), 2, 10.0)}};
        s["exchange"].erase("dense_exchanges");
        QVERIFY(failure(s).contains("exchange.dense_exchanges is missing"));
        // Summaries from before bytes_received and measured_ranks still read.
        s = {{"exchange", sl::exchangeJson(sample(), 2, 10.0)}};
        s["exchange"].erase("bytes_received");
        s["exchange"].erase("measured_ranks");
        const sl::ExchangeRecord old = sl::exchangeFromSummary(s, "s.json");
        QCOMPARE(old.totals.bytesReceived, 0LL);
        QCOMPARE(old.totals.ranks, 2);
    }

    // A checkpoint keeps the totals; the resumed trainer continues from them and its summary
    // reports them. One process adds nothing to them.
    void checkpointKeepsTheTotals() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("t.h5").toStdString();
        const sl::RunConfig config = tiny();
        sl::Trainer trainer(config, sl::loadRunData(config));
        trainer.run(4);
        QCOMPARE(trainer.gradientExchange().totals().steps, 0LL);  // one process
        trainer.restoreExchangeTotals(sample());
        sl::saveCheckpoint(trainer, path);

        const sl::Checkpoint file = sl::readCheckpoint(path);
        compareTotals(file.exchange, sample());
        const auto resumed = sl::loadCheckpoint(path);
        compareTotals(resumed->gradientExchange().totals(), sample());
        resumed->run(3);
        compareTotals(resumed->gradientExchange().totals(), sample());
        const nlohmann::json summary = sl::runSummary(*resumed, 1.0);
        const sl::ExchangeRecord r = sl::exchangeFromSummary(summary, "summary");
        compareTotals(r.totals, sample());
        QCOMPARE(r.ranks, 1);  // the resumed job's own
    }
};

SPARSELAB_TEST_APPLESS_MAIN(TestExchangeRecord)
#include "test_exchange_record.moc"
