#pragma once

#include "charts/chart_widget.h"

#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

namespace sl::ui {

// The sparsity schedule: the planned target over the whole run (dashed), the sparsity reached
// so far (solid) with a dot at every mask update, and, for drop-and-grow methods (rigl, set),
// the drop fraction α_t on the right axis. Methods without a schedule show what they have.
// Live parameter changes are dashed vertical markers. Regularizers (l1, l0,
// RunSnapshot::emergentSparsity) have no target: the chart then shows the measured sparsity as
// "emergent sparsity", with a dot where the mask was refreshed, and no target curve.
class ScheduleChart : public ChartWidget {
    Q_OBJECT
public:
    explicit ScheduleChart(QWidget* parent = nullptr);

    void setRuns(const RunList& runs);

    // Linear interpolation of the actual sparsity (in %) at step, from the history.
    static double sparsityAt(const MetricSeries& history, long long step);

    const std::vector<QLineSeries*>& targetSeries() const { return m_target; }
    const std::vector<QLineSeries*>& actualSeries() const { return m_actual; }
    const std::vector<QLineSeries*>& dropFractionSeries() const { return m_drop; }
    const std::vector<QScatterSeries*>& updateSeries() const { return m_updates; }

protected:
    void redraw() override;
    void retranslate() override;

private:
    RunList m_runs;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_sparsity = nullptr;
    QValueAxis* m_alpha = nullptr;
    std::vector<QLineSeries*> m_target;
    std::vector<QLineSeries*> m_actual;
    std::vector<QLineSeries*> m_drop;
    std::vector<QScatterSeries*> m_updates;
};

}  // namespace sl::ui
