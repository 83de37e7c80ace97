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
constexpr int kGap = 6;       // swatch to text
constexpr int kSpacing = 18;  // item to item
constexpr int kPad = 4;

}  // namespace

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

int HeatmapLegend::layout(int width, std::vector<Place>* places) const {
    const int line = std::max(kSwatch, fontMetrics().height()) + kPad;
    const int right = std::max(width - kPad, kPad + 1);
    int x = kPad, top = kPad, rowHeight = line;
    for (const Item& item : items()) {
        const int swatch = item.ramp ? kRampWidth : kSwatch;
        if (x > kPad && x + itemWidth(item) > right) {  // the next line
            x = kPad;
            top += rowHeight;
            rowHeight = line;
        }
        // Alone on a line and still too wide: the text wraps beside its swatch.
        const int textLeft = x + swatch + kGap;
        const int textWidth = std::max(right - textLeft, fontMetrics().averageCharWidth() * 4);
        const QRect wrapped =
            fontMetrics().boundingRect(QRect(0, 0, textWidth, 100000), Qt::TextWordWrap, item.text);
        const int height = std::max(line, wrapped.height() + kPad);
        if (places) places->push_back({{x, top}, QRect(textLeft, top, textWidth, height - kPad)});
        rowHeight = std::max(rowHeight, height);
        x += std::min(itemWidth(item), right - x) + kSpacing;
    }
    return top + rowHeight;
}

std::vector<QRect> HeatmapLegend::textBoxes() const {
    std::vector<Place> places;
    layout(width(), &places);
    const std::vector<Item> all = items();
    std::vector<QRect> boxes;
    for (std::size_t i = 0; i < all.size(); ++i)
        boxes.push_back(fontMetrics().boundingRect(
            places[i].text, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, all[i].text));
    return boxes;
}

int HeatmapLegend::heightForWidth(int width) const { return layout(width, nullptr) + kPad; }

QSize HeatmapLegend::sizeHint() const {
    int total = kPad;
    for (const Item& item : items()) total += itemWidth(item) + kSpacing;
    return {total, heightForWidth(total)};
}

QSize HeatmapLegend::minimumSizeHint() const {
    // The ramp and a few words beside it: longer texts wrap rather than widen the view.
    const int narrow = 2 * kPad + kRampWidth + kGap +
                       fontMetrics().horizontalAdvance(QStringLiteral("active: small →"));
    return {narrow, heightForWidth(narrow)};
}

void HeatmapLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const int line = std::max(kSwatch, fontMetrics().height()) + kPad;
    std::vector<Place> places;
    layout(width(), &places);
    const std::vector<Item> all = items();
    painter.setPen(palette().color(QPalette::WindowText));
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Item& item = all[i];
        const int top = places[i].topLeft.y();
        const int x = places[i].topLeft.x();
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
        // One line is centred on the swatch; wrapped lines start at its top.
        const QRect& box = places[i].text;
        const bool oneLine = box.height() <= line - kPad;
        painter.drawText(oneLine ? QRect(box.left(), top, box.width(), line - kPad) : box,
                         Qt::AlignLeft | (oneLine ? Qt::AlignVCenter : Qt::AlignTop) |
                             Qt::TextWordWrap,
                         item.text);
    }
}

}  // namespace sl::ui
