#include "status_line.h"

#include <QLocale>

namespace sl::ui {

StatusLine::StatusLine(QWidget* parent) : QLabel(parent) {
    setToolTip(tr("Where the run is: optimizer steps done, the epoch, the training speed and "
                  "the fraction of all prunable weights that are zero"));
}

void StatusLine::setSnapshot(const SnapshotPtr& s) {
    if (!s) return;
    const QLocale locale;
    QString text = tr("step %1 / %2   epoch %3 / %4   %5 steps/s   sparsity %6%   %7")
                       .arg(locale.toString(s->step), locale.toString(s->totalSteps))
                       .arg(s->epoch)
                       .arg(s->config.train.epochs)
                       .arg(s->playing ? locale.toString(s->stepsPerSecond, 'f', 0) : QString("–"))
                       .arg(100.0 * s->overallSparsity, 0, 'f', 2)
                       .arg(s->finished ? tr("finished") : (s->playing ? tr("running") : tr("paused")));
    if (!s->lossSpikes.empty()) {
        const LossSpikeEvent& last = s->lossSpikes.back();
        text += tr("   loss spike after the mask update at step %1 (%2 → %3)")
                    .arg(locale.toString(last.step), locale.toString(last.recentLevel, 'f', 2),
                         locale.toString(last.loss, 'f', 2));
    }
    setText(text);
}

} // namespace sl::ui
