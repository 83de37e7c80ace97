#include "charts/schedule_chart.h"

#include "charts/thin_points.h"
#include "views/palette.h"

#include <QtCharts/QLegend>
#include <algorithm>
#include <cmath>
#include <set>

namespace sl::ui {

ScheduleChart::ScheduleChart(QWidget* parent) : ChartWidget(parent) {
    chart()->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_x = addValueAxis(QString(), Qt::AlignBottom);
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_sparsity = addValueAxis(QString(), Qt::AlignLeft);
    m_sparsity->setLabelFormat(QStringLiteral("%.0f"));
    m_alpha = addValueAxis(QString(), Qt::AlignRight);
    m_alpha->setLabelFormat(QStringLiteral("%.2f"));
    m_alpha->setGridLineVisible(false);
    retranslate();
}

void ScheduleChart::retranslate() {
    // redraw() may choose another title and left-axis text for the runs it shows.
    chart()->setTitle(tr("Sparsity schedule"));
    m_x->setTitleText(tr("step"));
    m_sparsity->setTitleText(tr("sparsity (%)"));
    m_alpha->setTitleText(tr("drop fraction α"));
}

void ScheduleChart::setRuns(const RunList& runs) {
    m_runs = runs;
    redraw();
}

double ScheduleChart::sparsityAt(const MetricSeries& history, long long step) {
    if (history.empty()) return 0.0;
    auto after = std::lower_bound(history.begin(), history.end(), step,
                                  [](const MetricPoint& p, long long s) { return p.step < s; });
    if (after == history.end()) return 100.0 * history.back().sparsity;
    if (after == history.begin() || after->step == step) return 100.0 * after->sparsity;
    const MetricPoint& before = *std::prev(after);
    const double t = double(step - before.step) / double(after->step - before.step);
    return 100.0 * (before.sparsity + t * (after->sparsity - before.sparsity));
}

void ScheduleChart::redraw() {
    const auto runs = visibleRuns(m_runs);
    const std::size_t n = runs.size();
    const bool compare = n > 1;
    // The plan is drawn over the actual curve: where they coincide (rigl, set) the dashes show.
    resizePool(m_actual, n, m_x, m_sparsity, QStringLiteral("actual"));
    resizePool(m_target, n, m_x, m_sparsity, QStringLiteral("target"));
    resizePool(m_drop, n, m_x, m_alpha, QStringLiteral("dropFraction"));
    resizePool(m_updates, n, m_x, m_sparsity, QStringLiteral("maskUpdates"));

    const int budget = pointBudget();
    double maxStep = 1.0;
    double maxAlpha = 0.0;
    bool allEmergent = n > 0;
    for (std::size_t r = 0; r < n; ++r) {
        const RunRecord& run = *runs[r];
        const RunSnapshot& snap = *run.snapshot;
        maxStep = std::max({maxStep, double(snap.totalSteps), double(snap.step)});

        QList<QPointF> target, actual, drop, updates;
        const std::size_t planned = std::min(snap.scheduleSteps.size(), snap.scheduleTarget.size());
        // Regularizers have no plan (NaN targets): only the measured, emergent sparsity shows.
        for (std::size_t i = 0; !snap.emergentSparsity && i < planned; ++i)
            if (std::isfinite(snap.scheduleTarget[i]))
                target << QPointF(double(snap.scheduleSteps[i]), 100.0 * snap.scheduleTarget[i]);
        // α_t only means something for drop-and-grow methods; an all-zero curve is left out.
        const std::size_t alphas =
            std::min(snap.scheduleSteps.size(), snap.scheduleDropFraction.size());
        bool anyAlpha = false;
        for (std::size_t i = 0; i < alphas; ++i) anyAlpha |= snap.scheduleDropFraction[i] > 0;
        for (std::size_t i = 0; anyAlpha && i < alphas; ++i) {
            drop << QPointF(double(snap.scheduleSteps[i]), snap.scheduleDropFraction[i]);
            maxAlpha = std::max(maxAlpha, snap.scheduleDropFraction[i]);
        }
        for (const MetricPoint& p : snap.history)
            actual << QPointF(double(p.step), 100.0 * p.sparsity);
        std::set<long long> steps;
        for (const MaskUpdateSummary& u : snap.maskUpdates) steps.insert(u.step);
        for (long long s : steps) updates << QPointF(double(s), sparsityAt(snap.history, s));

        const QColor main = run.color;
        m_target[r]->setPen(
            runPen(compare ? run.color : QColor(90, 90, 90), run.live, Qt::DashLine));
        m_actual[r]->setPen(runPen(main, run.live));
        m_drop[r]->setPen(
            runPen(compare ? run.color : QColor(palette::kSecond), run.live, Qt::DotLine));
        m_updates[r]->setMarkerShape(QScatterSeries::MarkerShapeCircle);
        // Hollow dots, so the curve they sit on stays visible through them.
        m_updates[r]->setMarkerSize(scaled(run.live ? 7.0 : 6.0));
        m_updates[r]->setColor(Qt::white);
        QPen dotPen(main);
        dotPen.setWidthF(scaled(1.3));
        m_updates[r]->setPen(dotPen);
        m_target[r]->setName(tr("target (planned)"));
        m_actual[r]->setName(compare                 ? run.name
                             : snap.emergentSparsity ? tr("emergent sparsity")
                                                     : tr("actual"));
        m_drop[r]->setName(tr("drop fraction α_t"));
        m_updates[r]->setName(tr("mask update"));
        setLegendVisible(m_target[r], !compare && !target.isEmpty());
        setLegendVisible(m_actual[r], true);
        setLegendVisible(m_drop[r], !compare && !drop.isEmpty());
        setLegendVisible(m_updates[r], !compare && !updates.isEmpty());
        allEmergent = allEmergent && snap.emergentSparsity;
        m_target[r]->replace(thinPoints(target, budget));
        m_actual[r]->replace(thinPoints(actual, budget));
        m_drop[r]->replace(thinPoints(drop, budget));
        // More dots than pixels would merge anyway; thinning only bites for a tiny ΔT.
        m_updates[r]->replace(thinPoints(updates, budget));
    }
    m_alpha->setVisible(maxAlpha > 0);
    // Without any target the chart is no schedule: it says so instead of showing a plan.
    chart()->setTitle(allEmergent ? tr("Emergent sparsity (no target: l1 / l0 regularization)")
                                  : tr("Sparsity schedule"));
    m_sparsity->setTitleText(tr("sparsity (%)"));
    showLegend(n > 0,
               compare && !allEmergent ? tr("solid: actual sparsity · dashed: target") : QString());
    setRoundTicks(m_x, maxStep);
    m_sparsity->setRange(0, 100);
    m_sparsity->setTickCount(6);
    setRoundTicks(m_alpha, maxAlpha > 0 ? std::min(1.0, maxAlpha * 1.15) : 1.0);
    setChangeMarkers(markerChanges(runs), m_x, m_sparsity);
}

}  // namespace sl::ui
