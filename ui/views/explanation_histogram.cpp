#include "views/explanation_histogram.h"

#include "views/histogram_bins.h"

#include <QLocale>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace sl::ui {
namespace {

constexpr int kPad = 6;
constexpr int kSwatch = 12;

QString tickText(double value) { return QString::number(value, 'g', 3); }

}  // namespace

ExplanationHistogram::ExplanationHistogram(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    rebin();
}

void ExplanationHistogram::setTitle(const QString& title) {
    m_title = title;
    update();
}

void ExplanationHistogram::setAxisTitle(const QString& title) {
    m_axisTitle = title;
    update();
}

void ExplanationHistogram::setData(Series background, Series highlight, float cutoff,
                                   const QString& cutoffLabel, LabelSide side) {
    m_background = std::move(background);
    m_highlight = std::move(highlight);
    m_cutoff = cutoff;
    m_cutoffLabel = cutoffLabel;
    m_side = side;
    m_message.clear();
    rebin();
    update();
}

void ExplanationHistogram::setMessage(const QString& message) {
    m_message = message;
    m_background = {};
    m_highlight = {};
    rebin();
    update();
}

namespace {

// Counts with `split` on a bin edge: values on the left of it binned over [lo, split], the
// rest over [split, hi]. Deciding the side by comparison, not by bin arithmetic, keeps every
// weight on the correct side of the cut-off line (no bar mixes moved and unmoved weights).
std::vector<int> splitCounts(const std::vector<float>& values, float lo, float split, float hi,
                             int leftBins, int rightBins, bool tiesLeft) {
    std::vector<float> left;
    std::vector<float> right;
    for (const float v : values) {
        if (std::isnan(v)) continue;
        ((tiesLeft ? v <= split : v < split) ? left : right).push_back(v);
    }
    std::vector<int> counts = binCounts(left, lo, split, leftBins);
    const std::vector<int> rightCounts = binCounts(right, split, hi, rightBins);
    counts.insert(counts.end(), rightCounts.begin(), rightCounts.end());
    return counts;
}

}  // namespace

void ExplanationHistogram::rebin() {
    ++m_binnings;
    // One range for both series (and the cut-off), so stacked bars line up.
    float lo = 0.0f;
    float hi = std::isnan(m_cutoff) ? 0.0f : m_cutoff;
    lo = std::min(lo, hi);
    for (const auto* series : {&m_background, &m_highlight})
        for (const float v : series->values) {
            if (std::isnan(v)) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (!(hi > lo)) hi = lo + 1.0f;
    m_lo = lo;
    m_hi = hi;
    m_bins = kBins;
    m_splitBin = -1;
    if (!std::isnan(m_cutoff) && m_cutoff > lo && m_cutoff < hi) {
        // Bins as close to kBins as possible with the cut-off exactly on an edge; the range
        // grows by less than a bin on the right to fit a whole number of them.
        const double width = (static_cast<double>(hi) - lo) / kBins;
        const int leftBins = std::max(1, static_cast<int>(std::lround((m_cutoff - lo) / width)));
        const double aligned = (static_cast<double>(m_cutoff) - lo) / leftBins;
        const int rightBins =
            std::max(1, static_cast<int>(std::ceil((hi - m_cutoff) / aligned - 1e-6)));
        if (leftBins + rightBins <= 2 * kBins) {
            m_bins = leftBins + rightBins;
            m_splitBin = leftBins;
            m_hi = static_cast<float>(m_cutoff + rightBins * aligned);
        }
    }
    auto count = [&](const std::vector<float>& values) {
        if (m_splitBin < 0) return binCounts(values, m_lo, m_hi, m_bins);
        return splitCounts(values, m_lo, m_cutoff, m_hi, m_splitBin, m_bins - m_splitBin,
                           m_side == LabelSide::Left);
    };
    m_backgroundCounts = count(m_background.values);
    m_highlightCounts = count(m_highlight.values);
}

int ExplanationHistogram::drawHeader(QPainter& painter) {
    const QFontMetrics fm = fontMetrics();
    int y = kPad;
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRect(kPad, y, width() - 2 * kPad, fm.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, m_title);
    painter.setFont(font());
    y += fm.height() + 4;
    if (!m_message.isEmpty()) return y;

    int x = kPad;
    for (const Series* series : {&m_background, &m_highlight}) {
        const long long shown = static_cast<long long>(series->values.size());
        const QString text = series->total > shown
                                 ? tr("%1 (%2, %3 sampled)")
                                       .arg(series->name, QLocale().toString(series->total),
                                            QLocale().toString(shown))
                                 : tr("%1 (%2)").arg(series->name).arg(shown);
        painter.fillRect(x, y + (fm.height() - kSwatch) / 2, kSwatch, kSwatch, series->color);
        painter.drawText(QRect(x + kSwatch + 4, y, width(), fm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, text);
        x += kSwatch + 4 + fm.horizontalAdvance(text) + 16;
    }
    return y + fm.height() + 4;
}

void ExplanationHistogram::drawMessage(QPainter& painter, const QRect& area) {
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(area.adjusted(kPad, kPad, -kPad, -kPad), Qt::AlignCenter | Qt::TextWordWrap,
                     m_message);
}

void ExplanationHistogram::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    const int top = drawHeader(painter);
    if (!m_message.isEmpty()) {
        drawMessage(painter, QRect(0, top, width(), height() - top));
        return;
    }
    const QFontMetrics fm = fontMetrics();

    int tallest = 1;
    for (int i = 0; i < m_bins; ++i)
        tallest = std::max(tallest, m_backgroundCounts[i] + m_highlightCounts[i]);
    int smallest = tallest;
    for (int i = 0; i < m_bins; ++i)
        for (int c : {m_backgroundCounts[i], m_highlightCounts[i]})
            if (c > 0) smallest = std::min(smallest, c);
    // Counts that differ by orders of magnitude (3,450 grown among 213,000 inactive) would
    // leave the few invisible on a linear axis: then the axis is logarithmic.
    const bool logScale = tallest >= 50 * smallest && tallest >= 100;
    std::vector<double> yTicks;
    if (logScale) {
        for (double t = 1.0; t < tallest * 10.0; t *= 10.0) yTicks.push_back(t);
    } else {
        yTicks = niceTicks(0.0, tallest, 5);
        const double yStep = std::max(1.0, niceStep(tallest, 4));
        yTicks.erase(std::remove_if(yTicks.begin(), yTicks.end(),
                                    [](double t) { return t != std::floor(t); }),
                     yTicks.end());
        if (yTicks.empty()) yTicks.push_back(0.0);  // 0 is always a tick; GCC cannot tell
        while (yTicks.back() < tallest) yTicks.push_back(yTicks.back() + yStep);
    }
    // Both branches leave at least one tick; the test keeps GCC's -Wnull-dereference quiet.
    const double yTop = yTicks.empty() ? 1.0 : yTicks.back();

    int labelWidth = 0;
    for (const double t : yTicks)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(tickText(t)));
    // Room on the left for the rotated "weights" and the counts, below for values and title.
    const int plotLeft = kPad + fm.height() + labelWidth + 6;
    const int plotTop = top + 4;
    const int plotBottom = height() - kPad - 2 * fm.height() - 6;
    const QRect area(plotLeft, plotTop, width() - kPad - 6 - plotLeft, plotBottom - plotTop);
    if (area.width() < 40 || area.height() < 30) return;

    auto xOf = [&](double v) { return area.left() + (v - m_lo) / (m_hi - m_lo) * area.width(); };
    auto scaled = [&](double c) {
        return logScale ? std::log10(1.0 + c) / std::log10(1.0 + yTop) : c / yTop;
    };
    auto yOf = [&](double c) { return area.bottom() - scaled(c) * area.height(); };
    const QColor text = palette().color(QPalette::WindowText);
    QColor grid = text;
    grid.setAlpha(40);

    // Horizontal grid and count labels.
    for (const double t : yTicks) {
        const double y = yOf(t);
        painter.setPen(grid);
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        painter.setPen(text);
        painter.drawText(
            QRectF(area.left() - labelWidth - 6, y - fm.height() / 2.0, labelWidth, fm.height()),
            Qt::AlignRight | Qt::AlignVCenter, tickText(t));
    }
    painter.save();
    painter.translate(kPad, area.center().y());
    painter.rotate(-90);
    painter.drawText(QRect(-area.height() / 2, 0, area.height(), fm.height()), Qt::AlignCenter,
                     logScale ? tr("weights (log scale)") : tr("weights"));
    painter.restore();

    // Stacked bars: the moved weights at the bottom, where the eye compares them with the line.
    const double barWidth = static_cast<double>(area.width()) / m_bins;
    for (int i = 0; i < m_bins; ++i) {
        const double x = area.left() + i * barWidth;
        double below = 0.0;  // count stacked under this part of the bar
        double base = area.bottom();
        for (const auto& [count, color] : {std::pair{m_highlightCounts[i], m_highlight.color},
                                           std::pair{m_backgroundCounts[i], m_background.color}}) {
            if (count == 0) continue;
            below += count;
            // Never thinner than 2 pixels, so a lone weight in a bin stays visible.
            const double barTop = std::min(base - 2.0, yOf(below));
            painter.fillRect(QRectF(x + 0.5, barTop, std::max(1.0, barWidth - 1.0), base - barTop),
                             color);
            base = barTop;
        }
    }
    painter.setPen(text);
    painter.drawLine(area.bottomLeft(), area.bottomRight());
    painter.drawLine(area.bottomLeft(), area.topLeft());

    // Value ticks, as many as fit without the labels touching.
    const int sample = fm.horizontalAdvance(QStringLiteral("-0.000")) + 12;
    const int maxTicks = std::max(2, area.width() / sample);
    for (const double t : niceTicks(m_lo, m_hi, maxTicks)) {
        const double x = xOf(t);
        painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4));
        painter.drawText(QRectF(x - sample / 2.0, area.bottom() + 4, sample, fm.height()),
                         Qt::AlignHCenter | Qt::AlignTop, tickText(t));
    }
    painter.drawText(QRect(area.left(), area.bottom() + 4 + fm.height(), area.width(), fm.height()),
                     Qt::AlignCenter, m_axisTitle);

    if (std::isnan(m_cutoff)) return;
    const double x = xOf(m_cutoff);
    painter.setPen(QPen(text, 1.5, Qt::DashLine));
    painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    const QString label = tr("%1 %2").arg(m_cutoffLabel, tickText(m_cutoff));
    const int w = fm.horizontalAdvance(label) + 8;
    // On the side of the moved weights, unless the label would leave the plot there.
    bool left = m_side == LabelSide::Left;
    if (left && x - w < area.left()) left = false;
    if (!left && x + w > area.right()) left = x - w >= area.left();
    const QRectF box(left ? x - w - 3 : x + 3, area.top() + 2, w, fm.height() + 2);
    QColor back = palette().color(QPalette::Window);
    back.setAlpha(220);
    painter.fillRect(box, back);
    painter.setPen(text);
    painter.drawText(box, Qt::AlignCenter, label);
}

}  // namespace sl::ui
