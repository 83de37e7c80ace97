#pragma once

#include "controller/snapshot.h"
#include "lessons/lesson_runner.h"

#include <QObject>

class QAction;
class QDockWidget;
class QMainWindow;

namespace sl::ui {

class LessonSidebar;

// Everything of guided lessons the window holds: the runner, the lesson dock
// ("lessonDock"), File ▸ Lessons… and the picker. The window creates it, adds pickAction() to
// its File menu and hands it each snapshot it draws; nothing else of lessons lives there.
class LessonUi : public QObject {
    Q_OBJECT
public:
    LessonUi(QMainWindow& window, TrainingController& controller, LessonRunner::Hooks hooks);

    LessonRunner& runner() { return *m_runner; }
    LessonSidebar* sidebar() const { return m_sidebar; }
    QDockWidget* dock() const { return m_dock; }
    QAction* pickAction() const { return m_pick; }
    void onSnapshot(const SnapshotPtr& snapshot) { m_runner->onSnapshot(snapshot); }

    // Opens the picker (not modal to the drawing: the window keeps updating behind it).
    void showPicker();
    void startLesson(const Lesson& lesson, const QStringList& extraSets = {});
    // The picker opens by itself on the first launch only (QSettings "lessonPickerShown").
    bool pickerShownBefore() const;
    void retranslate();

signals:
    void failed(const QString& message);

private:
    // Brings a view's dock forward and marks its title for a moment.
    void showView(const QString& view);

    QMainWindow& m_window;
    LessonRunner* m_runner = nullptr;
    LessonSidebar* m_sidebar = nullptr;
    QDockWidget* m_dock = nullptr;
    QAction* m_pick = nullptr;
};

}  // namespace sl::ui
