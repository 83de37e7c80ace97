#include "controller/lottery_worker.h"

#include "controller/snapshot_builder.h"
#include "train/run_setup.h"

#include <QThread>
#include <exception>

namespace sl::ui {

LotteryWorker::LotteryWorker(QObject* parent) : QObject(parent) {}

LotteryWorker::~LotteryWorker() {
    if (m_thread) {
        cancel();
        m_thread->wait();
        delete m_thread;
    }
}

QString LotteryWorker::roundName(int round, bool control, double sparsity) {
    if (round == 0) return QStringLiteral("dense r0");
    return QStringLiteral("%1 r%2 (%3 %)")
        .arg(control ? "reinit" : "ticket")
        .arg(round)
        .arg(100.0 * sparsity, 0, 'g', 3);
}

bool LotteryWorker::start(const RunConfig& config, const LotterySettings& settings) {
    if (m_thread) return false;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_thread = QThread::create([this, config, settings] { work(config, settings); });
    connect(m_thread, &QThread::finished, this, [this] {
        const bool cancelled = m_cancel->load();
        m_thread->deleteLater();
        m_thread = nullptr;
        emit finished(cancelled);
    });
    m_thread->start(QThread::LowPriority);
    return true;
}

void LotteryWorker::cancel() {
    if (m_cancel) m_cancel->store(true);
}

void LotteryWorker::work(RunConfig config, LotterySettings settings) {
    // Everything the GUI thread gets is posted to it by value; `this` outlives the thread.
    auto post = [this](auto f) {
        QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
    };
    const auto cancel = m_cancel;
    try {
        LotteryDriver driver(config, loadRunData(config), settings);
        driver.onProgress = [&](const LotteryProgress& p) {
            if (cancel->load()) driver.requestStop();
            const QString text =
                p.round == 0 ? tr("dense round: step %1 of %2").arg(p.step).arg(p.totalSteps)
                             : tr("%1 %2: step %3 of %4")
                                   .arg(p.control ? tr("reinit control") : tr("round"))
                                   .arg(p.round)
                                   .arg(p.step)
                                   .arg(p.totalSteps);
            post([this, p, text] { emit progress(p.runsDone, p.runsTotal, text); });
        };
        driver.onRoundStarting = [&](int, bool, Trainer&) {
            if (cancel->load()) driver.requestStop();
        };
        driver.onRoundFinished = [&](const LotteryRound& r, Trainer& trainer) {
            SnapshotBuilder builder;
            builder.reset(trainer);
            SnapshotPtr snapshot = builder.build(trainer, false, 0.0, QString());
            const QString name = roundName(r.round, r.control, r.sparsity);
            post([this, snapshot, name] { emit roundFinished(snapshot, name); });
        };
        driver.run();
    } catch (const std::exception& e) {
        const QString message = tr("Lottery rounds stopped: %1").arg(QString::fromUtf8(e.what()));
        post([this, message] { emit failed(message); });
    }
}

}  // namespace sl::ui
