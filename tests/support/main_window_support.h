#pragma once

// What the window tests share: a small, fast run to open the window on, a wait for a drawn
// snapshot, and a menu action found by its text.

#include "main_window.h"
#include "train/run_config.h"

#include <QAction>
#include <QElapsedTimer>
#include <QtTest>

namespace sl::test {

// Moons, an MLP 2-24-16-2, RigL at 75 % with ΔT 10: mask updates come quickly and the run lasts.
inline sl::RunConfig smallRiglRun() {
    sl::RunConfig c;
    c.data.name = "moons";
    c.data.samples = 1000;
    c.model.hidden = {24, 16};
    c.train.batchSize = 50;
    c.train.epochs = 100;
    c.sparsity.method = "rigl";
    c.sparsity.target = 0.75f;
    c.sparsity.deltaT = 10;
    c.seed = 2;
    return c;
}

// Waits until the window has drawn a snapshot that satisfies pred.
template <class Pred>
bool waitShown(sl::ui::MainWindow& w, Pred pred, int ms = 15000) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        if (w.shownSnapshot() && pred(*w.shownSnapshot())) return true;
        QTest::qWait(20);
    }
    return false;
}

inline QAction* action(sl::ui::MainWindow& w, const QString& text) {
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == text) return a;
    return nullptr;
}

} // namespace sl::test
