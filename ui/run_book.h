#pragma once

#include "controller/run_record.h"

#include <QObject>

namespace sl::ui {

// The runs the charts overlay: the live run first, then the ones kept for comparison.
// Each kept run gets its own colour, in order, and keeps it when others are removed.
class RunBook : public QObject {
    Q_OBJECT
public:
    explicit RunBook(QObject* parent = nullptr);

    void setLive(const SnapshotPtr& snapshot);
    // Copies the live run into the list under a name saying what it was.
    void keepLive();
    // Adds a finished run from elsewhere (a lottery round) under the given name; returns its id.
    int addKept(const SnapshotPtr& snapshot, const QString& name);
    // Adds runs read from a run set or the last session, keeping their names, colours and
    // visibility (the live one among them, if any, is skipped).
    void addKeptRuns(const RunList& runs);
    // Removes every kept run (the live run stays).
    void clearKept();
    void setVisible(int id, bool visible);
    void rename(int id, const QString& name);
    void remove(int id);

    const RunList& runs() const { return m_runs; }

signals:
    void changed();

private:
    static QString describe(const RunSnapshot& s);
    RunList m_runs;
    int m_nextId = 1;
    int m_nextColor = 1;  // colour 0 belongs to the live run
};

}  // namespace sl::ui
