#pragma once

#include "controller/snapshot.h"

#include <QColor>
#include <QString>
#include <vector>

namespace sl::ui {

// One run as the charts overlay it: the live run, or one kept in the run list for comparison.
// Charts draw every visible record in its colour, with its name in the legend.
struct RunRecord {
    int id = 0;
    QString name;
    QColor color;
    bool visible = true;
    bool live = false;     // the run the engine is training now
    SnapshotPtr snapshot;  // its last snapshot (history, mask updates, layers)
};

using RunList = std::vector<RunRecord>;

}  // namespace sl::ui
