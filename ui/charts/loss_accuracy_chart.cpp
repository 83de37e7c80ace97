#include "charts/loss_accuracy_chart.h"

#include "charts/thin_points.h"
#include "train/model_kind.h"
#include "views/palette.h"

#include <QCheckBox>
#include <QLabel>
#include <QLocale>
#include <QSlider>
#include <QVBoxLayout>
#include <QtCharts/QLegend>
#include <algorithm>
#include <cmath>

namespace sl::ui {

LossAccuracyChart::LossAccuracyChart(QWidget* parent) : ChartWidget(parent) {
    chart()->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_x = addValueAxis(QString(), Qt::AlignBottom);
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_lossAxis = addValueAxis(QString(), Qt::AlignLeft);
    m_accuracyAxis = addValueAxis(QString(), Qt::AlignRight);
    m_accuracyAxis->setRange(0, 100);
    m_accuracyAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_accuracyAxis->setGridLineVisible(false);

    // Loss spikes right after a mask update: red crosses at the loss that jumped.
    m_spikes = new QScatterSeries(this);
    m_spikes->setObjectName(QStringLiteral("lossSpikes"));
    m_spikes->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
    m_spikes->setMarkerSize(11);
    m_spikes->setColor(QColor(200, 30, 30));
    m_spikes->setBorderColor(QColor(120, 0, 0));
    chart()->addSeries(m_spikes);
    m_spikes->attachAxis(m_x);
    m_spikes->attachAxis(m_lossAxis);

    m_label = new QLabel(this);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, 99);
    m_slider->setValue(int(std::lround(m_smoothing * 100)));
    m_slider->setMinimumWidth(80);
    m_sliderValue = new QLabel(this);
    m_sliderValue->setMinimumWidth(m_sliderValue->fontMetrics().horizontalAdvance("0.00") + 4);
    controlsLayout()->addWidget(m_label);
    controlsLayout()->addWidget(m_slider, 1);
    controlsLayout()->addWidget(m_sliderValue);
    controlsLayout()->addStretch(1);
    // A row of its own: beside the slider it would make the chart too wide for a projector.
    auto* second = new QHBoxLayout;
    second->setContentsMargins(8, 0, 8, 0);
    static_cast<QVBoxLayout*>(layout())->insertLayout(1, second);
    m_fullRange = new QCheckBox(this);
    m_fullRange->setObjectName(QStringLiteral("fullAccuracyRange"));
    second->addWidget(m_fullRange);
    second->addStretch(1);
    connect(m_fullRange, &QCheckBox::toggled, this, [this] { redraw(); });
    m_readout = new QLabel(this);
    m_readout->setObjectName(QStringLiteral("accuracyReadout"));
    // Read from the back of a classroom.
    m_readout->setFont(chartFont(15, true));
    m_readout->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    second->addWidget(m_readout);
    connect(m_slider, &QSlider::valueChanged, this,
            [this](int value) { setSmoothing(value / 100.0); });
    retranslate();
}

void LossAccuracyChart::applyDisplayScale() {
    m_spikes->setMarkerSize(scaled(11));
    m_sliderValue->setMinimumWidth(m_sliderValue->fontMetrics().horizontalAdvance("0.00") + 4);
}

void LossAccuracyChart::retranslate() {
    chart()->setTitle(m_languageModel ? tr("Loss (a language model: no accuracy)")
                                      : tr("Loss and accuracy"));
    m_x->setTitleText(tr("step"));
    m_spikes->setName(tr("loss spike after a mask update"));
    const QString help = tr("Smooths the train loss and train accuracy with an exponential moving "
                            "average, so the trend shows through the noise of single batches. "
                            "0 shows every logged point; 0.99 averages over about the last 100. "
                            "Test accuracy is never smoothed.");
    m_label->setText(tr("Smoothing"));
    for (QWidget* w : {static_cast<QWidget*>(m_label), static_cast<QWidget*>(m_slider),
                       static_cast<QWidget*>(m_sliderValue)})
        w->setToolTip(help);
    m_sliderValue->setText(QLocale().toString(m_smoothing, 'f', 2));
    m_fullRange->setText(tr("0–100 %"));
    m_fullRange->setToolTip(tr("Show the accuracy axis from 0 to 100 %. Unticked, it spans the "
                               "accuracies of the runs shown, so close runs can be told apart."));
    m_readout->setToolTip(tr("Test accuracy of the current run at its last evaluation; "
                             "\"final\" once the run has finished."));
}

std::pair<double, double> LossAccuracyChart::fittedRange(double lo, double hi) {
    if (!(lo <= hi)) return {0.0, 100.0};
    // A margin of a tenth of the span (at least one point), then outward to steps of 5.
    const double margin = std::max(1.0, 0.1 * (hi - lo));
    double low = std::floor((lo - margin) / 5.0) * 5.0;
    double high = std::ceil((hi + margin) / 5.0) * 5.0;
    low = std::clamp(low, 0.0, 95.0);
    high = std::clamp(high, low + 5.0, 100.0);
    return {low, high};
}

void LossAccuracyChart::setFullAccuracyRange(bool full) { m_fullRange->setChecked(full); }

QList<QPointF> LossAccuracyChart::smoothed(const QList<QPointF>& points, double factor) {
    QList<QPointF> out;
    out.reserve(points.size());
    double value = 0.0;
    for (qsizetype i = 0; i < points.size(); ++i) {
        value = i == 0 ? points[i].y() : factor * value + (1.0 - factor) * points[i].y();
        out.append(QPointF(points[i].x(), value));
    }
    return out;
}

void LossAccuracyChart::setRuns(const RunList& runs) {
    m_runs = runs;
    redraw();
}

void LossAccuracyChart::setSmoothing(double factor) {
    factor = std::clamp(factor, 0.0, 0.99);
    if (factor == m_smoothing) return;
    m_smoothing = factor;
    const QSignalBlocker block(m_slider);
    m_slider->setValue(int(std::lround(factor * 100)));
    m_sliderValue->setText(QLocale().toString(factor, 'f', 2));
    redraw();
}

void LossAccuracyChart::redraw() {
    const auto runs = visibleRuns(m_runs);
    const std::size_t n = runs.size();
    const bool compare = n > 1;
    resizePool(m_loss, n, m_x, m_lossAxis, QStringLiteral("trainLoss"));
    resizePool(m_trainAccuracy, n, m_x, m_accuracyAxis, QStringLiteral("trainAccuracy"));
    resizePool(m_testAccuracy, n, m_x, m_accuracyAxis, QStringLiteral("testAccuracy"));
    resizePool(m_validationAccuracy, n, m_x, m_accuracyAxis, QStringLiteral("validationAccuracy"));

    // A language model (model.kind gpt) has no accuracy to show: its loss reads in bits per
    // character, the unit its papers and the CLI use, and the accuracy axis and series hide.
    const bool language = n > 0 && std::all_of(runs.begin(), runs.end(), [](const RunRecord* r) {
                              return sl::isLanguageModel(r->snapshot->config);
                          });
    m_languageModel = language;
    const double lossScale = language ? 1.0 / std::log(2.0) : 1.0;
    const int budget = pointBudget();
    double maxStep = 1.0;
    double maxLoss = 0.0;
    QList<QPointF> spikes;
    double lowAccuracy = 100.0, highAccuracy = 0.0;
    const RunRecord* readoutRun = nullptr;
    for (std::size_t r = 0; r < n; ++r) {
        const RunRecord& run = *runs[r];
        const RunSnapshot& snap = *run.snapshot;
        QList<QPointF> loss, trainAccuracy, testAccuracy, validationAccuracy;
        for (const MetricPoint& p : snap.history) {
            const double x = double(p.step);
            if (std::isfinite(p.trainLoss)) loss.append({x, lossScale * p.trainLoss});
            if (std::isfinite(p.trainAccuracy)) trainAccuracy.append({x, 100.0 * p.trainAccuracy});
            if (p.hasTest()) testAccuracy.append({x, 100.0 * p.testAccuracy});
            if (p.hasValidation()) validationAccuracy.append({x, 100.0 * p.validationAccuracy});
        }
        for (const LossSpikeEvent& s : snap.lossSpikes) {
            spikes.append({double(s.step + 1), lossScale * s.loss});
            maxLoss = std::max(maxLoss, lossScale * s.loss);
        }
        for (const auto* list : {&trainAccuracy, &testAccuracy, &validationAccuracy})
            for (const QPointF& p : *list) {
                lowAccuracy = std::min(lowAccuracy, p.y());
                highAccuracy = std::max(highAccuracy, p.y());
            }
        if (!readoutRun || run.live) readoutRun = &run;
        loss = smoothed(loss, m_smoothing);
        trainAccuracy = smoothed(trainAccuracy, m_smoothing);
        for (const QPointF& p : loss) maxLoss = std::max(maxLoss, p.y());
        maxStep = std::max({maxStep, double(snap.totalSteps), double(snap.step)});

        const QColor lossColor = run.color;
        const QColor trainColor = compare ? run.color : QColor(palette::kSecond);
        const QColor testColor = compare ? run.color : QColor(palette::kThird);
        m_loss[r]->setPen(runPen(lossColor, run.live));
        m_trainAccuracy[r]->setPen(
            runPen(trainColor, run.live, compare ? Qt::DotLine : Qt::SolidLine));
        m_testAccuracy[r]->setPen(runPen(testColor, run.live, Qt::DashLine));
        m_testAccuracy[r]->setPointsVisible(true);
        m_loss[r]->setName(compare ? run.name : tr("train loss"));
        m_trainAccuracy[r]->setName(tr("train accuracy"));
        m_testAccuracy[r]->setName(tr("test accuracy"));
        // With several runs the legend names runs (once each); the line style tells the roles.
        setLegendVisible(m_trainAccuracy[r], !compare);
        setLegendVisible(m_testAccuracy[r], !compare);
        m_loss[r]->replace(thinPoints(loss, budget));
        m_trainAccuracy[r]->replace(thinPoints(trainAccuracy, budget));
        m_testAccuracy[r]->replace(thinPoints(testAccuracy, budget));
        m_validationAccuracy[r]->setPen(
            runPen(compare ? run.color : QColor(palette::kGrown), run.live, Qt::DashDotLine));
        m_validationAccuracy[r]->setName(tr("validation accuracy"));
        setLegendVisible(m_validationAccuracy[r], !compare && !validationAccuracy.isEmpty());
        m_validationAccuracy[r]->replace(thinPoints(validationAccuracy, budget));
        for (QLineSeries* s : {m_trainAccuracy[r], m_testAccuracy[r], m_validationAccuracy[r]}) {
            s->setVisible(!language);
            if (language) setLegendVisible(s, false);
        }
    }
    // Short axis titles (a long one is clipped beside a short plot); the line styles are
    // explained under the legend.
    m_accuracyAxis->setTitleText(tr("accuracy (%)"));
    m_lossAxis->setTitleText(language ? tr("train loss (bits per character)") : tr("train loss"));
    m_accuracyAxis->setVisible(!language);
    m_fullRange->setVisible(!language);
    chart()->setTitle(language ? tr("Loss (a language model: no accuracy)")
                               : tr("Loss and accuracy"));
    m_spikes->replace(spikes);
    setLegendVisible(m_spikes, !spikes.isEmpty());
    showLegend(n > 0, compare ? tr("solid: train loss · dotted: train accuracy · dashed: test "
                                   "accuracy · dash-dot: validation accuracy")
                              : QString());
    setRoundTicks(m_x, maxStep);
    m_lossAxis->setRange(0, maxLoss > 0 ? maxLoss * 1.05 : 1.0);
    m_lossAxis->applyNiceNumbers();
    if (m_fullRange->isChecked()) {
        m_accuracyAxis->setRange(0, 100);
    } else {
        const auto [low, high] = fittedRange(lowAccuracy, highAccuracy);
        m_accuracyAxis->setRange(low, high);
    }
    // Round ticks on either range (a fixed tick count would give 40, 51.25, 62.5, …).
    const double span = m_accuracyAxis->max() - m_accuracyAxis->min();
    m_accuracyAxis->setTickType(QValueAxis::TicksDynamic);
    m_accuracyAxis->setTickAnchor(0);
    m_accuracyAxis->setTickInterval(span <= 15 ? 2 : span <= 30 ? 5 : span <= 60 ? 10 : 20);
    QString readout;
    if (readoutRun) {
        const RunSnapshot& s = *readoutRun->snapshot;
        for (auto p = s.history.rbegin(); p != s.history.rend(); ++p) {
            if (!p->hasTest()) continue;
            if (language) {
                if (!std::isfinite(p->testLoss)) continue;
                const QString bits = QLocale().toString(lossScale * p->testLoss, 'f', 2);
                readout = tr("held-out %1 bits/char").arg(bits);
                break;
            }
            const QString value = QLocale().toString(100.0 * p->testAccuracy, 'f', 1);
            readout = s.finished ? tr("final test %1 %").arg(value) : tr("test %1 %").arg(value);
            break;
        }
    }
    m_readout->setText(readout);
    setChangeMarkers(markerChanges(runs), m_x, m_lossAxis);
}

}  // namespace sl::ui
