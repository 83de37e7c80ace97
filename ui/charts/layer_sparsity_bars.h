#pragma once

#include "charts/chart_widget.h"

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

namespace sl::ui {

// Horizontal bars of each layer's sparsity (first layer on top), with the method's current
// target for the layer as a dark marker on the bar: where the bar stops short of the marker
// the layer is still being pruned towards its target.
class LayerSparsityBars : public ChartWidget {
    Q_OBJECT
public:
    explicit LayerSparsityBars(QWidget* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);

    QBarSet* sparsitySet() const { return m_set; }
    QScatterSeries* targetSeries() const { return m_targets; }
    QStringList categories() const { return m_categories->categories(); }

    QSize minimumSizeHint() const override { return {260, 180}; }

protected:
    void redraw() override;
    void retranslate() override;
    void applyDisplayScale() override;

private:
    SnapshotPtr m_snapshot;
    QHorizontalBarSeries* m_bars = nullptr;
    QBarSet* m_set = nullptr;
    QScatterSeries* m_targets = nullptr;
    QBarCategoryAxis* m_categories = nullptr;
    QValueAxis* m_value = nullptr;
};

}  // namespace sl::ui
