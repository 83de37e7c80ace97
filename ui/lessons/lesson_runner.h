#pragma once

#include "controller/snapshot.h"
#include "train/lesson.h"

#include <QObject>
#include <QStringList>
#include <functional>

namespace sl::ui {

class TrainingController;

// Walks a guided lesson (train/lesson.h) on the window's run. Entering a step shows its text
// and view, starts the step's run when it changes the config (keeping the previous run for
// comparison when asked), then plays at the lesson's pace and pauses exactly at the step's
// condition (TrainingController::playUntil). Back shows an earlier step again without
// rewinding the run; Next then goes forward through the steps already done without running
// them again.
class LessonRunner : public QObject {
    Q_OBJECT
public:
    // What the runner asks of the window; each may be left empty (tests).
    struct Hooks {
        std::function<void(const RunConfig&)> applyConfig;  // a new run, paused
        std::function<void()> keepRun;                      // the live run into the run list
        std::function<void(const QString& view)> showView;  // a lessonViewNames() entry
        std::function<void(const LessonPaceSettings&)> usePace;
        // Lottery rounds of the run's config (the window's Run ▸ Lottery ticket rounds…);
        // the window calls lotteryFinished() when they are over.
        std::function<void(const LotterySettings&)> runLottery;
    };
    enum class State {
        Idle,     // no lesson
        Running,  // playing towards the step's pause
        Waiting,  // at the step's pause (or the step has none): Next goes on
        Ready,    // the step's run was reset by hand: Play plays it to the step's pause again
    };

    LessonRunner(TrainingController& controller, Hooks hooks, QObject* parent = nullptr);

    // Starts a lesson at its first step. `extraSets` ("key=value") are applied after every
    // step's own: tests run a lesson on a small budget with them.
    void start(const Lesson& lesson, const QStringList& extraSets = {});
    void stop();
    void next();
    void back();
    // Every snapshot the window draws.
    void onSnapshot(const SnapshotPtr& snapshot);
    // The lottery rounds a step started are over (or were cancelled): its pause is reached.
    void lotteryFinished(bool cancelled);

    bool active() const { return m_state != State::Idle; }
    State state() const { return m_state; }
    const Lesson& lesson() const { return m_lesson; }
    int current() const { return m_current; }  // 0-based; -1 without a lesson
    int count() const { return int(m_lesson.steps.size()); }
    bool canGoBack() const { return m_current > 0; }
    bool canGoNext() const { return active() && m_current + 1 < count(); }
    // The step of the run the current step pauses at (-1: not known yet or none).
    long long target() const { return m_target; }
    // The run's step when the current step's pause was reached (-1 before).
    long long pausedAt() const { return m_pausedAt; }

signals:
    void changed();
    void pauseReached(int lessonStep, long long runStep);
    void failed(const QString& message);

private:
    void enter(int index);
    RunConfig configAt(int index) const;
    void setState(State state);
    // Sends playUntil once the step's run is known; then watches for the pause.
    void follow(const RunSnapshot& snapshot);
    // The step's run restarted with the same config (Reset): the step is at its start again.
    void restartStep(long long runId);
    // A Prune or Lottery step: sends its command once; the pause comes with its result.
    void startAction(const RunSnapshot& snapshot);
    void reach(long long runStep);

    TrainingController& m_controller;
    Hooks m_hooks;
    Lesson m_lesson;
    QStringList m_extraSets;
    State m_state = State::Idle;
    int m_current = -1;
    int m_reached = -1;         // the furthest step entered
    long long m_runId = -1;     // the run the current step plays (-1: wait for a new one)
    std::string m_awaited;      // the config of the new run asked for, as runKey() gives it
    long long m_issuedAt = -1;  // the run's step when playUntil was sent
    long long m_target = -1;
    long long m_pausedAt = -1;
    bool m_issued = false;
    bool m_moved = false;  // the run was seen playing or past m_issuedAt after playUntil
    SnapshotPtr m_last;
};

}  // namespace sl::ui
