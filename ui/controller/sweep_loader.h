#pragma once

#include "controller/snapshot.h"
#include "train/sweep_table.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace sl::ui {

// A sweep folder read for the window: its table and, for every run whose checkpoint could be
// read, a finished-run snapshot (config, metric history, mask updates) for the run list.
// Checkpoints are read without loading the data, so opening a Fashion-MNIST sweep is quick.
struct LoadedSweep {
    SweepTable table;
    struct Run {
        int row = 0;  // index into table.runs
        SnapshotPtr snapshot;
        QString name;  // "p03 seed 43: sparsity.delta_t=100 sparsity.drop_fraction=0.3"
    };
    std::vector<Run> runs;
    QStringList problems;  // runs left out, and why
};

// Throws sl::Error (DataError) naming the folder when it holds no readable sweep.json.
LoadedSweep loadSweepFolder(const QString& folder);

}  // namespace sl::ui
