#pragma once

#include "controller/snapshot_builder.h"
#include "prune/one_shot_settings.h"
#include "train/trainer.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>  // m_dataKey

namespace sl::ui {

// Owns the engine on the worker thread. Commands arrive as queued slot calls; training runs
// in short chunks driven by a zero-interval timer, so commands are handled between chunks
// (pause and step take effect between batches) and the thread never blocks on the GUI.
// Snapshots go out through `publish` at most every kMinPublishMs.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    // Called on the worker thread with each snapshot (null when there is no run yet) and the
    // error that stopped the run, if any.
    using Publisher = std::function<void(SnapshotPtr, QString)>;
    explicit TrainingWorker(Publisher publish);
    ~TrainingWorker() override;

    static constexpr int kMinPublishMs = 33;  // about 30 snapshots a second at most

public slots:
    void setConfig(const sl::RunConfig& config);  // builds a new run, paused
    void play();
    void pause();
    void stepBatch();
    void stepToNextMaskUpdate();
    void stepEpoch();
    // Plays (at the chosen speed) and pauses exactly at `step`: a lesson's pause condition.
    void playUntil(long long step);
    void reset();
    // Every live change goes through Trainer::setLive(), which checks it against the table.
    void setLive(const QString& key, double value);
    // Which layers' per-weight data the snapshots carry (the layers on screen).
    void setDetailLayers(const std::vector<int>& layers);
    // The part of a density-mapped layer the heatmap is zoomed into (SnapshotBuilder).
    void setDetailWindow(int layer, int row0, int col0, int rows, int cols);
    void setSpeed(double stepsPerSecond);  // 0 = as fast as possible
    // The Text view's prompt, temperature, layer and head (gpt runs): answered at once.
    void setTextRequest(const sl::ui::TextRequest& request);
    // Saving captures the state between chunks and writes it here, off the GUI thread.
    void saveCheckpoint(const QString& path);
    // Continues the run saved in the file, paused; on error the current run stays as it was.
    void openCheckpoint(const QString& path);
    // A new run of the current config (its method and schedule), paused, that starts from
    // the weights and masks in the file: pruning while fine-tuning. On error the current run
    // stays as it was.
    void fineTuneFrom(const QString& path);
    // One-shot pruning of the run's model (magnitude, Wanda, SparseGPT) with a test evaluation
    // before and after. The run then goes on, paused, as a static-mask run from the pruned
    // weights, so further training and its checkpoints keep the masks. On error the run stays
    // as it was.
    void pruneModel(const sl::OneShotSettings& settings);
    void shutdown();

private:
    void tick();
    void runSteps(long long steps);
    void publish(bool force);
    void fail(const QString& message);
    void startTicking();
    // The data a config names, loaded once and kept while the data section stays the same.
    std::shared_ptr<TrainTestSplit> dataFor(RunConfig& run);

    Publisher m_publish;
    RunConfig m_config;
    std::unique_ptr<Trainer> m_trainer;
    std::shared_ptr<TrainTestSplit> m_data;  // kept so that reset() does not reload
    nlohmann::json m_dataKey;                // the data section m_data was loaded for
    SnapshotBuilder m_builder;
    QTimer* m_timer = nullptr;
    bool m_playing = false;
    long long m_goalSteps = 0;  // steps left of a step command
    long long m_stopAt = -1;    // playUntil(): the step to pause at, -1 for none
    double m_speed = 0.0;
    QElapsedTimer m_sincePublish;
    QElapsedTimer m_speedClock;  // paced mode: when the current pacing began
    long long m_pacedSteps = 0;  // steps done since pacing began
    long long m_chunk = 8;       // steps per tick at full speed, adapted to ~10 ms
    // Steps/s over the recent past, for the status bar.
    QElapsedTimer m_rateClock;
    long long m_rateSteps = 0;
    double m_stepsPerSecond = 0.0;
    QString m_error;
    QString m_notice;
    QString m_dataNotice;  // why m_data is not what the config asked for
};

}  // namespace sl::ui
