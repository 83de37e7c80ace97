#include "lesson_pacer.h"

#include "controller/training_controller.h"

namespace sl::ui {

LessonPacer::LessonPacer(TrainingController& controller, QObject* parent)
    : QObject(parent), m_controller(controller) {}

void LessonPacer::setPace(const LessonPace& pace) { m_policy = PacePolicy(pace); }

void LessonPacer::setActive(bool active) {
    m_active = active;
    m_speed = -1.0;
    if (!active) return;
    m_clock.start();
    m_speed = m_policy.pace().stepsPerSecond;
    m_controller.setSpeed(m_speed);
}

void LessonPacer::onSnapshot(const SnapshotPtr& snapshot) {
    if (!m_active || !snapshot) return;
    const long long last = snapshot->maskUpdates.empty() ? -1 : snapshot->maskUpdates.back().step;
    const double speed = m_policy.speedAt(m_clock.nsecsElapsed() / 1e9, last);
    if (speed == m_speed) return;
    m_speed = speed;
    m_controller.setSpeed(speed);
}

}  // namespace sl::ui
