#pragma once

#include "train/lesson.h"

#include <QDialog>
#include <QList>

class QListWidget;
class QPushButton;

namespace sl::ui {

// File ▸ Lessons… (and the first launch): every built-in lesson with its title and one-line
// description in the window's language, and "Open file…" for a lesson a teacher wrote.
// accepted() means chosen() holds the lesson to start.
class LessonPicker : public QDialog {
    Q_OBJECT
public:
    explicit LessonPicker(const QList<Lesson>& lessons, QWidget* parent = nullptr);

    const Lesson& chosen() const { return m_chosen; }
    QListWidget* list() const { return m_list; }

private:
    void openFile();

    QList<Lesson> m_lessons;
    Lesson m_chosen;
    QListWidget* m_list = nullptr;
};

}  // namespace sl::ui
