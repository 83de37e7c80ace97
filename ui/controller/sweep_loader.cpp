#include "controller/sweep_loader.h"

#include "io/checkpoint.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace sl::ui {
namespace {

// What the charts need of a finished run; the layers (heatmaps) stay empty: they would need
// the data and the model, and comparing a sweep is about its curves.
SnapshotPtr snapshotOf(const Checkpoint& c, int id) {
    auto s = std::make_shared<RunSnapshot>();
    s->runId = -1000 - id;  // never the live run's id
    s->step = c.state.step;
    s->totalSteps = c.totalSteps;
    s->epoch = c.state.batchEpoch;
    s->stepsPerEpoch = std::max(1, (c.data.trainExamples + c.config.train.batchSize - 1) /
                                       std::max(1, c.config.train.batchSize));
    s->finished = c.state.step >= c.totalSteps;
    s->config = c.config;
    s->learningRate = c.learningRate;
    s->method = QString::fromStdString(c.config.sparsity.method);
    s->history = MetricSeries(c.state.history);
    for (const auto& e : c.state.events)
        s->maskUpdates.push_back({e.step, e.layer, static_cast<int>(e.prunedIndices.size()),
                                  static_cast<int>(e.grownIndices.size())});
    if (!s->history.empty()) {
        s->overallSparsity = s->history.back().sparsity;
        s->overallItop = s->history.back().itop;
    }
    return s;
}

}  // namespace

LoadedSweep loadSweepFolder(const QString& folder) {
    LoadedSweep out;
    out.table = readSweepTable(folder.toStdString());
    for (std::size_t i = 0; i < out.table.runs.size(); ++i) {
        const auto& row = out.table.runs[i];
        const QString path =
            QDir(folder).filePath(QString::fromStdString(row.folder) + "/checkpoint.h5");
        if (!QFileInfo::exists(path)) {
            out.problems
                << QCoreApplication::translate("SweepLoader", "%1: no checkpoint").arg(path);
            continue;
        }
        try {
            const Checkpoint c = readCheckpoint(path.toStdString());
            LoadedSweep::Run run;
            run.row = static_cast<int>(i);
            run.snapshot = snapshotOf(c, static_cast<int>(i));
            run.name = QCoreApplication::translate("SweepLoader", "p%1 seed %2: %3")
                           .arg(row.point + 1, 2, 10, QChar('0'))
                           .arg(row.seed)
                           .arg(QString::fromStdString(describeOverrides(row.overrides)));
            if (row.round > 0)
                run.name =
                    QCoreApplication::translate("SweepLoader", "round %1 ").arg(row.round + 1) +
                    run.name;
            out.runs.push_back(std::move(run));
        } catch (const Error& e) {
            out.problems << QString::fromUtf8(e.what());
        }
    }
    return out;
}

}  // namespace sl::ui
