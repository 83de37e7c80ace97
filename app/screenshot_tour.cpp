#include "screenshot_tour.h"

#include "controller/training_controller.h"
#include "main_window.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QTimer>
#include <cstdio>
#include <memory>

void startScreenshotTour(sl::ui::MainWindow& window, const QString& folder, long long untilStep) {
    QDir().mkpath(folder);
    auto* poll = new QTimer(&window);
    poll->setInterval(100);
    auto stage = std::make_shared<int>(0);
    auto target = std::make_shared<long long>(-1);
    auto idlePolls = std::make_shared<int>(0);
    auto lastStep = std::make_shared<long long>(-1);
    QObject::connect(poll, &QTimer::timeout, &window,
                     [&window, folder, untilStep, poll, stage, target, idlePolls, lastStep] {
                         const auto s = window.shownSnapshot();
                         if (!s) return;
                         auto& controller = window.controller();
                         // A run that stopped by itself (finished, or failed with a message) is not
                         // waited for: after 20 s neither playing nor stepping on, its last state
                         // is drawn. (Stepping to the next mask update does not play, and one step
                         // of #13's 2 x 100000 model takes seconds.)
                         const bool moved = s->step != *lastStep;
                         *lastStep = s->step;
                         *idlePolls = s->playing || moved ? 0 : *idlePolls + 1;
                         const bool stalled = *idlePolls > 200;
                         if (*stage == 0) {
                             controller.play();
                             *stage = 1;
                         } else if (*stage == 1 && (s->step >= untilStep || stalled)) {
                             controller.pause();
                             *stage = 2;
                         } else if (*stage == 2 && !s->playing) {
                             // A dense run, or one whose last mask update is behind it, has none to
                             // step to.
                             *target = s->nextMaskUpdateStep;
                             if (*target > s->step) controller.stepToNextMaskUpdate();
                             *stage = *target > s->step ? 3 : 4;
                             *idlePolls = 0;
                         } else if (*stage == 3 && !s->playing && (s->step == *target || stalled)) {
                             *stage =
                                 4;  // one more frame so every view has drawn the final snapshot
                         } else if (*stage == 4) {
                             poll->stop();
                             window.grab().save(QDir(folder).filePath("main-window.png"));
                             for (QDockWidget* dock : window.docks()) {
                                 // Tabbed docks are hidden behind their neighbours: raise each one
                                 // to draw it.
                                 dock->raise();
                                 QApplication::processEvents();
                                 dock->widget()->grab().save(QDir(folder).filePath(
                                     dock->objectName().remove("Dock") + ".png"));
                             }
                             std::printf("screenshots of step %lld written to %s\n", s->step,
                                         qPrintable(folder));
                             QApplication::quit();
                         }
                     });
    poll->start();
}
