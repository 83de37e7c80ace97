#include "views/sweep_view.h"

#include "views/palette.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace sl::ui {
namespace {

constexpr double kMarker = 5.0;  // marker radius, px

// Cell colour from light (lowest mean) to dark blue (highest): the eye reads dark as more.
QColor cellColor(double t) {
    t = std::clamp(t, 0.0, 1.0);
    const QColor lo(222, 235, 247), hi(8, 48, 107);
    return QColor::fromRgbF(float(lo.redF() + t * (hi.redF() - lo.redF())),
                            float(lo.greenF() + t * (hi.greenF() - lo.greenF())),
                            float(lo.blueF() + t * (hi.blueF() - lo.blueF())));
}

}  // namespace

SweepView::SweepView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(280, 200);
    setMouseTracking(false);
}

void SweepView::setPlot(SweepPlot plot) {
    m_plot = std::move(plot);
    update();
}

QRectF SweepView::plotArea(const QRectF& area) const {
    const double right = m_plot.mode == SweepPlot::Mode::Grid ? 90.0 : 24.0;
    return area.adjusted(78.0, 44.0, -right, -96.0);
}

void SweepView::yRange(double& lo, double& hi) const {
    lo = INFINITY;
    hi = -INFINITY;
    for (const auto& p : m_plot.points) {
        lo = std::min(lo, p.low);
        hi = std::max(hi, p.high);
    }
    const double pad = std::max(0.05, 0.12 * (hi - lo));
    lo -= pad;
    hi += pad;
}

double SweepView::xPosition(double x, const QRectF& r) const {
    const int n = static_cast<int>(m_plot.xLabels.size());
    if (!m_plot.numericX) return r.left() + r.width() * (x + 0.5) / std::max(1, n);
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& p : m_plot.points) {
        lo = std::min(lo, p.x);
        hi = std::max(hi, p.x);
    }
    auto f = [this](double v) { return m_plot.logX ? std::log10(v) : v; };
    const double span = f(hi) - f(lo);
    if (!(span > 0)) return r.center().x();
    // A margin of 6 % each side keeps the end markers off the axes.
    return r.left() + r.width() * (0.06 + 0.88 * (f(x) - f(lo)) / span);
}

double SweepView::yPosition(double percent, const QRectF& r) const {
    double lo, hi;
    yRange(lo, hi);
    return r.bottom() - r.height() * (percent - lo) / (hi - lo);
}

QRectF SweepView::cellRect(int column, int row, const QRectF& r) const {
    const double w = r.width() / std::max<qsizetype>(1, m_plot.xLabels.size());
    const double h = r.height() / std::max<qsizetype>(1, m_plot.yLabels.size());
    // Row 0 at the bottom, as a y axis reads.
    return QRectF(r.left() + column * w, r.bottom() - (row + 1) * h, w, h);
}

QPointF SweepView::markerCenter(std::size_t i, const QRectF& area) const {
    if (i >= m_plot.points.size()) return {};
    const QRectF r = plotArea(area);
    const auto& p = m_plot.points[i];
    if (m_plot.mode == SweepPlot::Mode::Grid) return cellRect(p.column, p.row, r).center();
    return {xPosition(p.x, r), yPosition(p.mean, r)};
}

int SweepView::pointAt(const QPointF& pos, const QRectF& area) const {
    const QRectF r = plotArea(area);
    for (std::size_t i = 0; i < m_plot.points.size(); ++i) {
        const auto& p = m_plot.points[i];
        if (m_plot.mode == SweepPlot::Mode::Grid) {
            if (cellRect(p.column, p.row, r).contains(pos)) return p.point;
        } else if (QLineF(pos, markerCenter(i, area)).length() <= kMarker + 4.0) {
            return p.point;
        }
    }
    return -1;
}

void SweepView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    paint(painter, rect());
}

void SweepView::mousePressEvent(QMouseEvent* event) {
    const int point = pointAt(event->position(), rect());
    if (point >= 0) emit pointClicked(point);
    QWidget::mousePressEvent(event);
}

void SweepView::paint(QPainter& painter, const QRectF& area) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(area, Qt::white);
    painter.setPen(Qt::black);
    if (m_plot.mode == SweepPlot::Mode::Empty) {
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                         m_plot.verdict.isEmpty()
                             ? tr("No sweep open. File ▸ Open sweep… reads a folder written by "
                                  "sparselab-cli sweep --out-dir.")
                             : m_plot.verdict);
        painter.restore();
        return;
    }
    QFont titleFont = painter.font();
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.drawText(QRectF(area.left(), area.top() + 8, area.width(), 24), Qt::AlignHCenter,
                     m_plot.title);
    painter.setFont(QFont());
    const QRectF r = plotArea(area);
    if (m_plot.mode == SweepPlot::Mode::Grid) paintGrid(painter, r);
    else paintLine(painter, r);
    painter.setPen(QColor(60, 60, 60));
    painter.drawText(QRectF(area.left() + 12, r.bottom() + 44, area.width() - 24,
                            area.bottom() - r.bottom() - 46),
                     Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_plot.verdict);
    painter.restore();
}

void SweepView::paintLine(QPainter& painter, const QRectF& r) const {
    double lo, hi;
    yRange(lo, hi);
    // Axes and y ticks every round step.
    painter.setPen(QColor(120, 120, 120));
    painter.drawLine(r.bottomLeft(), r.bottomRight());
    painter.drawLine(r.bottomLeft(), r.topLeft());
    const double raw = (hi - lo) / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double ratio = raw / magnitude;  // in [1, 10)
    const double step = (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 5 ? 5 : 10) * magnitude;
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step))));
    for (double v = std::ceil(lo / step) * step; v <= hi; v += step) {
        const double y = yPosition(v, r);
        painter.setPen(QColor(232, 232, 232));
        painter.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
        painter.setPen(QColor(60, 60, 60));
        painter.drawText(QRectF(r.left() - 74, y - 9, 68, 18), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(v, 'f', decimals));
    }
    painter.save();
    painter.translate(r.left() - 62, r.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-120, -10, 240, 20), Qt::AlignCenter, tr("validation accuracy, %"));
    painter.restore();
    // x ticks at every swept value.
    for (int c = 0; c < m_plot.xLabels.size(); ++c) {
        const double x = xPosition(m_plot.numericX ? m_plot.xLabels[c].toDouble() : c, r);
        painter.drawLine(QPointF(x, r.bottom()), QPointF(x, r.bottom() + 4));
        painter.drawText(QRectF(x - 40, r.bottom() + 6, 80, 18), Qt::AlignHCenter | Qt::AlignTop,
                         m_plot.xLabels[c]);
    }
    painter.drawText(QRectF(r.left(), r.bottom() + 22, r.width(), 18), Qt::AlignHCenter,
                     m_plot.xKey + (m_plot.logX ? tr(" (log scale)") : QString()));

    // A line through the means in x order, when x is a number.
    std::vector<std::size_t> order(m_plot.points.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
        return m_plot.points[a].x < m_plot.points[b].x;
    });
    const QColor accent(palette::kAccent);
    if (m_plot.numericX && order.size() > 1) {
        QPainterPath path;
        for (std::size_t k = 0; k < order.size(); ++k) {
            const auto& p = m_plot.points[order[k]];
            const QPointF c(xPosition(p.x, r), yPosition(p.mean, r));
            if (k == 0) path.moveTo(c);
            else path.lineTo(c);
        }
        painter.setPen(QPen(accent.lighter(150), 1.5));
        painter.drawPath(path);
    }
    for (std::size_t i = 0; i < m_plot.points.size(); ++i) {
        const auto& p = m_plot.points[i];
        const double x = xPosition(p.x, r);
        const double yLow = yPosition(p.low, r), yHigh = yPosition(p.high, r);
        painter.setPen(QPen(accent, 1.5));
        painter.drawLine(QPointF(x, yLow), QPointF(x, yHigh));
        painter.drawLine(QPointF(x - 5, yLow), QPointF(x + 5, yLow));
        painter.drawLine(QPointF(x - 5, yHigh), QPointF(x + 5, yHigh));
        const QPointF c(x, yPosition(p.mean, r));
        painter.setBrush(accent);
        painter.setPen(Qt::white);
        painter.drawEllipse(c, kMarker, kMarker);
        if (p.best) {
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(QColor(palette::kSecond), 2.5));
            painter.drawEllipse(c, kMarker + 5, kMarker + 5);
            painter.drawText(QRectF(c.x() + 10, c.y() - 22, 60, 16), Qt::AlignLeft, tr("best"));
        }
    }
}

void SweepView::paintGrid(QPainter& painter, const QRectF& r) const {
    const double span = m_plot.maxMean - m_plot.minMean;
    QFont small = painter.font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() - 1));
    for (const auto& p : m_plot.points) {
        const QRectF cell = cellRect(p.column, p.row, r).adjusted(1, 1, -1, -1);
        const double t = span > 0 ? (p.mean - m_plot.minMean) / span : 1.0;
        painter.fillRect(cell, cellColor(t));
        painter.setPen(t > 0.55 ? Qt::white : Qt::black);
        painter.setFont(small);
        painter.drawText(cell, Qt::AlignCenter,
                         QString("%1\n± %2").arg(p.mean, 0, 'f', 2).arg(p.std, 0, 'f', 2));
        if (p.best) {
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(QColor(palette::kSecond), 4));
            painter.drawRect(cell.adjusted(2, 2, -2, -2));
        }
    }
    painter.setFont(QFont());
    painter.setPen(QColor(60, 60, 60));
    for (int c = 0; c < m_plot.xLabels.size(); ++c) {
        const QRectF cell = cellRect(c, 0, r);
        painter.drawText(QRectF(cell.left(), r.bottom() + 6, cell.width(), 18), Qt::AlignHCenter,
                         m_plot.xLabels[c]);
    }
    for (int row = 0; row < m_plot.yLabels.size(); ++row) {
        const QRectF cell = cellRect(0, row, r);
        painter.drawText(QRectF(r.left() - 74, cell.top(), 68, cell.height()),
                         Qt::AlignRight | Qt::AlignVCenter, m_plot.yLabels[row]);
    }
    painter.drawText(QRectF(r.left(), r.bottom() + 22, r.width(), 18), Qt::AlignHCenter,
                     m_plot.xKey);
    painter.save();
    painter.translate(r.left() - 62, r.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-120, -10, 240, 20), Qt::AlignCenter, m_plot.yKey);
    painter.restore();
    // The colour scale, lowest at the bottom.
    const QRectF bar(r.right() + 16, r.top(), 14, r.height());
    for (int i = 0; i < 64; ++i) {
        const double t0 = i / 64.0;
        painter.fillRect(QRectF(bar.left(), bar.bottom() - (i + 1) * bar.height() / 64, bar.width(),
                                bar.height() / 64 + 0.5),
                         cellColor(t0));
    }
    painter.drawText(QRectF(bar.right() + 4, bar.top() - 8, 60, 16), Qt::AlignLeft,
                     QString::number(m_plot.maxMean, 'f', 2));
    painter.drawText(QRectF(bar.right() + 4, bar.bottom() - 8, 60, 16), Qt::AlignLeft,
                     QString::number(m_plot.minMean, 'f', 2));
    painter.drawText(QRectF(bar.left() - 10, bar.bottom() + 6, 80, 16), Qt::AlignLeft,
                     tr("val. %"));
}

}  // namespace sl::ui
