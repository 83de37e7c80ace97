#pragma once

#include "controller/snapshot.h"
#include "train/lottery.h"
#include "train/run_config.h"

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

class QThread;

namespace sl::ui {

// Runs lottery-ticket rounds (sl::LotteryDriver) on a thread of its own, beside the training
// worker, so the window stays live and the current run untouched. Lives on the GUI thread;
// every signal arrives there, queued. Each finished round comes as a snapshot (history,
// layers, masks) named for the run list: "dense r0", "ticket r1 (20 %)", "reinit r1 (20 %)".
class LotteryWorker : public QObject {
    Q_OBJECT
public:
    explicit LotteryWorker(QObject* parent = nullptr);
    ~LotteryWorker() override;  // cancels and waits for the thread

    // Starts the rounds; ignored (returns false) while rounds are running.
    bool start(const RunConfig& config, const LotterySettings& settings);
    // The current run stops after its step, and no round follows; finished() still comes.
    void cancel();
    bool running() const { return m_thread != nullptr; }

    // "ticket r2 (36 %)": how the run list names a round.
    static QString roundName(int round, bool control, double sparsity);

signals:
    // runsDone of runsTotal finished; text says which run is where.
    void progress(int runsDone, int runsTotal, const QString& text);
    void roundFinished(sl::ui::SnapshotPtr snapshot, const QString& name);
    // After the last round, a cancel or an error (then failed() came first).
    void finished(bool cancelled);
    void failed(const QString& message);

private:
    void work(RunConfig config, LotterySettings settings);  // on m_thread

    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

}  // namespace sl::ui
