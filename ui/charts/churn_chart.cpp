#include "charts/churn_chart.h"

#include "charts/thin_points.h"
#include "views/palette.h"

#include <QComboBox>
#include <QLabel>
#include <QtCharts/QLegend>
#include <algorithm>
#include <map>

namespace sl::ui {

ChurnChart::ChurnChart(QWidget* parent) : ChartWidget(parent) {
    chart()->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_x = addValueAxis(QString(), Qt::AlignBottom);
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_count = addValueAxis(QString(), Qt::AlignLeft);
    m_count->setLabelFormat(QStringLiteral("%.0f"));
    m_itopAxis = addValueAxis(QString(), Qt::AlignRight);
    m_itopAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_itopAxis->setGridLineVisible(false);

    m_label = new QLabel(this);
    m_combo = new QComboBox(this);
    m_combo->setMinimumContentsLength(10);
    m_combo->addItem(QString(), -1);
    controlsLayout()->addWidget(m_label);
    controlsLayout()->addWidget(m_combo);
    controlsLayout()->addStretch(1);
    connect(m_combo, &QComboBox::currentIndexChanged, this,
            [this](int index) { setLayer(m_combo->itemData(index).toInt()); });
    retranslate();
}

void ChurnChart::retranslate() {
    chart()->setTitle(tr("Churn per mask update and ITOP"));
    m_x->setTitleText(tr("step"));
    m_label->setText(tr("Layer"));
    m_combo->setToolTip(tr("Show the weights pruned and regrown in one layer, or summed over "
                           "all layers. ITOP (the share of weights ever active) is always for "
                           "the whole network."));
    m_label->setToolTip(m_combo->toolTip());
    m_combo->setItemText(0, tr("all layers"));
}

void ChurnChart::setRuns(const RunList& runs) {
    m_runs = runs;
    refillLayerCombo();
    redraw();
}

void ChurnChart::setLayer(int layer) {
    if (layer == m_layer) return;
    m_layer = layer;
    const QSignalBlocker block(m_combo);
    m_combo->setCurrentIndex(std::max(0, m_combo->findData(layer)));
    redraw();
}

void ChurnChart::refillLayerCombo() {
    const auto runs = visibleRuns(m_runs);
    QStringList names;
    if (!runs.empty())
        for (const LayerSnapshot& l : runs.front()->snapshot->layers) names << l.name;
    // Rebuilding on every snapshot would close an open popup: only when the layers change.
    if (names == m_layerNames) return;
    m_layerNames = names;
    const QSignalBlocker block(m_combo);
    m_combo->clear();
    m_combo->addItem(tr("all layers"), -1);
    for (int i = 0; i < names.size(); ++i) m_combo->addItem(names[i], i);
    if (m_layer >= names.size()) m_layer = -1;
    m_combo->setCurrentIndex(std::max(0, m_combo->findData(m_layer)));
}

std::vector<ChurnChart::Stem> ChurnChart::stemsFor(const RunSnapshot& snapshot, int layer) {
    std::map<long long, Stem> byStep;
    for (const MaskUpdateSummary& u : snapshot.maskUpdates) {
        if (layer >= 0 && u.layer != layer) continue;
        Stem& stem = byStep[u.step];
        stem.step = u.step;
        stem.pruned += u.pruned;
        stem.grown += u.grown;
    }
    std::vector<Stem> out;
    out.reserve(byStep.size());
    for (const auto& [step, stem] : byStep) out.push_back(stem);
    return out;
}

void ChurnChart::redraw() {
    const auto runs = visibleRuns(m_runs);
    const std::size_t n = runs.size();
    const bool compare = n > 1;
    resizePool(m_grown, n, m_x, m_count, QStringLiteral("grown"));
    resizePool(m_pruned, n, m_x, m_count, QStringLiteral("pruned"));
    resizePool(m_itop, n, m_x, m_itopAxis, QStringLiteral("itop"));

    const int budget = pointBudget();
    double maxStep = 1.0;
    double maxCount = 0.0;
    double maxItop = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
        const RunRecord& run = *runs[r];
        const RunSnapshot& snap = *run.snapshot;
        maxStep = std::max({maxStep, double(snap.totalSteps), double(snap.step)});

        QList<QPointF> grown, pruned, itop;
        for (const Stem& stem : stemsFor(snap, m_layer)) {
            const double x = double(stem.step);
            grown << QPointF(x, 0) << QPointF(x, double(stem.grown)) << QPointF(x, 0);
            pruned << QPointF(x, 0) << QPointF(x, -double(stem.pruned)) << QPointF(x, 0);
            maxCount = std::max({maxCount, double(stem.grown), double(stem.pruned)});
        }
        for (const MetricPoint& p : snap.history) {
            itop << QPointF(double(p.step), 100.0 * p.itop);
            maxItop = std::max(maxItop, 100.0 * p.itop);
        }

        QPen grownPen = runPen(compare ? run.color : QColor(palette::kGrown), run.live);
        QPen prunedPen = runPen(compare ? run.color : QColor(palette::kPruned), run.live);
        grownPen.setWidthF(grownPen.widthF() + scaled(0.4));
        prunedPen.setWidthF(prunedPen.widthF() + scaled(0.4));
        m_grown[r]->setPen(grownPen);
        m_pruned[r]->setPen(prunedPen);
        m_itop[r]->setPen(runPen(compare ? run.color : QColor(palette::kAccent), run.live,
                                 compare ? Qt::DashLine : Qt::SolidLine));
        m_grown[r]->setName(compare ? run.name : tr("grown"));
        m_pruned[r]->setName(tr("pruned"));
        m_itop[r]->setName(tr("ITOP (cumulative)"));
        setLegendVisible(m_pruned[r], !compare);
        setLegendVisible(m_itop[r], !compare);
        // Thinning keeps each bucket's lowest and highest point, so the tallest stems stay.
        m_grown[r]->replace(thinPoints(grown, budget));
        m_pruned[r]->replace(thinPoints(pruned, budget));
        m_itop[r]->replace(thinPoints(itop, budget));
    }
    const QString where =
        m_layer >= 0 && m_layer < m_layerNames.size() ? m_layerNames[m_layer] : tr("all layers");
    // The layer's name can be long: it goes under the legend, the axis keeps a short title.
    m_count->setTitleText(tr("weights (▲ grown, ▼ pruned)"));
    m_itopAxis->setTitleText(tr("ITOP (%)"));
    showLegend(n > 0,
               compare ? tr("%1 · dashed: ITOP").arg(where) : tr("weights in %1").arg(where));
    setRoundTicks(m_x, maxStep);
    const double limit = maxCount > 0 ? maxCount * 1.1 : 1.0;
    m_count->setRange(-limit, limit);
    m_count->applyNiceNumbers();
    setRoundTicks(m_itopAxis, std::min(100.0, std::max(5.0, maxItop * 1.1)));
    setChangeMarkers(markerChanges(runs), m_x, m_count);
}

}  // namespace sl::ui
