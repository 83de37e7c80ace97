#pragma once

namespace sl::ui {

// How fast a lesson plays so that a class can watch it (#17): fast between mask updates, and
// after each update a hold at a crawl, so the grown and pruned weights stay bright on the heatmap
// for a while before the next update fades them. Plain C++ (no Qt, no clock of its own): the
// window's LessonPacer feeds it the time, a test feeds it a fake one.
struct LessonPace {
    double stepsPerSecond = 100.0;  // between mask updates
    double holdSeconds = 1.5;       // after each update, at holdStepsPerSecond
    double holdStepsPerSecond = 1.0;
};

// Which speed the engine should run at, given what the window has seen so far.
class PacePolicy {
public:
    explicit PacePolicy(LessonPace pace) : m_pace(pace) {}

    // `now`: seconds since Play; `lastUpdateStep`: the step of the newest mask update seen
    // (-1 before the first). Another update than last time starts a hold; a lower step (the
    // run was reset, or a new one started) is followed, so its next update holds again.
    double speedAt(double now, long long lastUpdateStep) {
        if (lastUpdateStep != m_lastUpdateStep) {
            if (lastUpdateStep > m_lastUpdateStep) m_holdUntil = now + m_pace.holdSeconds;
            m_lastUpdateStep = lastUpdateStep;
        }
        return now < m_holdUntil ? m_pace.holdStepsPerSecond : m_pace.stepsPerSecond;
    }
    const LessonPace& pace() const { return m_pace; }

private:
    LessonPace m_pace;
    long long m_lastUpdateStep = -1;
    double m_holdUntil = -1.0;
};

}  // namespace sl::ui
