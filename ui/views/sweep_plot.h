#pragma once

#include "train/sweep_table.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace sl::ui {

// What the Sweep view draws, computed from a sweep table and nothing else, so that a test can
// hold every marker and error bar against the table's numbers. One swept key: validation
// accuracy (mean over seeds, %) against the key's value, with mean ± std bars. Two keys: a
// grid of cells coloured by the mean. Each point is taken from the last round it ran in
// (successive halving runs the survivors again on a larger budget).
struct SweepPlotPoint {
    int point = 0;      // the table's point index
    int column = 0;     // index into xLabels
    int row = 0;        // index into yLabels (grid only)
    double x = 0.0;     // the value when numeric, else the column index
    double mean = 0.0;  // final validation accuracy, %
    double low = 0.0;   // mean - std, %
    double high = 0.0;  // mean + std, %
    double std = 0.0;
    int seeds = 0;
    bool best = false;
};

struct SweepPlot {
    enum class Mode { Empty, Line, Grid };
    Mode mode = Mode::Empty;
    QString xKey, yKey;
    QStringList xLabels, yLabels;  // distinct values in the order first met
    bool numericX = false;         // x positions are the values themselves
    bool logX = false;             // numeric, positive, spanning a factor of 10 or more
    std::vector<SweepPlotPoint> points;
    double minMean = 0.0, maxMean = 0.0;  // over the points, %
    QString title;
    QString verdict;  // the table's verdict sentence
};

SweepPlot makeSweepPlot(const SweepTable& table);

}  // namespace sl::ui
