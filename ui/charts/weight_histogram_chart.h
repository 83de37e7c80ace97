#pragma once

#include "charts/chart_widget.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>

class QCheckBox;

namespace sl::ui {

// The |w| histogram of one layer: active weights and pruned weights as two overlaid, half
// transparent step areas, and the current pruning threshold (the smallest active |w|) as a
// labelled vertical line. For movement methods the magnitudes are latent scores, and the
// title says so. A log-count switch keeps the few active weights visible when the pruned
// ones (often all exactly zero) tower over them; it starts on.
class WeightHistogramChart : public ChartWidget {
    Q_OBJECT
public:
    explicit WeightHistogramChart(QWidget* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);
    void setLayer(int layer);
    int layer() const { return m_layer; }
    void setLogScale(bool on);
    bool logScale() const { return m_logScale; }

    // The step outline of a histogram over [0, max]: two points per bin, at its edges.
    static QList<QPointF> stepOutline(const std::vector<int>& counts, double max, double floor);

    QLineSeries* activeOutline() const { return m_activeUpper; }
    QLineSeries* prunedOutline() const { return m_prunedUpper; }

protected:
    void redraw() override;
    void retranslate() override;
    void applyDisplayScale() override;

private:
    QAbstractAxis* countAxis() const;

    SnapshotPtr m_snapshot;
    int m_layer = 0;
    bool m_logScale = true;  // rigl, set and magnitude methods zero pruned weights: one tall bin
    QCheckBox* m_logBox = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_linear = nullptr;
    QLogValueAxis* m_log = nullptr;
    QLineSeries* m_activeUpper = nullptr;
    QLineSeries* m_activeLower = nullptr;
    QLineSeries* m_prunedUpper = nullptr;
    QLineSeries* m_prunedLower = nullptr;
    QAreaSeries* m_active = nullptr;
    QAreaSeries* m_pruned = nullptr;
};

}  // namespace sl::ui
