#pragma once

#include <QString>

namespace sl::ui {
class MainWindow;
}

// `sparselab --lesson FILE [--lesson-shots DIR --lesson-steps N]`: opens the window on a guided
// lesson. With --lesson-shots it presses Next N times (waiting at each step's pause), saves the
// window as lesson-<language>.png, then enters presentation mode and saves
// presentation-<language>.png, and quits: the README's lesson pictures, from one command.
// Returns false (after a message on stderr) when the lesson cannot be read.
bool startLesson(sl::ui::MainWindow& window, const QString& path);
void startLessonTour(sl::ui::MainWindow& window, const QString& folder, int steps);
