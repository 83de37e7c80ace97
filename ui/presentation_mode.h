#pragma once

#include "controller/snapshot.h"

#include <QByteArray>
#include <QFont>
#include <QObject>
#include <QStringList>

class QAction;
class QLabel;
class QMainWindow;
class QShortcut;
class QToolBar;

namespace sl::ui {

// View ▸ Presentation (F5), for a projector (#17): the heatmap and a few chosen chart docks
// only, larger fonts, a big counter of the step and the mask updates, and the transport
// toolbar. Esc (or F5 again) returns to exactly the layout before: saveState() is taken on the
// way in and restored on the way out.
class PresentationMode : public QObject {
    Q_OBJECT
public:
    // shownDocks: object names of the docks kept on screen; keptIfVisible: docks that stay
    // only when they were already showing (the lesson dock during a lesson).
    PresentationMode(QMainWindow& window, QStringList shownDocks, QStringList keptIfVisible);

    QAction* action() const { return m_action; }
    bool active() const { return m_active; }
    void enter();
    void leave();
    void onSnapshot(const SnapshotPtr& snapshot);
    QLabel* counter() const { return m_counter; }
    void retranslate();

    // Fonts, and the charts' lines, markers and texts, grow by this much.
    static constexpr double kFontScale = 1.6;
    // The share of the window's width (%) the chart column takes on a short screen.
    static constexpr int kChartColumn = 34;

private:
    void updateCounter();
    void giveTheHeatmapRoom();

    QMainWindow& m_window;
    QStringList m_shownDocks;
    QStringList m_keptIfVisible;
    QAction* m_action = nullptr;
    QShortcut* m_escape = nullptr;
    bool m_active = false;
    QByteArray m_savedState;
    QFont m_savedFont;
    bool m_fontWasSet = false;
    QSize m_savedIconSize;
    QToolBar* m_counterBar = nullptr;
    QLabel* m_counter = nullptr;
    SnapshotPtr m_last;
};

}  // namespace sl::ui
