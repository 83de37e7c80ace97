#pragma once

#include <QObject>
#include <QString>
#include <map>

class QWidget;

namespace sl::ui {

class RunBook;
class RunListPanel;
class SweepView;

// File ▸ Open sweep…: reads a sweep folder, adds every run to the run list as a kept run
// (overlaid on the charts), shows the Sweep view, and selects a point's run in the list when
// the point is clicked. A folder that cannot be read is explained in a dialog.
class SweepOpener : public QObject {
    Q_OBJECT
public:
    SweepOpener(RunBook& runs, RunListPanel& list, SweepView& view, QWidget* dialogParent);

    // Returns false (after telling the user) when the folder holds no readable sweep.
    bool open(const QString& folder);
    // The run-list id of the first seed's run of a point, or -1.
    int runIdOfPoint(int point) const;

signals:
    void opened(const QString& folder, int runs);

private:
    void selectPoint(int point);

    RunBook& m_runs;
    RunListPanel& m_list;
    SweepView& m_view;
    QWidget* m_dialogParent;
    std::map<int, int> m_pointRun;  // point -> run id
};

}  // namespace sl::ui
