#include "views/heatmap_legend.h"

#include "views/palette.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>
#include <algorithm>

namespace sl::ui {
namespace {

constexpr int kSwatch = 14;
constexpr int kRampWidth = 90;
constexpr int kGap = 6;      // swatch to text
constexpr int kSpacing = 18; // item to item
constexpr int kPad = 4;

} // namespace

HeatmapLegend::HeatmapLegend(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    retranslate();
}

void HeatmapLegend::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() != QEvent::LanguageChange) return;
    retranslate();
    updateGeometry();  // the items' texts, and so the rows, change length
    update();
}

void HeatmapLegend::retranslate() {
    setToolTip(tr("Colour key. Active weights are shaded by magnitude; a weight grown or pruned "
                  "at the last mask update is coloured, and the colour fades over the next "
                  "updates."));
}

void HeatmapLegend::setMaxMagnitude(float value) {
    if (value == m_maxMagnitude) return;
    m_maxMagnitude = value;
    updateGeometry();
    update();
}

void HeatmapLegend::setDensity(double maxFraction) {
    if (maxFraction == m_densityMax) return;
    m_densityMax = maxFraction;
    updateGeometry();
    update();
}

std::vector<HeatmapLegend::Item> HeatmapLegend::items() const {
    if (m_densityMax >= 0.0)
        return {{tr("block: fewer → more active (densest %1%)")
                     .arg(QLocale().toString(m_densityMax * 100.0, 'g', 3)),
                 true, 0},
                {tr("empty block"), false, palette::kEmpty},
                {tr("weights grown in block"), false, palette::kGrown},
                {tr("weights pruned in block"), false, palette::kPruned}};
    const QString ramp = m_maxMagnitude > 0.0f
                             ? tr("active: small → large |w| (max %1)")
                                   .arg(QLocale().toString(m_maxMagnitude, 'g', 3))
                             : tr("active: small → large |w|");
    return {{ramp, true, 0},
            {tr("pruned"), false, palette::kEmpty},
            {tr("just grown"), false, palette::kGrown},
            {tr("just pruned"), false, palette::kPruned}};
}

int HeatmapLegend::itemWidth(const Item& item) const {
    return (item.ramp ? kRampWidth : kSwatch) + kGap + fontMetrics().horizontalAdvance(item.text);
}

int HeatmapLegend::layout(int width, std::vector<QPoint>* places) const {
    int x = kPad;
    int row = 0;
    for (const Item& item : items()) {
        const int w = itemWidth(item);
        if (x > kPad && x + w > width - kPad) {
            x = kPad;
            ++row;
        }
        if (places) places->push_back({x, row});
        x += w + kSpacing;
    }
    return row + 1;
}

int HeatmapLegend::heightForWidth(int width) const {
    const int line = std::max(kSwatch, fontMetrics().height()) + kPad;
    return layout(width, nullptr) * line + kPad;
}

QSize HeatmapLegend::sizeHint() const {
    int total = kPad;
    for (const Item& item : items())
        total += itemWidth(item) + kSpacing;
    return {total, heightForWidth(total)};
}

QSize HeatmapLegend::minimumSizeHint() const {
    int widest = 0;
    for (const Item& item : items())
        widest = std::max(widest, itemWidth(item));
    return {widest + 2 * kPad, heightForWidth(widest + 2 * kPad)};
}

void HeatmapLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const int line = std::max(kSwatch, fontMetrics().height()) + kPad;
    std::vector<QPoint> places;
    layout(width(), &places);
    const std::vector<Item> all = items();
    painter.setPen(palette().color(QPalette::WindowText));
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Item& item = all[i];
        const int top = kPad + places[i].y() * line;
        const int x = places[i].x();
        const int swatchTop = top + (line - kPad - kSwatch) / 2;
        const int swatchWidth = item.ramp ? kRampWidth : kSwatch;
        if (item.ramp) {
            // Drawn with the heatmap's own colour function (linear in |w|), so the key cannot
            // drift.
            for (int k = 0; k < kRampWidth; ++k) {
                const float t = static_cast<float>(k) / (kRampWidth - 1);
                painter.fillRect(x + k, swatchTop, 1, kSwatch,
                                 QColor(palette::weightColor(true, t, 0, 0)));
            }
        } else {
            painter.fillRect(x, swatchTop, kSwatch, kSwatch, QColor(item.color));
        }
        painter.setPen(QColor(128, 128, 128));
        painter.drawRect(x, swatchTop, swatchWidth - 1, kSwatch - 1);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(x + swatchWidth + kGap, top, width(), line - kPad),
                         Qt::AlignLeft | Qt::AlignVCenter, item.text);
    }
}

} // namespace sl::ui
