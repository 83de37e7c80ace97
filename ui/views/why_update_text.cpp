#include "views/why_update_text.h"

#include "sparsity/method_descriptor.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>
#include <cmath>

namespace sl::ui {
namespace {

// lupdate files a free function's tr() under its namespace, so the run-time context must be
// that name too, or every sentence here stays English in 简体中文.
QString tr(const char* text) { return QCoreApplication::translate("sl::ui", text); }

// "the 1 active weight" / "the 412 active weights"
QString weights(int count, const QString& kind) {
    return count == 1 ? tr("the 1 %1 weight").arg(kind)
                      : tr("the %1 %2 weights").arg(QLocale().toString(count), kind);
}

}  // namespace

QString methodDisplayName(const QString& method) {
    if (const auto* d = sl::findSparsityMethod(method.toStdString()))
        return QCoreApplication::translate("sl::MethodRegistry", d->displayName);
    return method.isEmpty() ? tr("The method") : method;
}

int droppedCount(const LayerSnapshot& layer) {
    if (layer.lastUpdateStep == layer.explanation->step) return layer.lastPruned;
    return static_cast<int>(layer.explanation->droppedMagnitudes.size());
}

int grownCount(const LayerSnapshot& layer) {
    if (layer.lastUpdateStep == layer.explanation->step) return layer.lastGrown;
    return static_cast<int>(layer.explanation->grownScores.size());
}

bool isRandomGrowth(const UpdateExplanation& explanation) { return explanation.randomGrowth; }

QString updateTitle(const LayerSnapshot& layer) {
    return tr("Step %1: dropped %2, grew %3")
        .arg(layer.explanation->step)
        .arg(QLocale().toString(droppedCount(layer)), QLocale().toString(grownCount(layer)));
}

QString updateSentence(const QString& method, const LayerSnapshot& layer) {
    const UpdateExplanation& e = *layer.explanation;
    const int dropped = droppedCount(layer);
    const int grown = grownCount(layer);
    const QString who = methodDisplayName(method);
    // The method's descriptor words its rules; a name no registry entry knows (an old
    // checkpoint) falls back to what the explanation itself recorded.
    const sl::MethodDescriptor* d = sl::findSparsityMethod(method.toStdString());
    const auto words = [](const char* rule) {
        return QCoreApplication::translate("sl::MethodRegistry", rule);
    };
    const QString dropRule = d && *d->dropRule ? words(d->dropRule) : tr("with the smallest |w|");
    const bool grows = d ? *d->growRule != '\0' : !e.growCriterion.isEmpty();
    const bool random = d ? d->randomGrowth : isRandomGrowth(e);
    const QString drop =
        dropped == 0 ? tr("%1 dropped no weights").arg(who)
                     : tr("%1 dropped %2 %3").arg(who, weights(dropped, tr("active")), dropRule);
    if (grown == 0 && !grows) return tr("%1; it never grows weights back.").arg(drop);
    if (grown == 0) return tr("%1 and grew none.").arg(drop);
    if (random)
        return tr("%1 and grew %2 chosen at random, so growth has no cut-off.")
            .arg(drop, grown == 1 ? tr("1 inactive weight")
                                  : tr("%1 inactive weights").arg(QLocale().toString(grown)));
    const QString growRule =
        d && grows ? words(d->growRule) : tr("with the largest %1").arg(e.growCriterion);
    return tr("%1 and grew %2 %3.").arg(drop, weights(grown, tr("inactive")), growRule);
}

double dropFractionAt(const RunSnapshot& s, long long step) {
    const auto& steps = s.scheduleSteps;
    const auto& alpha = s.scheduleDropFraction;
    const std::size_t n = std::min(steps.size(), alpha.size());
    if (n == 0) return -1.0;
    if (step <= steps[0]) return alpha[0];
    for (std::size_t i = 1; i < n; ++i) {
        if (step > steps[i]) continue;
        const double span = double(steps[i] - steps[i - 1]);
        const double t = span > 0 ? double(step - steps[i - 1]) / span : 1.0;
        return alpha[i - 1] + t * (alpha[i] - alpha[i - 1]);
    }
    return alpha[n - 1];
}

namespace {

// α_t with the fewest significant digits (3 to 15) whose product with `active`, rounded, is
// still `count`: a reader who multiplies the numbers shown gets the count shown.
QString alphaReproducing(double alpha, long long active, long long count) {
    for (int digits = 3; digits < 15; ++digits) {
        const QString shown = QString::number(alpha, 'g', digits);
        if (std::llround(shown.toDouble() * double(active)) == count)
            return QLocale().toString(shown.toDouble(), 'g', digits);
    }
    return QLocale().toString(alpha, 'g', 15);
}

}  // namespace

QString dropCountSentence(const RunSnapshot& snapshot, const LayerSnapshot& layer) {
    const sl::MethodDescriptor* d = sl::findSparsityMethod(snapshot.method.toStdString());
    const int dropped = droppedCount(layer);
    if (!d || !d->regrows || dropped <= 0) return {};
    const long long step =
        layer.explanation->step >= 0 ? layer.explanation->step : layer.lastUpdateStep;
    const double sampled = dropFractionAt(snapshot, step);
    if (!(sampled > 0)) return {};
    // The count the update started from: what is active now, before its growth and drop.
    const long long before = layer.active - grownCount(layer) + dropped;
    const QLocale locale;
    // The engine dropped round(α_t × active), at most as many as were inactive to grow into;
    // it keeps the α_t it used with the update.
    const double alpha = layer.lastDropFraction;
    const long long rounded = alpha > 0 ? std::llround(alpha * double(before)) : -1;
    const long long inactive = layer.parameters - before;
    if (rounded == dropped)
        return tr("Why %1: at step %2 the drop fraction α_t was %3, and %3 × %4 active weights "
                  "rounds to %1.")
            .arg(locale.toString(dropped), locale.toString(step),
                 alphaReproducing(alpha, before, rounded), locale.toString(before));
    if (rounded > dropped && inactive == dropped)
        return tr("Why %1: at step %2 the drop fraction α_t was %3, and %3 × %4 active weights "
                  "rounds to %5, but only %1 weights were inactive to grow into.")
            .arg(locale.toString(dropped), locale.toString(step),
                 alphaReproducing(alpha, before, rounded), locale.toString(before),
                 locale.toString(rounded));
    // The update's α_t is not known (a checkpoint written before it was kept) or does not
    // give the count: the sampled schedule, interpolated, and a product said to be
    // approximate.
    const QString a = locale.toString(sampled, 'g', 3);
    return tr("Why %1: at step %2 the drop fraction α_t was %3, and %3 × %4 active weights ≈ %5.")
        .arg(locale.toString(dropped), locale.toString(step), a, locale.toString(before),
             locale.toString(qRound64(sampled * double(before))));
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

}  // namespace sl::ui
