#include "status_line.h"

#include <QEvent>
#include <QLocale>

namespace sl::ui {

StatusLine::StatusLine(QWidget* parent) : QLabel(parent) { retranslate(); }

void StatusLine::changeEvent(QEvent* event) {
    QLabel::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) retranslate();
}

void StatusLine::retranslate() {
    setToolTip(tr("Where the run is: optimizer steps done, the epoch, the training speed and "
                  "the fraction of all prunable weights that are zero"));
    setSnapshot(m_snapshot);
}

void StatusLine::setSnapshot(const SnapshotPtr& s) {
    if (!s) return;
    m_snapshot = s;
    const QLocale locale;
    QString text =
        tr("step %1 / %2   epoch %3 / %4   %5 steps/s   sparsity %6%   %7")
            .arg(locale.toString(s->step), locale.toString(s->totalSteps))
            .arg(locale.toString(s->epoch))
            .arg(locale.toString(s->config.train.epochs))
            .arg(s->playing ? locale.toString(s->stepsPerSecond, 'f', 0) : QString("–"))
            .arg(locale.toString(100.0 * s->overallSparsity, 'f', 2))
            .arg(s->finished ? tr("finished") : (s->playing ? tr("running") : tr("paused")));
    if (!s->lossSpikes.empty()) {
        const LossSpikeEvent& last = s->lossSpikes.back();
        text += tr("   loss spike after the mask update at step %1 (%2 → %3)")
                    .arg(locale.toString(last.step), locale.toString(last.recentLevel, 'f', 2),
                         locale.toString(last.loss, 'f', 2));
    }
    setText(text);
}

}  // namespace sl::ui
