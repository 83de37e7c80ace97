#include "charts/layer_sparsity_bars.h"

#include "views/palette.h"

#include <QtCharts/QLegend>
#include <cmath>

namespace sl::ui {

LayerSparsityBars::LayerSparsityBars(QWidget* parent) : ChartWidget(parent) {
    // Room on the right for the last tick label, "100".
    chart()->setMargins(QMargins(4, 4, 16, 4));
    m_value = addValueAxis(QString(), Qt::AlignBottom);
    m_value->setRange(0, 100);
    m_value->setTickCount(6);
    m_value->setLabelFormat(QStringLiteral("%.0f"));
    m_categories = new QBarCategoryAxis;
    m_categories->setLabelsFont(chartFont(9));
    m_categories->setGridLineVisible(false);
    chart()->addAxis(m_categories, Qt::AlignLeft);

    m_set = new QBarSet(QString());
    m_set->setColor(QColor(palette::kAccent));
    m_set->setBorderColor(QColor(palette::kAccent).darker(120));
    m_set->setLabelColor(Qt::white);
    m_set->setLabelFont(chartFont(9, true));
    m_bars = new QHorizontalBarSeries;
    m_bars->append(m_set);
    m_bars->setBarWidth(0.6);
    m_bars->setLabelsVisible(true);
    m_bars->setLabelsFormat(QStringLiteral("@value%"));
    m_bars->setLabelsPrecision(3);
    m_bars->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    chart()->addSeries(m_bars);
    m_bars->attachAxis(m_value);
    m_bars->attachAxis(m_categories);

    // A bar category axis maps category i to y = i, so a scatter point (target, i) sits on bar i.
    m_targets = new QScatterSeries;
    m_targets->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_targets->setMarkerSize(9);
    m_targets->setColor(QColor(30, 30, 30));
    m_targets->setBorderColor(Qt::white);
    chart()->addSeries(m_targets);
    m_targets->attachAxis(m_value);
    m_targets->attachAxis(m_categories);
    retranslate();
}

void LayerSparsityBars::applyDisplayScale() {
    QFont label = chartFont(9, true);
    label.setPointSizeF(scaled(9));
    m_set->setLabelFont(label);
    m_targets->setMarkerSize(scaled(9));
}

void LayerSparsityBars::retranslate() {
    chart()->setTitle(tr("Sparsity per layer"));
    m_value->setTitleText(tr("sparsity (%)"));
    m_set->setLabel(tr("sparsity"));
    m_targets->setName(tr("target"));
}

void LayerSparsityBars::setSnapshot(const SnapshotPtr& snapshot) {
    m_snapshot = snapshot;
    redraw();
}

void LayerSparsityBars::redraw() {
    const std::vector<LayerSnapshot> none;
    const auto& layers = m_snapshot ? m_snapshot->layers : none;
    const int n = int(layers.size());
    // Categories run bottom-up; listing the layers in reverse puts the input layer on top.
    QStringList names;
    for (int i = n - 1; i >= 0; --i) names << layers[i].name;
    if (names != m_categories->categories()) {
        m_categories->clear();
        m_categories->append(names);
    }
    if (m_set->count() != n) {
        m_set->remove(0, m_set->count());
        for (int i = 0; i < n; ++i) m_set->append(0.0);
    }
    QList<QPointF> targets;
    for (int row = 0; row < n; ++row) {
        const LayerSnapshot& layer = layers[n - 1 - row];
        m_set->replace(row, 100.0 * layer.sparsity);
        // A NaN target (l1, l0: sparsity emerges) gets no marker.
        if (std::isfinite(layer.target)) targets << QPointF(100.0 * layer.target, row);
    }
    m_targets->replace(targets);
    // No "target" legend entry when no layer has one (l1, l0).
    setLegendVisible(m_targets, !targets.isEmpty());
    m_categories->setRange(names.isEmpty() ? QString() : names.first(),
                           names.isEmpty() ? QString() : names.last());
}

}  // namespace sl::ui
