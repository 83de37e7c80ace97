#pragma once

#include "controller/snapshot.h"
#include "prune/one_shot_settings.h"

#include <QObject>
#include <QThread>
#include <atomic>
#include <mutex>

namespace sl::ui {

class TrainingWorker;

// The window's only door to the engine. It owns a TrainingWorker on its own QThread; commands
// go in as queued calls and return at once. The worker publishes snapshots; the controller
// keeps only the latest and signals snapshotReady() once until latestSnapshot() takes it, so
// nothing queues up however fast the engine runs.
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    void setConfig(const sl::RunConfig& config);  // a new run, paused
    void play();
    void pause();
    void stepBatch();
    void stepToNextMaskUpdate();
    void stepEpoch();
    // Plays at the chosen speed and pauses exactly at `step` (a lesson's pause condition).
    void playUntil(long long step);
    void reset();
    // A live change of a config key the field table marks live; the trainer checks it
    // against the table and failed() says why when it refuses.
    void setLive(const QString& key, double value);
    void setDeltaT(int deltaT);
    void setDropFraction(double alpha);
    void setLearningRate(double lr);
    // Snapshots carry per-weight data only for these layers (the ones on screen); {0} at first.
    void setDetailLayers(const std::vector<int>& layers);
    // Snapshots of a layer shown as a density map carry these weights one by one (at most
    // sl::WeightWindow::kMaxWeights; rows or cols 0: none).
    void setDetailWindow(int layer, int row0, int col0, int rows, int cols);
    void setSpeed(double stepsPerSecond);  // 0 = as fast as possible
    // A gpt run's generation and attention request (the Text view); the answer comes in
    // snapshot.text, computed on the worker now and again at each evaluation.
    void setTextRequest(const TextRequest& request);
    void saveCheckpoint(const QString& path);  // written on the worker thread
    void openCheckpoint(const QString& path);  // continues that run, paused
    void fineTuneFrom(const QString& path);    // a new run of the config from its weights
    // One-shot pruning of the current model on the worker thread; the result is told in the
    // next snapshot's notice (or failed()).
    void pruneModel(const sl::OneShotSettings& settings);

    // The newest snapshot (null before the first); taking it re-arms snapshotReady().
    SnapshotPtr latestSnapshot();
    // The last snapshot handed out, without re-arming.
    SnapshotPtr currentSnapshot() const;
    long long snapshotsPublished() const { return m_published.load(); }

signals:
    void snapshotReady();
    void failed(const QString& message);

private:
    void receive(SnapshotPtr snapshot, const QString& error);  // worker thread
    template <class F> void post(F&& f);

    QThread m_thread;
    TrainingWorker* m_worker = nullptr;
    mutable std::mutex m_mutex;
    SnapshotPtr m_latest;
    SnapshotPtr m_current;
    std::atomic<bool> m_pending{false};
    std::atomic<long long> m_published{0};
};

}  // namespace sl::ui
