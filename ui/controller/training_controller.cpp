#include "controller/training_controller.h"

#include "controller/training_worker.h"

namespace sl::ui {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    m_thread.setObjectName("sparselab-engine");
    m_worker = new TrainingWorker(
        [this](SnapshotPtr snapshot, QString error) { receive(std::move(snapshot), error); });
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

TrainingController::~TrainingController() {
    // Stop the engine between two chunks, then let the thread's event loop end.
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template <class F> void TrainingController::post(F&& f) {
    QMetaObject::invokeMethod(m_worker, std::forward<F>(f), Qt::QueuedConnection);
}

void TrainingController::setConfig(const sl::RunConfig& config) {
    post([w = m_worker, config] { w->setConfig(config); });
}
void TrainingController::play() {
    post([w = m_worker] { w->play(); });
}
void TrainingController::pause() {
    post([w = m_worker] { w->pause(); });
}
void TrainingController::stepBatch() {
    post([w = m_worker] { w->stepBatch(); });
}
void TrainingController::stepToNextMaskUpdate() {
    post([w = m_worker] { w->stepToNextMaskUpdate(); });
}
void TrainingController::stepEpoch() {
    post([w = m_worker] { w->stepEpoch(); });
}
void TrainingController::playUntil(long long step) {
    post([w = m_worker, step] { w->playUntil(step); });
}
void TrainingController::reset() {
    post([w = m_worker] { w->reset(); });
}
void TrainingController::setLive(const QString& key, double value) {
    post([w = m_worker, key, value] { w->setLive(key, value); });
}
void TrainingController::setDeltaT(int deltaT) {
    setLive(QStringLiteral("sparsity.delta_t"), deltaT);
}
void TrainingController::setDropFraction(double alpha) {
    setLive(QStringLiteral("sparsity.drop_fraction"), alpha);
}
void TrainingController::setLearningRate(double lr) { setLive(QStringLiteral("optimizer.lr"), lr); }
void TrainingController::setDetailWindow(int layer, int row0, int col0, int rows, int cols) {
    post([w = m_worker, layer, row0, col0, rows, cols] {
        w->setDetailWindow(layer, row0, col0, rows, cols);
    });
}

void TrainingController::setDetailLayers(const std::vector<int>& layers) {
    post([w = m_worker, layers] { w->setDetailLayers(layers); });
}
void TrainingController::setSpeed(double stepsPerSecond) {
    post([w = m_worker, stepsPerSecond] { w->setSpeed(stepsPerSecond); });
}
void TrainingController::setTextRequest(const TextRequest& request) {
    post([w = m_worker, request] { w->setTextRequest(request); });
}

void TrainingController::saveCheckpoint(const QString& path) {
    post([w = m_worker, path] { w->saveCheckpoint(path); });
}
void TrainingController::openCheckpoint(const QString& path) {
    post([w = m_worker, path] { w->openCheckpoint(path); });
}
void TrainingController::fineTuneFrom(const QString& path) {
    post([w = m_worker, path] { w->fineTuneFrom(path); });
}
void TrainingController::pruneModel(const sl::OneShotSettings& settings) {
    post([w = m_worker, settings] { w->pruneModel(settings); });
}

void TrainingController::receive(SnapshotPtr snapshot, const QString& error) {
    if (snapshot) {
        std::lock_guard lock(m_mutex);
        m_latest = std::move(snapshot);
        ++m_published;
    }
    if (!error.isEmpty())
        QMetaObject::invokeMethod(
            this, [this, error] { emit failed(error); }, Qt::QueuedConnection);
    if (!m_pending.exchange(true))
        QMetaObject::invokeMethod(
            this, [this] { emit snapshotReady(); }, Qt::QueuedConnection);
}

SnapshotPtr TrainingController::latestSnapshot() {
    std::lock_guard lock(m_mutex);
    m_pending.store(false);
    if (m_latest) m_current = m_latest;
    return m_current;
}

SnapshotPtr TrainingController::currentSnapshot() const {
    std::lock_guard lock(m_mutex);
    return m_current;
}

}  // namespace sl::ui
