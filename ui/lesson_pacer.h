#pragma once

#include "controller/snapshot.h"
#include "lesson_pace.h"

#include <QElapsedTimer>
#include <QObject>

namespace sl::ui {

class TrainingController;

// Drives the engine's speed from a LessonPace while "lesson pace" is the chosen speed: each
// snapshot the window draws tells it the newest mask update, and it sets the speed the policy
// asks for (only when it changes, so the worker's pacing clock is not restarted every frame).
class LessonPacer : public QObject {
    Q_OBJECT
public:
    LessonPacer(TrainingController& controller, QObject* parent);

    void setPace(const LessonPace& pace);
    // On: the pace sets the speed from now on; off: the caller sets a fixed speed.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    void onSnapshot(const SnapshotPtr& snapshot);

private:
    TrainingController& m_controller;
    PacePolicy m_policy{LessonPace{}};
    QElapsedTimer m_clock;
    bool m_active = false;
    double m_speed = -1.0;  // the speed last set, -1 for none
};

}  // namespace sl::ui
