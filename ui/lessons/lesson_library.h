#pragma once

#include "train/lesson.h"

#include <QList>
#include <QString>

namespace sl::ui {

// The guided lessons the window offers: resources/lessons/*.json embedded as :/lessons/ (the
// presets without steps are configs, not lessons, and are left out). The default lesson comes
// first, the others in file order.
QList<Lesson> builtInLessons();
// Reads a lesson from a file or resource path; throws ConfigError naming the file and field.
Lesson readLesson(const QString& path);
// The text in the window's current language (English when it has none).
QString lessonText(const LessonText& text);

}  // namespace sl::ui
