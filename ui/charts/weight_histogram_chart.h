#pragma once

#include "charts/chart_widget.h"
#include "controller/snapshot.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>

class QCheckBox;

namespace sl::ui {

// The |w| histogram of one layer: active weights and pruned weights as two overlaid, half
// transparent step areas, and the pruning line (thresholdLine) as a labelled vertical line. For
// movement methods the magnitudes are latent scores, and the title says so. A log-count switch
// keeps the few active weights visible when the pruned ones (often all exactly zero) tower over
// them; it starts on.
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

    // The vertical line and what the legend says about it. After a mask update with a drop
    // cut-off, the line is that cut-off (the largest |w| the update dropped); before one, or
    // for a method without one, the smallest active |w|. When the smallest active |w| is
    // within the first bin (drop-and-grow: grown weights start at 0), the note says its value
    // and why it is near 0.
    struct Line {
        double x = 0.0;
        QString label;
        QString note;
    };
    static Line thresholdLine(const LayerSnapshot& layer);

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
