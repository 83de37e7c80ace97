#pragma once

// Waiting in UI tests, in one place: for a condition while the event loop runs, and for a
// snapshot of the training controller that satisfies a predicate.

#include "controller/training_controller.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

namespace sl::test {

// Runs the event loop until done() holds or ms have passed; whether it held.
template <class Done> bool waitUntil(Done done, int ms = 20000) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() >= ms) return false;
        QTest::qWait(20);
    }
    return true;
}

// The newest snapshot of the controller that satisfies pred, waiting up to ms for one; the
// newest snapshot (or null) when none did in time, so that the caller's check fails on it.
template <class Pred>
sl::ui::SnapshotPtr waitFor(sl::ui::TrainingController& c, Pred pred, int ms = 20000) {
    QElapsedTimer clock;
    clock.start();
    sl::ui::SnapshotPtr s = c.latestSnapshot();
    while (!(s && pred(*s)) && clock.elapsed() < ms) {
        QSignalSpy spy(&c, &sl::ui::TrainingController::snapshotReady);
        spy.wait(200);
        s = c.latestSnapshot();
    }
    return s;
}

// The next snapshot the controller publishes (the current one if none comes within ms).
inline sl::ui::SnapshotPtr nextSnapshot(sl::ui::TrainingController& c, int ms = 10000) {
    QSignalSpy spy(&c, &sl::ui::TrainingController::snapshotReady);
    if (!spy.wait(ms)) return c.currentSnapshot();
    return c.latestSnapshot();
}

}  // namespace sl::test
