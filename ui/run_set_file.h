#pragma once

#include "controller/run_record.h"
#include "util/error.h"

#include <QByteArray>
#include <QString>

namespace sl::ui {

// A run set file names what is wrong with it (the file, the entry, what was expected).
class RunSetError : public sl::Error {
public:
    using sl::Error::Error;
};

// Kept runs with their histories, as a versioned JSON document (#17): saved with the window's
// session so a class comparison prepared the day before is there at the next launch, and
// moved between machines with File ▸ Save run set… / Open run set….
//
// {"format": "sparselab-run-set", "version": 1, "runs": [{"name", "color", "visible",
//   "step", "total_steps", "epoch", "steps_per_epoch", "finished", "method", "config",
//   "history": [[step, epoch, lr, train_loss, train_acc, test_loss, test_acc, sparsity,
//                target, drop_fraction, grown, pruned, itop, val_loss, val_acc], …],
//   "mask_updates": [[step, layer, pruned, grown], …], "parameter_changes": [[step, key,
//   from, to], …], "loss_spikes": [[step, loss, level, entered, entered_mean, active_mean],
//   …], "schedule": [[step, target, drop_fraction], …], "layers": [{"name", "kind", "rows",
//   "cols", "parameters", "active", "sparsity", "target", "itop"}, …]}, …]}
// Missing figures (no test accuracy at that point) are null. Per-weight data (masks,
// heatmaps) is not kept: the charts need only the histories.
namespace run_set {

inline constexpr int kVersion = 1;
inline constexpr const char* kFormat = "sparselab-run-set";
// A run set larger than this is refused before it is read (a history of 10 million points).
inline constexpr qint64 kMaxFileBytes = 512LL * 1024 * 1024;

// The kept runs of `runs` (the live run is not part of a set).
QByteArray toJson(const RunList& runs);
// The runs of a document; `source` names it in messages. Throws RunSetError.
RunList fromJson(const QByteArray& data, const QString& source);
// Written beside and renamed, so a failed write leaves the old file. Throws RunSetError.
void write(const RunList& runs, const QString& path);
// Throws RunSetError naming the path when it cannot be read or is not a run set.
RunList read(const QString& path);

}  // namespace run_set
}  // namespace sl::ui
