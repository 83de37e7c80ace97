#include "lessons/lesson_runner.h"

#include "controller/training_controller.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

namespace sl::ui {

namespace {
// A run's config without its data section: the worker may replace missing data with a
// stand-in (and says so), which must not keep the lesson waiting.
std::string runKey(const RunConfig& config) {
    nlohmann::json json = toJson(config);
    json.erase("data");
    return json.dump();
}

bool isAction(PauseKind kind) { return kind == PauseKind::Prune || kind == PauseKind::Lottery; }
}  // namespace

LessonRunner::LessonRunner(TrainingController& controller, Hooks hooks, QObject* parent)
    : QObject(parent), m_controller(controller), m_hooks(std::move(hooks)) {
    // A prune the engine refused (the banner says why): the step waits for Next.
    connect(&m_controller, &TrainingController::failed, this, [this] {
        if (m_state != State::Running || !m_issued) return;
        if (m_lesson.steps[std::size_t(m_current)].pause.kind != PauseKind::Prune) return;
        setState(State::Waiting);
        emit changed();
    });
}

void LessonRunner::start(const Lesson& lesson, const QStringList& extraSets) {
    m_lesson = lesson;
    m_extraSets = extraSets;
    m_current = -1;
    m_reached = -1;
    if (m_hooks.usePace) m_hooks.usePace(m_lesson.pace);
    if (m_lesson.steps.empty()) {
        // A preset without steps: its config, and nothing to guide.
        try {
            if (m_hooks.applyConfig) m_hooks.applyConfig(configAt(0));
        } catch (const std::exception& e) {
            emit failed(QString::fromUtf8(e.what()));
        }
        setState(State::Idle);
        emit changed();
        return;
    }
    enter(0);
}

void LessonRunner::stop() {
    m_current = -1;
    m_lesson = Lesson{};
    setState(State::Idle);
    emit changed();
}

void LessonRunner::next() {
    if (canGoNext()) enter(m_current + 1);
}

void LessonRunner::back() {
    if (!canGoBack()) return;
    // The run is not rewound: the earlier text is shown again beside the run as it is.
    --m_current;
    setState(State::Waiting);
    if (m_hooks.showView) m_hooks.showView(QString::fromStdString(m_lesson.steps[m_current].view));
    emit changed();
}

RunConfig LessonRunner::configAt(int index) const {
    nlohmann::json json = toJson(m_lesson.configAt(std::size_t(std::max(0, index))));
    for (const QString& set : m_extraSets) applySet(json, set.toStdString());
    return fromJson(json);
}

void LessonRunner::enter(int index) {
    m_current = index;
    m_target = -1;
    m_pausedAt = -1;
    m_issued = false;
    m_moved = false;
    const LessonStep& step = m_lesson.steps[std::size_t(index)];
    if (m_hooks.showView) m_hooks.showView(QString::fromStdString(step.view));
    if (index <= m_reached) {
        // Gone back and forward again: the step was done, its run is where it is.
        setState(State::Waiting);
        emit changed();
        return;
    }
    m_reached = index;
    if (step.keep && m_hooks.keepRun) m_hooks.keepRun();
    if (index == 0 || !step.sets.empty()) {
        // A new run: the pause is measured on it once its first snapshot arrives.
        m_runId = -1;
        try {
            const RunConfig config = configAt(index);
            m_awaited = runKey(config);
            if (m_hooks.applyConfig) m_hooks.applyConfig(config);
        } catch (const std::exception& e) {
            setState(State::Waiting);
            emit failed(QString::fromUtf8(e.what()));
            emit changed();
            return;
        }
    } else if (m_runId >= 0 && m_last) {
        // The run on screen now (the teacher may have reset it); a new run asked for by an
        // earlier step and not seen yet stays awaited.
        m_runId = m_last->runId;
    }
    setState(step.pause.kind == PauseKind::None ? State::Waiting : State::Running);
    emit changed();
    if (m_state == State::Running && m_last && m_runId >= 0) follow(*m_last);
}

void LessonRunner::onSnapshot(const SnapshotPtr& snapshot) {
    if (!snapshot) return;
    m_last = snapshot;
    if (m_state == State::Running && m_issued && m_runId >= 0 && snapshot->runId > m_runId &&
        m_lesson.steps[std::size_t(m_current)].pause.kind == PauseKind::Prune) {
        // The pruned model continues as a run of its own (a static mask): the lesson follows it.
        m_runId = snapshot->runId;
        m_awaited = runKey(snapshot->config);
        reach(snapshot->step);
        return;
    }
    // The run a step asked for is the first one with its config (snapshots of the run before,
    // or of the window's first run, may still be on their way).
    // Run ids only grow: a newer run with that config is the one asked for even when the run
    // before had the same config and was taken for it. Once the step's run has moved, a newer
    // run with its config is that run reset by hand (Reset): the step starts over.
    const bool newer =
        m_runId >= 0 && snapshot->runId > m_runId && (m_issued || m_state == State::Ready);
    if ((m_runId < 0 && snapshot->step == 0) || newer)
        if (!m_awaited.empty() && runKey(snapshot->config) == m_awaited) {
            if (m_runId >= 0 && m_moved) {
                restartStep(snapshot->runId);
                return;
            }
            // The pause is measured on this run: playUntil goes to it (again).
            if (m_runId >= 0) m_issued = false;
            m_runId = snapshot->runId;
        }
    if (m_state == State::Ready && snapshot->runId == m_runId && snapshot->playing) {
        // Play pressed on the reset run: on to the step's pause, as when the step began.
        setState(State::Running);
        emit changed();
    }
    if (m_state == State::Running && m_runId >= 0) follow(*snapshot);
}

void LessonRunner::restartStep(long long runId) {
    m_runId = runId;
    m_issued = false;
    m_moved = false;
    m_target = -1;
    m_pausedAt = -1;
    const LessonStep& step = m_lesson.steps[std::size_t(m_current)];
    setState(step.pause.kind == PauseKind::None || isAction(step.pause.kind) ? State::Waiting
                                                                             : State::Ready);
    emit changed();
}

void LessonRunner::follow(const RunSnapshot& s) {
    if (s.runId != m_runId) {
        // Another run was started by hand (Reset, a new config): the lesson waits for Next.
        setState(State::Waiting);
        emit changed();
        return;
    }
    const LessonStep& step = m_lesson.steps[std::size_t(m_current)];
    if (isAction(step.pause.kind)) {
        if (!m_issued) startAction(s);
        return;
    }
    if (m_issued && s.step > m_issuedAt) m_moved = true;
    bool reached = false;
    if (!m_issued) {
        m_target =
            pauseTarget(step.pause, s.step, s.stepsPerEpoch, s.totalSteps, s.nextMaskUpdateStep);
        m_issuedAt = s.step;
        m_issued = true;
        if (m_target > s.step) m_controller.playUntil(m_target);
        else reached = true;
    } else if ((s.step >= m_target && !s.playing) || s.finished) {
        reached = true;
    } else if (!s.playing && s.step > m_issuedAt) {
        // Paused by hand before the condition: the teacher has the run; Next goes on.
        setState(State::Waiting);
        emit changed();
        return;
    }
    if (reached) reach(s.step);
}

void LessonRunner::reach(long long runStep) {
    m_pausedAt = runStep;
    setState(State::Waiting);
    emit pauseReached(m_current, runStep);
    emit changed();
}

void LessonRunner::startAction(const RunSnapshot& s) {
    const LessonPause& pause = m_lesson.steps[std::size_t(m_current)].pause;
    m_issued = true;
    m_issuedAt = s.step;
    m_target = s.step;
    if (pause.kind == PauseKind::Prune) {
        m_controller.pruneModel(pause.prune);
    } else if (m_hooks.runLottery) {
        m_hooks.runLottery(pause.lottery);
    } else {
        reach(s.step);  // nothing to run them (a test without a window)
    }
}

void LessonRunner::lotteryFinished(bool /*cancelled: the rounds so far are in the run list*/) {
    if (m_state != State::Running || !m_issued) return;
    if (m_lesson.steps[std::size_t(m_current)].pause.kind != PauseKind::Lottery) return;
    reach(m_last ? m_last->step : m_issuedAt);
}

void LessonRunner::setState(State state) { m_state = state; }

}  // namespace sl::ui
