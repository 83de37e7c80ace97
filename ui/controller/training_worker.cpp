#include "controller/training_worker.h"

#include "data/idx_dataset.h"
#include "io/checkpoint.h"
#include "io/init_from.h"
#include "prune/one_shot.h"
#include "train/model_kind.h"
#include "train/run_setup.h"
#include "train/text_metrics.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace sl::ui {
namespace {

constexpr double kChunkTargetMs = 10.0;

// Passes the engine's mask changes to the snapshot builder the moment they happen.
class MaskWatcher : public TrainObserver {
public:
    MaskWatcher(SnapshotBuilder& builder, Trainer& trainer)
        : m_builder(builder), m_trainer(trainer) {}
    bool onMaskUpdate(const std::vector<MaskUpdateEvent>& events) override {
        m_builder.onMaskUpdate(m_trainer, events);
        return true;
    }

private:
    SnapshotBuilder& m_builder;
    Trainer& m_trainer;
};

}  // namespace

TrainingWorker::TrainingWorker(Publisher publish) : m_publish(std::move(publish)) {
    m_timer = new QTimer(this);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &TrainingWorker::tick);
    m_sincePublish.start();
    m_rateClock.start();
}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::setConfig(const sl::RunConfig& config) {
    m_timer->stop();
    m_playing = false;
    m_goalSteps = 0;
    m_error.clear();
    m_notice.clear();
    RunConfig run = config;
    try {
        auto data = dataFor(run);
        auto trainer = std::make_unique<Trainer>(run, *data);
        m_trainer = std::move(trainer);
        m_config = config;
        m_builder.reset(*m_trainer);
        m_rateSteps = 0;
        m_stepsPerSecond = 0.0;
        publish(true);
    } catch (const std::exception& e) {
        // The previous run, if any, stays as it was.
        fail(QString::fromUtf8(e.what()));
    }
}

std::shared_ptr<TrainTestSplit> TrainingWorker::dataFor(RunConfig& run) {
    const nlohmann::json key = toJson(run)["data"];
    if (!m_data || key != m_dataKey) {
        m_dataNotice.clear();
        try {
            m_data = std::make_shared<TrainTestSplit>(loadRunData(run));
        } catch (const DataError&) {
            if (run.data.name != "fashion-mnist" || !run.data.path.empty()) throw;
            // The window must always have something to show: fall back to spirals.
            m_dataNotice = "Fashion-MNIST is not installed (sudo apt-get install "
                           "dataset-fashion-mnist): showing the spirals set instead.";
            RunConfig spirals = run;
            spirals.data.name = "spirals";
            m_data = std::make_shared<TrainTestSplit>(loadRunData(spirals));
        }
        m_dataKey = key;
    }
    m_notice = m_dataNotice;
    if (!m_dataNotice.isEmpty()) run.data.name = "spirals";
    return m_data;
}

void TrainingWorker::saveCheckpoint(const QString& path) {
    if (!m_trainer) return;
    try {
        writeCheckpoint(captureCheckpoint(*m_trainer), path.toStdString());
        m_notice = tr("Saved the run at step %1 to %2").arg(m_trainer->step()).arg(path);
        publish(true);
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
    }
}

void TrainingWorker::openCheckpoint(const QString& path) {
    m_timer->stop();
    m_playing = false;
    m_goalSteps = 0;
    try {
        const Checkpoint checkpoint = readCheckpoint(path.toStdString());
        RunConfig run = checkpoint.config;
        auto data = dataFor(run);
        auto trainer = resumeTrainer(checkpoint, run, *data);
        m_trainer = std::move(trainer);
        m_config = checkpoint.config;
        m_builder.reset(*m_trainer);
        m_notice = tr("Opened %1: step %2 of %3")
                       .arg(path)
                       .arg(m_trainer->step())
                       .arg(m_trainer->totalSteps());
        publish(true);
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
    }
}

void TrainingWorker::fineTuneFrom(const QString& path) {
    m_timer->stop();
    m_playing = false;
    m_goalSteps = 0;
    try {
        RunConfig run = m_config;
        auto data = dataFor(run);
        const InitialWeights initial = initialWeightsFrom(path.toStdString());
        m_trainer = std::make_unique<Trainer>(run, *data, initial);
        m_builder.reset(*m_trainer);
        m_notice = tr("Fine-tuning the weights of %1 with %2")
                       .arg(path, QString::fromStdString(run.sparsity.method));
        publish(true);
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
    }
}

void TrainingWorker::pruneModel(const sl::OneShotSettings& settings) {
    if (!m_trainer) return;
    m_timer->stop();
    m_playing = false;
    m_goalSteps = 0;
    // Pruning changes the model layer by layer: a failure half-way puts this state back.
    const Checkpoint unpruned = captureCheckpoint(*m_trainer);
    try {
        OneShotSettings s = settings;
        s.seed = m_config.seed;
        const Evaluation before = m_trainer->evaluateTest();
        const OneShotReport report = pruneTrainer(*m_trainer, s);
        const Evaluation after = m_trainer->evaluateTest();

        // A static-mask run from here on: its config says so, as the CLI's pruned files do.
        Checkpoint pruned = captureCheckpoint(*m_trainer);
        RunConfig run = prunedConfig(pruned.config, report.sparsity);
        pruned.config = run;
        const RunConfig stored = run;
        auto data = dataFor(run);
        m_trainer = resumeTrainer(pruned, run, *data);
        m_config = stored;
        m_builder.reset(*m_trainer);

        QString errors;
        for (const auto& l : report.layers)
            errors += QString(" %1 %2")
                          .arg(QString::fromStdString(l.name))
                          .arg(l.reconstructionError, 0, 'g', 3);
        const QString pattern =
            s.nm() ? QString("%1:%2").arg(s.nmN).arg(s.nmM) : tr("unstructured");
        // A language model's evaluation is next-character prediction on held-out text, its
        // loss in nats per character: named as such, not as a classifier's test accuracy.
        const bool text = isLanguageModel(m_config);
        const QString measured =
            text ? tr("held-out next-character accuracy %1% → %2%, %3 → %4 bits per "
                      "character")
                       .arg(100.0 * before.accuracy, 0, 'f', 2)
                       .arg(100.0 * after.accuracy, 0, 'f', 2)
                       .arg(bitsPerCharacter(before.loss), 0, 'f', 3)
                       .arg(bitsPerCharacter(after.loss), 0, 'f', 3)
                 : tr("test accuracy %1% → %2%")
                       .arg(100.0 * before.accuracy, 0, 'f', 2)
                       .arg(100.0 * after.accuracy, 0, 'f', 2);
        m_notice = tr("Pruned with %1 (%2) to %3% on %4 examples in %5 s: %6. "
                      "Reconstruction error:%7")
                       .arg(QString::fromStdString(oneShotMethodName(s.method)), pattern)
                       .arg(100.0 * report.sparsity, 0, 'f', 1)
                       .arg(s.calibration)
                       .arg(report.seconds, 0, 'f', 3)
                       .arg(measured, errors);
        publish(true);
    } catch (const std::exception& e) {
        try {
            m_trainer->restoreState(unpruned.state);
        } catch (const std::exception&) {
            // restoreState of the same trainer's own state does not fail on shapes.
        }
        fail(QString::fromUtf8(e.what()));
    }
}

void TrainingWorker::play() {
    if (!m_trainer || m_trainer->finished()) return;
    m_playing = true;
    m_stopAt = -1;
    m_speedClock.start();
    m_pacedSteps = 0;
    startTicking();
    publish(true);
}

void TrainingWorker::playUntil(long long step) {
    if (!m_trainer || m_trainer->finished()) return;
    m_goalSteps = 0;
    if (step <= m_trainer->step()) {
        pause();
        return;
    }
    play();
    m_stopAt = step;
}

void TrainingWorker::pause() {
    m_playing = false;
    m_stopAt = -1;
    m_goalSteps = 0;
    m_timer->stop();
    publish(true);
}

// Step commands add up: pressing "next mask update" twice goes two updates ahead, measured
// from where the previous command will stop.
void TrainingWorker::stepBatch() {
    m_playing = false;
    m_goalSteps += 1;
    startTicking();
}

void TrainingWorker::stepToNextMaskUpdate() {
    m_playing = false;
    if (!m_trainer) return;
    const long long from = m_trainer->step() + m_goalSteps;
    const long long next = m_trainer->nextMaskUpdateStep(from);
    if (next < 0) {
        m_notice = tr("No mask update is left in this run.");
        publish(true);
        return;
    }
    m_goalSteps += next - from;
    startTicking();
}

void TrainingWorker::stepEpoch() {
    if (!m_trainer) return;
    m_playing = false;
    const long long perEpoch = std::max(1, m_trainer->stepsPerEpoch());
    const long long from = m_trainer->step() + m_goalSteps;
    m_goalSteps += perEpoch - from % perEpoch;
    startTicking();
}

void TrainingWorker::reset() { setConfig(m_config); }

void TrainingWorker::setLive(const QString& key, double value) {
    if (!m_trainer) return;
    try {
        const std::string name = key.toStdString();
        m_trainer->setLive(name, value);
        // Keep the worker's copy of the config in step: the changed field, copied by the table.
        sl::RunConfig changed = m_trainer->config();
        const auto from = sl::configFields(changed);
        const auto to = sl::configFields(m_config);
        sl::readField(*sl::findConfigField(to, name),
                      sl::fieldValue(*sl::findConfigField(from, name)));
        m_builder.rebuildSchedule(*m_trainer);
        publish(true);
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
    }
}

void TrainingWorker::setDetailLayers(const std::vector<int>& layers) {
    m_builder.setDetailLayers(layers);
    publish(true);  // the newly shown layer should not wait for the next step
}

void TrainingWorker::setDetailWindow(int layer, int row0, int col0, int rows, int cols) {
    m_builder.setDetailWindow({layer, row0, col0, rows, cols});
    publish(true);  // the weights under the zoom should not wait for the next step
}

void TrainingWorker::setSpeed(double stepsPerSecond) {
    m_speed = std::max(0.0, stepsPerSecond);
    m_speedClock.start();
    m_pacedSteps = 0;
    if (m_playing) startTicking();
}

void TrainingWorker::setTextRequest(const TextRequest& request) {
    m_builder.setTextRequest(request);
    try {
        publish(true);
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
    }
}

void TrainingWorker::shutdown() {
    m_timer->stop();
    m_playing = false;
    m_trainer.reset();
}

void TrainingWorker::startTicking() {
    if (!m_trainer) return;
    m_timer->setInterval(0);
    if (!m_timer->isActive()) m_timer->start();
}

void TrainingWorker::tick() {
    if (!m_trainer || (!m_playing && m_goalSteps == 0) || m_trainer->finished()) {
        m_timer->stop();
        const bool wasBusy = m_playing || m_goalSteps > 0;
        m_playing = false;
        m_goalSteps = 0;
        if (wasBusy) publish(true);
        return;
    }
    long long steps = m_chunk;
    if (m_goalSteps > 0) {
        steps = std::min(m_goalSteps, m_chunk);
    } else if (m_speed > 0.0) {
        // Paced: run the steps that are due by now, then sleep until the next one is.
        const double elapsed = m_speedClock.nsecsElapsed() / 1e9;
        const long long due = static_cast<long long>(elapsed * m_speed) - m_pacedSteps;
        if (due <= 0) {
            const double wait = (double(m_pacedSteps + 1) / m_speed - elapsed) * 1000.0;
            m_timer->setInterval(std::clamp(int(wait), 1, 1000));
            return;
        }
        steps = std::min(due, m_chunk);
        m_timer->setInterval(0);
    }
    if (m_playing && m_stopAt >= 0)
        steps = std::min(steps, std::max(0LL, m_stopAt - m_trainer->step()));
    QElapsedTimer chunkClock;
    chunkClock.start();
    runSteps(steps);
    if (m_playing && m_stopAt >= 0 && m_trainer->step() >= m_stopAt) {
        m_playing = false;
        m_stopAt = -1;
    }
    if (m_goalSteps == 0 && m_speed == 0.0) {
        // Keep chunks near 10 ms: long enough to amortize the tick, short enough that a
        // pause or step command waits no longer than that.
        const double ms = std::max(0.05, chunkClock.nsecsElapsed() / 1e6);
        m_chunk =
            std::clamp<long long>(std::llround(double(m_chunk) * kChunkTargetMs / ms), 1, 1024);
    }
    const bool goalReached = !m_playing && m_goalSteps == 0;
    publish(goalReached || m_trainer->finished());
}

void TrainingWorker::runSteps(long long steps) {
    MaskWatcher watcher(m_builder, *m_trainer);
    try {
        const long long done = m_trainer->run(steps, &watcher);
        if (m_goalSteps > 0) m_goalSteps = std::max(0LL, m_goalSteps - done);
        m_pacedSteps += done;
        m_rateSteps += done;
    } catch (const DivergenceError& e) {
        fail(QString::fromUtf8(e.what()));
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
    }
    const double seconds = m_rateClock.nsecsElapsed() / 1e9;
    if (seconds >= 0.5) {
        m_stepsPerSecond = double(m_rateSteps) / seconds;
        m_rateSteps = 0;
        m_rateClock.restart();
    }
}

void TrainingWorker::fail(const QString& message) {
    m_playing = false;
    m_goalSteps = 0;
    m_timer->stop();
    m_error = message;
    if (m_trainer) publish(true);
    else m_publish(nullptr, m_error);
    m_error.clear();  // shown once; the next snapshot is clean
}

void TrainingWorker::publish(bool force) {
    if (!m_trainer) return;
    if (!force && m_sincePublish.elapsed() < kMinPublishMs) return;
    m_sincePublish.restart();
    m_publish(m_builder.build(*m_trainer, m_playing || m_goalSteps > 0, m_stepsPerSecond, m_notice),
              m_error);
}

}  // namespace sl::ui
