#pragma once

#include "views/sweep_plot.h"

#include <QWidget>

class QPainter;

namespace sl::ui {

// The Sweep view: a sweep's validation accuracy against the swept value, mean ± std over the
// seeds as error bars (one key), or as a coloured grid of cells (two keys), the best point
// marked, the verdict underneath. Clicking a point emits pointClicked(point) so the window can
// select its run. Painting takes any rectangle, so `sparselab --report` draws the same picture
// into a PNG or SVG with no window shown.
class SweepView : public QWidget {
    Q_OBJECT
public:
    explicit SweepView(QWidget* parent = nullptr);

    void setPlot(SweepPlot plot);
    const SweepPlot& plot() const { return m_plot; }

    // Draws the plot into `area` of any paint device.
    void paint(QPainter& painter, const QRectF& area) const;
    // Where plot().points[i]'s marker (line) or cell centre (grid) is drawn in `area`.
    QPointF markerCenter(std::size_t i, const QRectF& area) const;
    QPointF markerCenter(std::size_t i) const { return markerCenter(i, rect()); }
    // The table's point index under `pos`, or -1.
    int pointAt(const QPointF& pos, const QRectF& area) const;

    QSize sizeHint() const override { return {640, 420}; }

signals:
    void pointClicked(int point);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRectF plotArea(const QRectF& area) const;
    double xPosition(double x, const QRectF& plotRect) const;
    double yPosition(double percent, const QRectF& plotRect) const;
    QRectF cellRect(int column, int row, const QRectF& plotRect) const;
    void paintLine(QPainter& painter, const QRectF& plotRect) const;
    void paintGrid(QPainter& painter, const QRectF& plotRect) const;
    void yRange(double& lo, double& hi) const;

    SweepPlot m_plot;
};

}  // namespace sl::ui
