#include "charts/weight_histogram_chart.h"

#include "sparsity/method_descriptor.h"
#include "views/palette.h"

#include <QCheckBox>
#include <QLocale>
#include <QtCharts/QLegend>
#include <algorithm>
#include <cmath>

namespace sl::ui {
namespace {

// On the log axis a bin of zero has no place; it is drawn a little under 1 instead.
constexpr double kLogFloor = 0.7;
constexpr double kAreaPenWidth = 1.2;  // at display scale 1

QAreaSeries* makeArea(QLineSeries* upper, QLineSeries* lower, QRgb rgb, const QString& name) {
    auto* area = new QAreaSeries(upper, lower);
    area->setName(name);
    QColor fill(rgb);
    fill.setAlpha(120);
    area->setBrush(fill);
    QPen pen(QColor(rgb).darker(115));
    pen.setWidthF(kAreaPenWidth);
    area->setPen(pen);
    return area;
}

}  // namespace

WeightHistogramChart::WeightHistogramChart(QWidget* parent) : ChartWidget(parent) {
    chart()->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);
    m_x = addValueAxis(QString(), Qt::AlignBottom);
    m_linear = addValueAxis(QString(), Qt::AlignLeft);
    m_linear->setLabelFormat(QStringLiteral("%.0f"));
    m_log = new QLogValueAxis;
    m_log->setTitleFont(chartFont(9));
    m_log->setLabelsFont(chartFont(9));
    m_log->setLabelFormat(QStringLiteral("%.0f"));
    m_log->setRange(kLogFloor, 10.0);
    m_log->setGridLineColor(QColor(225, 228, 232));
    m_log->setBase(10);
    // Whichever count axis is off the chart belongs to this widget.
    m_log->setParent(this);
    chart()->removeAxis(m_linear);
    m_linear->setParent(this);
    chart()->addAxis(countAxis(), Qt::AlignLeft);

    m_prunedUpper = new QLineSeries(this);
    m_prunedLower = new QLineSeries(this);
    m_activeUpper = new QLineSeries(this);
    m_activeLower = new QLineSeries(this);
    // Pruned first, so the active weights (what the threshold acts on) are drawn on top.
    m_pruned = makeArea(m_prunedUpper, m_prunedLower, palette::kPruned, QString());
    m_active = makeArea(m_activeUpper, m_activeLower, palette::kAccent, QString());
    for (QAreaSeries* area : {m_pruned, m_active}) {
        chart()->addSeries(area);
        area->attachAxis(m_x);
        area->attachAxis(countAxis());
    }

    m_logBox = new QCheckBox(this);
    m_logBox->setChecked(m_logScale);
    controlsLayout()->addWidget(m_logBox);
    controlsLayout()->addStretch(1);
    connect(m_logBox, &QCheckBox::toggled, this, &WeightHistogramChart::setLogScale);
    retranslate();
}

void WeightHistogramChart::applyDisplayScale() {
    for (QAreaSeries* area : {m_pruned, m_active}) {
        QPen pen = area->pen();
        pen.setWidthF(scaled(kAreaPenWidth));
        area->setPen(pen);
    }
    // The count axis that is off the chart now is scaled too, for when it comes back.
    scaleFonts(m_linear);
    scaleFonts(m_log);
}

void WeightHistogramChart::retranslate() {
    m_linear->setTitleText(tr("weights per bin"));
    m_log->setTitleText(tr("weights per bin (log)"));
    m_pruned->setName(tr("pruned"));
    m_active->setName(tr("active"));
    m_logBox->setText(tr("Log count"));
    m_logBox->setToolTip(tr("Use a logarithmic count axis. Pruned weights often sit in one tall "
                            "bin at zero; on a log axis the active weights stay visible beside "
                            "them."));
}

QAbstractAxis* WeightHistogramChart::countAxis() const {
    return m_logScale ? static_cast<QAbstractAxis*>(m_log) : m_linear;
}

void WeightHistogramChart::setSnapshot(const SnapshotPtr& snapshot) {
    m_snapshot = snapshot;
    redraw();
}

void WeightHistogramChart::setLayer(int layer) {
    m_layer = std::max(0, layer);
    redraw();
}

void WeightHistogramChart::setLogScale(bool on) {
    if (on == m_logScale) return;
    QAbstractAxis* old = countAxis();
    m_logScale = on;
    QAbstractAxis* now = countAxis();
    for (QAreaSeries* area : {m_pruned, m_active}) area->detachAxis(old);
    chart()->removeAxis(old);
    old->setParent(this);
    chart()->addAxis(now, Qt::AlignLeft);
    for (QAreaSeries* area : {m_pruned, m_active}) area->attachAxis(now);
    const QSignalBlocker block(m_logBox);
    m_logBox->setChecked(on);
    redraw();
}

QList<QPointF> WeightHistogramChart::stepOutline(const std::vector<int>& counts, double max,
                                                 double floor) {
    QList<QPointF> out;
    if (counts.empty() || !(max > 0)) return out;
    const double width = max / double(counts.size());
    out.reserve(qsizetype(2 * counts.size()));
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double y = std::max(double(counts[i]), floor);
        out << QPointF(double(i) * width, y) << QPointF(double(i + 1) * width, y);
    }
    return out;
}

void WeightHistogramChart::redraw() {
    const LayerSnapshot* layer = nullptr;
    if (m_snapshot && m_layer < int(m_snapshot->layers.size()))
        layer = &m_snapshot->layers[m_layer];
    const auto* method =
        m_snapshot ? sl::findSparsityMethod(m_snapshot->method.toStdString()) : nullptr;
    const bool latent = method && method->latentWeight;
    const QString quantity = latent ? tr("latent |w|") : tr("|w|");
    chart()->setTitle(layer ? tr("%1 of %2: active and pruned").arg(quantity, layer->name)
                            : tr("Weight magnitudes"));
    m_x->setTitleText(quantity);

    const double floor = m_logScale ? kLogFloor : 0.0;
    const double max = layer && layer->histogramMax > 0 ? layer->histogramMax : 1.0;
    QList<QPointF> active, pruned;
    if (layer) {
        active = stepOutline(layer->activeHistogram, max, floor);
        pruned = stepOutline(layer->prunedHistogram, max, floor);
    }
    double top = 1.0;
    for (const QPointF& p : active) top = std::max(top, p.y());
    for (const QPointF& p : pruned) top = std::max(top, p.y());
    // 60 bins make 120 points: well under any chart's width, so no thinning is needed here.
    m_activeUpper->replace(active);
    m_prunedUpper->replace(pruned);
    m_activeLower->replace(QList<QPointF>{{0.0, floor}, {max, floor}});
    m_prunedLower->replace(QList<QPointF>{{0.0, floor}, {max, floor}});

    m_x->setRange(0, max);
    m_x->setLabelFormat(max < 0.1 ? QStringLiteral("%.3f") : QStringLiteral("%.2f"));
    m_x->setTickCount(6);
    double yMax = top * 1.12;
    if (m_logScale) {
        yMax = std::pow(10.0, std::ceil(std::log10(top * 1.5)));
        m_log->setRange(kLogFloor, yMax);
    } else {
        m_linear->setRange(0, yMax);
        m_linear->applyNiceNumbers();
        yMax = m_linear->max();
    }

    std::vector<VerticalMarker> markers;
    QString note;
    if (layer && layer->active > 0) {
        QPen pen(QColor(30, 30, 30));
        pen.setWidthF(scaled(1.8));
        const Line line = thresholdLine(*layer);
        markers.push_back({line.x, line.label, pen});
        note = line.note;
    }
    setVerticalMarkers(markers, m_x, countAxis(), m_logScale ? kLogFloor : 0.0, yMax);
    showLegend(layer != nullptr, note);
}

WeightHistogramChart::Line WeightHistogramChart::thresholdLine(const LayerSnapshot& layer) {
    const QLocale locale;
    const QString smallest = locale.toString(layer.threshold, 'g', 3);
    const UpdateExplanation& update = *layer.explanation;
    // The smallest active |w| is the cut-off of pruning that keeps the largest weights; after
    // a drop-and-grow update it is one of the weights just grown at 0 (1.3e-14 on #13's giant
    // model), a line on the axis' edge that says nothing. The last update's own cut-off — the
    // largest |w| it dropped — is the line its rule drew.
    const bool dropLine = update.step >= 0 && std::isfinite(update.dropCutoff);
    // Within the first of the histogram's bins the line cannot be told from 0.
    const double binWidth =
        layer.histogramMax > 0 ? double(layer.histogramMax) / double(kHistogramBins) : 0.0;
    const bool atZero = double(layer.threshold) < binWidth;
    QString note;
    if (atZero)
        note = tr("Smallest active |w|: %1, less than one bin from 0: weights grown at a mask "
                  "update start at 0 and have barely trained yet.")
                   .arg(smallest);
    if (!dropLine) return {double(layer.threshold), tr("smallest active %1").arg(smallest), note};
    const QString cutoff = locale.toString(update.dropCutoff, 'g', 3);
    if (!note.isEmpty()) note += QLatin1Char(' ');
    note += tr("The line is the cut-off of the mask update at step %1: every weight it dropped "
               "had |w| ≤ %2.")
                .arg(locale.toString(update.step), cutoff);
    return {double(update.dropCutoff), tr("drop cut-off %1").arg(cutoff), note};
}

}  // namespace sl::ui
