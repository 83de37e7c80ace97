#pragma once

// What the window tests share: a small, fast run to open the window on, a wait for a drawn
// snapshot, and a menu action found by its text.

#include "main_window.h"
#include "support/tiny_run.h"
#include "support/wait.h"
#include "train/run_config.h"

#include <QAction>
#include <QtTest>

namespace sl::test {

// Moons, an MLP 2-24-16-2, RigL at 75 % with ΔT 10: mask updates come quickly and the run lasts.
inline sl::RunConfig smallRiglRun() {
    return TinyRun().data("moons").hidden({24, 16}).epochs(100).sparse("rigl", 0.75f, 10).seed(2);
}

// Waits until the window has drawn a snapshot that satisfies pred.
template <class Pred> bool waitShown(sl::ui::MainWindow& w, Pred pred, int ms = 15000) {
    return waitUntil([&w, &pred] { return w.shownSnapshot() && pred(*w.shownSnapshot()); }, ms);
}

inline QAction* action(sl::ui::MainWindow& w, const QString& text) {
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == text) return a;
    return nullptr;
}

}  // namespace sl::test
