#include "views/why_update_text.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>

namespace sl::ui {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("WhyUpdateView", text);
}

// "the 1 active weight" / "the 412 active weights"
QString weights(int count, const QString& kind) {
    return count == 1 ? tr("the 1 %1 weight").arg(kind)
                      : tr("the %1 %2 weights").arg(count).arg(kind);
}

} // namespace

QString methodDisplayName(const QString& method) {
    if (method == QLatin1String("rigl")) return QStringLiteral("RigL");
    if (method == QLatin1String("set")) return QStringLiteral("SET");
    if (method == QLatin1String("magnitude")) return tr("Magnitude pruning");
    if (method == QLatin1String("movement")) return tr("Movement pruning");
    if (method == QLatin1String("movement-score")) return tr("Movement-score pruning");
    if (method == QLatin1String("static")) return tr("The static mask");
    if (method == QLatin1String("dense")) return tr("Dense training");
    return method.isEmpty() ? tr("The method") : method;
}

int droppedCount(const LayerSnapshot& layer) {
    if (layer.lastUpdateStep == layer.explanation.step) return layer.lastPruned;
    return static_cast<int>(layer.explanation.droppedMagnitudes.size());
}

int grownCount(const LayerSnapshot& layer) {
    if (layer.lastUpdateStep == layer.explanation.step) return layer.lastGrown;
    return static_cast<int>(layer.explanation.grownScores.size());
}

bool isRandomGrowth(const UpdateExplanation& explanation) {
    return explanation.growCriterion == QLatin1String("random");
}

QString updateTitle(const LayerSnapshot& layer) {
    return tr("Step %1: dropped %2, grew %3")
        .arg(layer.explanation.step)
        .arg(droppedCount(layer))
        .arg(grownCount(layer));
}

QString updateSentence(const QString& method, const LayerSnapshot& layer) {
    const UpdateExplanation& e = layer.explanation;
    const int dropped = droppedCount(layer);
    const int grown = grownCount(layer);
    const QString who = methodDisplayName(method);
    const QString drop =
        dropped == 0
            ? tr("%1 dropped no weights").arg(who)
            : tr("%1 dropped %2 with the smallest |w|").arg(who, weights(dropped, tr("active")));
    if (grown == 0 && e.growCriterion.isEmpty())
        return tr("%1; it never grows weights back.").arg(drop);
    if (grown == 0) return tr("%1 and grew none.").arg(drop);
    if (isRandomGrowth(e))
        return tr("%1 and grew %2 chosen at random, so growth has no cut-off.")
            .arg(drop, grown == 1 ? tr("1 inactive weight") : tr("%1 inactive weights").arg(grown));
    return tr("%1 and grew %2 with the largest %3.")
        .arg(drop, weights(grown, tr("inactive")), e.growCriterion);
}

QString lossSpikeSentence(const RunSnapshot& snapshot, long long step) {
    for (const LossSpikeEvent& s : snapshot.lossSpikes) {
        if (s.step != step) continue;
        const QLocale locale;
        return tr("The loss then jumped from %1 to %2: %3 weights entered with mean |w| %4, "
                  "against %5 for the kept ones.")
            .arg(locale.toString(s.recentLevel, 'f', 2), locale.toString(s.loss, 'f', 2),
                 locale.toString(s.entered), locale.toString(s.enteredMeanAbs, 'g', 2),
                 locale.toString(s.activeMeanAbs, 'g', 2));
    }
    return {};
}

QString noUpdateMessage(const RunSnapshot& snapshot, const LayerSnapshot& layer) {
    if (snapshot.nextMaskUpdateStep < 0)
        return tr("%1 has not changed its mask, and no mask update is ahead in this run.")
            .arg(layer.name);
    const long long wait = snapshot.nextMaskUpdateStep - snapshot.step;
    return tr("No mask update yet. The first one comes at step %1 (in %2 steps): this view "
              "will then show which weights were dropped and grown, and why.")
        .arg(snapshot.nextMaskUpdateStep)
        .arg(std::max(0LL, wait));
}

} // namespace sl::ui
