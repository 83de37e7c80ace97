#pragma once

#include <QAction>
#include <QComboBox>
#include <QObject>
#include <QToolBar>

class QLabel;

namespace sl::ui {

class TrainingController;
class LessonPacer;

// The run's commands as actions with their shortcuts (Space play/pause, Right or S step,
// N next mask update, E one epoch, Ctrl+R reset), shared by the toolbar and the Run menu,
// plus the speed selector that slows training down for a class.
class RunActions : public QObject {
    Q_OBJECT
public:
    RunActions(TrainingController& controller, QObject* parent);

    void addTo(QToolBar* toolbar);
    QList<QAction*> actions() const;
    // Play and Pause are one action whose text follows the run's state.
    void setPlaying(bool playing, bool finished);
    // Sets every text again in the current language (the window calls it on LanguageChange:
    // actions are not widgets and get no such event).
    void retranslate();

    QAction* playPause = nullptr;
    QAction* step = nullptr;
    QAction* nextUpdate = nullptr;
    QAction* epoch = nullptr;
    QAction* reset = nullptr;
    QComboBox* speed = nullptr;
    // "lesson pace" in the speed selector: fast between mask updates, held through them (#17).
    LessonPacer* pacer = nullptr;
    void useLessonPace();

private:
    TrainingController& m_controller;
    QLabel* m_speedLabel = nullptr;
    bool m_playing = false;
};

}  // namespace sl::ui
