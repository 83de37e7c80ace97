#include "views/sweep_plot.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>
#include <map>

namespace sl::ui {
namespace {

QString valueOf(const Overrides& overrides, const std::string& key) {
    for (const auto& [k, v] : overrides)
        if (k == key) return QString::fromStdString(v);
    return {};
}

}  // namespace

SweepPlot makeSweepPlot(const SweepTable& table) {
    SweepPlot plot;
    plot.verdict = QString::fromStdString(verdictText(table.points, table.verdict));
    if (table.keys.empty() || table.points.empty()) return plot;
    plot.mode = table.keys.size() >= 2 ? SweepPlot::Mode::Grid : SweepPlot::Mode::Line;
    plot.xKey = QString::fromStdString(table.keys[0]);
    if (plot.mode == SweepPlot::Mode::Grid) plot.yKey = QString::fromStdString(table.keys[1]);
    plot.title = plot.mode == SweepPlot::Mode::Grid
                     ? QCoreApplication::translate("SweepPlot", "Validation accuracy over %1 × %2")
                           .arg(plot.xKey, plot.yKey)
                     : QCoreApplication::translate("SweepPlot", "Validation accuracy against %1")
                           .arg(plot.xKey);

    // The last round each point ran in holds its figure on the largest budget.
    std::map<int, std::size_t> latest;
    for (std::size_t i = 0; i < table.points.size(); ++i) {
        const auto& p = table.points[i];
        auto it = latest.find(p.point);
        if (it == latest.end() || table.points[it->second].round < p.round) latest[p.point] = i;
    }
    bool numeric = true;
    for (const auto& [point, index] : latest) {
        const auto& row = table.points[index];
        const QString x = valueOf(row.overrides, table.keys[0]);
        if (!plot.xLabels.contains(x)) plot.xLabels.append(x);
        bool ok = false;
        x.toDouble(&ok);
        numeric &= ok;
        if (plot.mode == SweepPlot::Mode::Grid) {
            const QString y = valueOf(row.overrides, table.keys[1]);
            if (!plot.yLabels.contains(y)) plot.yLabels.append(y);
        }
    }
    plot.numericX = numeric && plot.mode == SweepPlot::Mode::Line;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& [point, index] : latest) {
        const auto& row = table.points[index];
        if (!std::isfinite(row.finalValidation.mean)) continue;
        SweepPlotPoint p;
        p.point = point;
        const QString x = valueOf(row.overrides, table.keys[0]);
        p.column = static_cast<int>(plot.xLabels.indexOf(x));
        if (plot.mode == SweepPlot::Mode::Grid)
            p.row = static_cast<int>(plot.yLabels.indexOf(valueOf(row.overrides, table.keys[1])));
        p.x = plot.numericX ? x.toDouble() : p.column;
        p.mean = 100.0 * row.finalValidation.mean;
        p.std = 100.0 * row.finalValidation.std;
        p.low = p.mean - p.std;
        p.high = p.mean + p.std;
        p.seeds = row.seeds;
        p.best = static_cast<int>(index) == table.verdict.best;
        if (plot.numericX) {
            lo = std::min(lo, p.x);
            hi = std::max(hi, p.x);
        }
        plot.points.push_back(p);
    }
    plot.logX = plot.numericX && lo > 0 && hi / lo >= 10.0;
    if (plot.points.empty()) {
        plot.mode = SweepPlot::Mode::Empty;
        return plot;
    }
    plot.minMean = plot.maxMean = plot.points.front().mean;
    for (const auto& p : plot.points) {
        plot.minMean = std::min(plot.minMean, p.mean);
        plot.maxMean = std::max(plot.maxMean, p.mean);
    }
    return plot;
}

}  // namespace sl::ui
