#pragma once

#include "prune/one_shot_settings.h"
#include "train/lottery.h"
#include "train/run_config.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sl {

// A guided lesson (#17): a run config, a pace and an ordered list of steps, each a short text
// in English and 简体中文, a view to bring forward and a condition to pause the run at. A
// lesson file is a run config with one more top-level object, "lesson" (resources/README.md);
// the config loader ignores that object, so `sparselab-cli train --config` runs any lesson.
// Plain C++: the window's LessonRunner drives it, tests walk it without a window.

// One text in several languages ("en" required, "zh_CN" for 简体中文).
struct LessonText {
    std::map<std::string, std::string> byLanguage;
    // The text in `language`, or the English one when that language has none.
    const std::string& in(const std::string& language) const;
};

// When the run pauses after a step's text is shown.
enum class PauseKind {
    None,        // the run does not move: the step is read, then Next
    MaskUpdate,  // right after the next mask update
    Step,        // at a given step
    EpochEnd,    // at the end of the current epoch
    End,         // when the run is over
    // The step acts on the run, which does not move, and pauses when that is done:
    Prune,    // the trained model is pruned in one shot (Run ▸ Prune trained model…)
    Lottery,  // lottery-ticket rounds of the run's config (Run ▸ Lottery ticket rounds…)
};

struct LessonPause {
    PauseKind kind = PauseKind::None;
    long long step = 0;       // PauseKind::Step only
    OneShotSettings prune;    // PauseKind::Prune only
    LotterySettings lottery;  // PauseKind::Lottery only; the rewind step is checked on the run
};

// What the speed selector's "lesson pace" does for this lesson (ui/lesson_pace.h's defaults).
struct LessonPaceSettings {
    double stepsPerSecond = 100.0;
    double holdSeconds = 1.5;
    double holdStepsPerSecond = 1.0;
};

struct LessonStep {
    LessonText text;
    std::string view;  // one of lessonViewNames(), or "" for none
    LessonPause pause;
    // "key=value" as in --set: when the step begins, a new run starts from the config of the
    // step before with these changed. keep: the run so far is kept in the run list first.
    std::vector<std::string> sets;
    bool keep = false;
};

struct Lesson {
    std::string source;  // the file (or "<name>") it was read from, for messages
    LessonText title;
    LessonText description;  // one line, for the picker
    LessonPaceSettings pace;
    std::vector<LessonStep> steps;
    nlohmann::json config;  // the file without "lesson": a valid run config

    // The config the run has while step `index` is shown: the lesson's config with the sets of
    // steps 0..index applied in order. Throws ConfigError for an index out of range.
    RunConfig configAt(std::size_t index) const;
};

inline constexpr std::size_t kMaxLessonSteps = 64;
inline constexpr std::size_t kMaxLessonTextBytes = 2000;

// The views a step may name: "heatmap" (the central view) and the docks "loss", "schedule",
// "churn", "layers", "histogram", "why", "cost", "routing", "gradient", "runs", "config",
// "sweep", "text" (the window's dock "<name>Dock").
const std::vector<std::string>& lessonViewNames();
// The languages a lesson text may carry; "en" first.
const std::vector<std::string>& lessonLanguages();

// Reads a lesson from JSON. Every problem is collected and thrown as one ConfigError, one
// line each, naming the source and the field ("x.json: lesson.steps[2].pause: got \"soon\" —
// expected ..."). A file without "lesson" is a lesson with no steps whose title is the file
// name (the presets of earlier rounds stay usable as they are).
Lesson parseLesson(const nlohmann::json& json, const std::string& source);
Lesson loadLesson(const std::string& path);

// The step a run at `step` should pause at for `pause`; `step` itself for None, Prune and
// Lottery (the run does not play) and for a Step pause already passed. nextMaskUpdate is the run's
// next update step (-1: none left, then the run's end). Never beyond totalSteps.
long long pauseTarget(const LessonPause& pause, long long step, long long stepsPerEpoch,
                      long long totalSteps, long long nextMaskUpdate);

// "mask_update", "epoch_end", "end", "none", "step 500", "prune sparsegpt 70%", "lottery 3
// rounds": for messages and the sidebar.
std::string describePause(const LessonPause& pause);

}  // namespace sl
