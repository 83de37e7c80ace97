#include "charts/chart_widget.h"

#include "train/run_config.h"
#include <QEvent>

#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QScopeGuard>
#include <QSvgGenerator>
#include <QVBoxLayout>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QXYSeries>
#include <algorithm>
#include <cmath>

namespace sl::ui {

QFont chartFont(int pointSize, bool bold) {
    QFont font;
    font.setPointSize(pointSize);
    font.setBold(bold);
    return font;
}

namespace {

// A font's point size before any display scale, kept on the object that holds the font the
// first time it is scaled.
double normalSize(QObject* holder, const char* key, const QFont& font) {
    const QVariant kept = holder->property(key);
    if (kept.isValid()) return kept.toDouble();
    holder->setProperty(key, font.pointSizeF());
    return font.pointSizeF();
}

QFont scaledFont(QFont font, double normalPointSize, double scale) {
    font.setPointSizeF(normalPointSize * scale);
    return font;
}
}  // namespace

ChartWidget::ChartWidget(QWidget* parent) : QWidget(parent) {
    m_chart = new QChart;
    m_chart->setTheme(QChart::ChartThemeLight);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    // The chart's own layout margins would frame it in grey inside the view.
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setTitleFont(chartFont(10, true));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setFont(chartFont(9));
    // Run changes would otherwise animate every 30 ms redraw into a permanent blur.
    m_chart->setAnimationOptions(QChart::NoAnimation);
    // Tick labels in the default QLocale, which the window's language sets (language.h).
    m_chart->setLocalizeNumbers(true);

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setToolTip(tr("Right-click to export this chart as a PNG or SVG picture."));
    connect(m_view, &QWidget::customContextMenuRequested, this, &ChartWidget::showContextMenu);
    connect(m_chart, &QChart::plotAreaChanged, this, [this] { placeMarkerLabels(); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_view, 1);
    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("chartLegend"));
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setFont(chartFont(9));
    m_legend->setContentsMargins(8, 0, 8, 2);
    m_legend->setStyleSheet(QStringLiteral("background: white;"));
    m_legend->hide();
    layout->addWidget(m_legend);

    m_resizeTimer.setSingleShot(true);
    m_resizeTimer.setInterval(60);
    connect(&m_resizeTimer, &QTimer::timeout, this, [this] {
        // Re-thin only when the width changed enough to matter; a curve thinned for 600 px
        // still looks right at 650.
        const int last = m_lastBudget;
        if (std::abs(pointBudget() - last) * 5 > last) redraw();
    });
}

QHBoxLayout* ChartWidget::controlsLayout() {
    if (!m_controls) {
        m_controls = new QHBoxLayout;
        m_controls->setContentsMargins(8, 4, 8, 0);
        static_cast<QVBoxLayout*>(layout())->insertLayout(0, m_controls);
    }
    return m_controls;
}

QValueAxis* ChartWidget::addValueAxis(const QString& title, Qt::Alignment alignment) {
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setTitleFont(chartFont(9));
    axis->setLabelsFont(chartFont(9));
    axis->setGridLineColor(QColor(225, 228, 232));
    axis->setLinePenColor(QColor(150, 150, 150));
    m_chart->addAxis(axis, alignment);
    return axis;
}

int ChartWidget::pointBudget() const {
    int width = int(m_chart->plotArea().width());
    // Before the first layout the plot area is empty: the widget's width is a fair guess.
    if (width < 50) width = std::max(m_view->width(), this->width()) - 80;
    m_lastBudget = std::clamp(width, 100, 4000);
    return m_lastBudget;
}

const std::vector<ParameterChange>&
ChartWidget::markerChanges(const std::vector<const RunRecord*>& runs) {
    static const std::vector<ParameterChange> none;
    const RunRecord* chosen = nullptr;
    for (const RunRecord* run : runs)
        if (!chosen || run->live) chosen = run;
    return chosen ? chosen->snapshot->parameterChanges : none;
}

std::vector<const RunRecord*> ChartWidget::visibleRuns(const RunList& runs) {
    // Right after Keep the live run and its kept copy are the same run at the same step:
    // drawing both would give the same curves twice and a legend entry too many. The kept copy
    // speaks for it until the live run moves on (#17). A paused run may publish again at the
    // same step (another layer shown), so the run and step identify it, not the pointer.
    const auto same = [](const RunSnapshot& a, const RunSnapshot& b) {
        if (&a == &b) return true;
        if (a.runId != b.runId || a.step != b.step || a.history.size() != b.history.size() ||
            a.method != b.method)
            return false;
        // Another engine (a lottery round) may number its runs alike: the curves must match.
        return a.history.empty() || (a.history.back().step == b.history.back().step &&
                                     a.history.back().trainLoss == b.history.back().trainLoss);
    };
    const auto keptCopy = [&runs, &same](const RunRecord& live) {
        return std::any_of(runs.begin(), runs.end(), [&](const RunRecord& r) {
            return !r.live && r.visible && r.snapshot && same(*r.snapshot, *live.snapshot);
        });
    };
    std::vector<const RunRecord*> out;
    for (const RunRecord& run : runs)
        if (run.visible && run.snapshot && !(run.live && keptCopy(run))) out.push_back(&run);
    return out;
}

QString ChartWidget::changeLabel(const ParameterChange& change) {
    QString name = QString::fromStdString(change.key);
    sl::RunConfig probe;
    const auto fields = sl::configFields(probe);
    const sl::ConfigField* field = sl::findConfigField(fields, change.key);
    name = field && field->symbol ? QString::fromUtf8(field->symbol) : name.section('.', -1);
    return QStringLiteral("%1 %2→%3")
        .arg(name, QLocale().toString(change.from, 'g', 3), QLocale().toString(change.to, 'g', 3));
}

QPen ChartWidget::runPen(const RunRecord& run, Qt::PenStyle style) const {
    return runPen(run.color, run.live, style);
}

QPen ChartWidget::runPen(const QColor& color, bool live, Qt::PenStyle style) const {
    QPen pen(color);
    pen.setWidthF(scaled(live ? 2.6 : 1.6));
    pen.setStyle(style);
    pen.setCapStyle(Qt::FlatCap);
    return pen;
}

void ChartWidget::forgetLegendState(const QAbstractSeries* series) {
    auto& hidden = m_hiddenFromLegend;
    hidden.erase(std::remove(hidden.begin(), hidden.end(), series), hidden.end());
}

void ChartWidget::setLegendVisible(QAbstractSeries* series, bool visible) {
    forgetLegendState(series);
    if (!visible) m_hiddenFromLegend.push_back(series);
    for (QLegendMarker* marker : m_chart->legend()->markers(series)) marker->setVisible(visible);
}

namespace {

// A short run of the series' line in its style: the legend's sample of it.
QString lineSample(const QPen& pen) {
    switch (pen.style()) {
    case Qt::DashLine: return QStringLiteral("╺╸╺╸");
    case Qt::DotLine: return QStringLiteral("┈┈┈");
    case Qt::DashDotLine: return QStringLiteral("╺╸·╺");
    default: return QStringLiteral("━━");
    }
}

}  // namespace

void ChartWidget::showLegend(bool on, const QString& note) {
    m_chart->legend()->setVisible(false);
    QStringList entries;
    for (QLegendMarker* marker : m_chart->legend()->markers()) {
        if (std::find(m_hiddenFromLegend.begin(), m_hiddenFromLegend.end(), marker->series()) !=
                m_hiddenFromLegend.end() ||
            !marker->series()->isVisible() || marker->label().isEmpty())
            continue;
        QColor color = marker->pen().color();
        QString sample;
        if (auto* line = qobject_cast<QXYSeries*>(marker->series());
            line && marker->series()->type() == QAbstractSeries::SeriesTypeScatter) {
            color = line->color();
            sample = QStringLiteral("◆");
        } else if (line) {
            color = line->pen().color();
            sample = lineSample(line->pen());
        } else {
            color = marker->brush().color();
            sample = QStringLiteral("■");
        }
        // Non-breaking spaces inside an entry: lines break only between entries.
        QString name = marker->label().toHtmlEscaped();
        name.replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
        entries << QStringLiteral("<span style=\"color:%1\">%2</span>&nbsp;%3")
                       .arg(color.name(), sample, name);
    }
    QString html = entries.join(QStringLiteral(" &nbsp; "));
    if (!note.isEmpty())
        html +=
            QStringLiteral("<br><span style=\"color:#555\">%1</span>").arg(note.toHtmlEscaped());
    m_legend->setText(html);
    m_legend->setVisible(on && !html.isEmpty());
}

void ChartWidget::setChangeMarkers(const std::vector<ParameterChange>& changes, QValueAxis* x,
                                   QValueAxis* y) {
    QPen pen(QColor(110, 110, 110));
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(scaled(1.2));
    // A handful of changes per run at most; past 30 the labels would be noise anyway.
    std::vector<VerticalMarker> markers;
    for (std::size_t i = 0; i < changes.size() && i < 30; ++i)
        markers.push_back({double(changes[i].step), changeLabel(changes[i]), pen});
    setVerticalMarkers(markers, x, y, y->min(), y->max());
}

void ChartWidget::setVerticalMarkers(const std::vector<VerticalMarker>& markers, QAbstractAxis* x,
                                     QAbstractAxis* y, double yMin, double yMax) {
    const std::size_t n = markers.size();
    resizePool(m_markerLines, n, x, y, QStringLiteral("marker"));
    while (m_markerLabels.size() > n) {
        delete m_markerLabels.back();
        m_markerLabels.pop_back();
    }
    while (m_markerLabels.size() < n) {
        auto* label = new QGraphicsSimpleTextItem(m_chart);
        label->setFont(scaledFont(chartFont(9), 9.0, m_scale));
        label->setBrush(QColor(60, 60, 60));
        label->setZValue(20);
        m_markerLabels.push_back(label);
    }
    m_markerFoot.assign(n, QPointF());
    for (std::size_t i = 0; i < n; ++i) {
        m_markerFoot[i] = QPointF(markers[i].x, yMin);
        m_markerLines[i]->setPen(markers[i].pen);
        m_markerLines[i]->replace(QList<QPointF>{{markers[i].x, yMin}, {markers[i].x, yMax}});
        setLegendVisible(m_markerLines[i], false);
        m_markerLabels[i]->setText(markers[i].label);
    }
    placeMarkerLabels();
}

void ChartWidget::setRoundTicks(QValueAxis* axis, double max) {
    if (!(max > 0)) max = 1.0;
    const double raw = max / 6.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double interval = magnitude;
    for (double f : {1.0, 2.0, 5.0, 10.0}) {
        interval = f * magnitude;
        if (interval >= raw) break;
    }
    // Interval before range: with the old interval a much larger range would make Qt Charts
    // build one tick item per old interval first (tens of thousands: the window froze).
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(interval);
    axis->setRange(0, max);
}

void ChartWidget::scaleFonts(QAbstractAxis* axis) const {
    axis->setTitleFont(
        scaledFont(axis->titleFont(), normalSize(axis, "slTitlePt", axis->titleFont()), m_scale));
    axis->setLabelsFont(scaledFont(axis->labelsFont(),
                                   normalSize(axis, "slLabelsPt", axis->labelsFont()), m_scale));
}

void ChartWidget::setDisplayScale(double scale) {
    if (!(scale > 0.0) || scale == m_scale) return;
    m_scale = scale;
    m_chart->setTitleFont(scaledFont(
        m_chart->titleFont(), normalSize(m_chart, "slTitlePt", m_chart->titleFont()), m_scale));
    QLegend* legend = m_chart->legend();  // drawn only in an exported picture
    legend->setFont(
        scaledFont(legend->font(), normalSize(legend, "slFontPt", legend->font()), m_scale));
    for (QAbstractAxis* axis : m_chart->axes()) scaleFonts(axis);
    // Labels given a font of their own (the legend, a large readout); the others follow the
    // window's font, which presentation mode enlarges itself.
    for (QLabel* label : findChildren<QLabel*>())
        if (label->testAttribute(Qt::WA_SetFont))
            label->setFont(
                scaledFont(label->font(), normalSize(label, "slFontPt", label->font()), m_scale));
    for (QGraphicsSimpleTextItem* label : m_markerLabels)
        label->setFont(scaledFont(chartFont(9), 9.0, m_scale));
    applyDisplayScale();
    redraw();
    placeMarkerLabels();
}

void ChartWidget::placeMarkerLabels() {
    const QRectF plot = m_chart->plotArea();
    double lastRight = -1e9;
    int row = 0;
    for (std::size_t i = 0; i < m_markerLabels.size(); ++i) {
        // yMin, not 0: on a log axis 0 has no position.
        const QPointF at = m_chart->mapToPosition(m_markerFoot[i], m_markerLines[i]);
        QGraphicsSimpleTextItem* label = m_markerLabels[i];
        const QRectF box = label->boundingRect();
        double left = at.x() + 3;
        // Flip to the left of the line near the right edge, so the label is never clipped.
        if (left + box.width() > plot.right()) left = at.x() - 3 - box.width();
        // Labels of close changes go one line lower instead of on top of each other.
        row = left < lastRight + 4 ? (row + 1) % 3 : 0;
        label->setPos(left, plot.top() + 2 + row * box.height());
        label->setVisible(at.x() >= plot.left() - 1 && at.x() <= plot.right() + 1);
        lastRight = left + box.width();
    }
}

bool ChartWidget::exportTo(const QString& path, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    // A picture leaves the window without the legend label: the chart draws its own meanwhile.
    const bool legend = m_legend->isVisible();
    m_chart->legend()->setVisible(legend);
    const auto restoreLegend = qScopeGuard([this] { m_chart->legend()->setVisible(false); });
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = m_view->grab().save(path, "PNG");
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(m_view->size());
        generator.setViewBox(QRect(QPoint(0, 0), m_view->size()));
        generator.setTitle(m_chart->title().isEmpty() ? tr("SparseLab chart") : m_chart->title());
        QPainter painter;
        // QGraphicsView::render draws the scene itself, so the SVG holds vectors, not a bitmap.
        if (painter.begin(&generator)) {
            m_view->render(&painter);
            ok = painter.end();
        }
        ok = ok && QFileInfo(path).size() > 0;
    } else {
        if (error)
            *error =
                tr("Cannot export to \"%1\": the file name must end in .png or .svg.").arg(path);
        return false;
    }
    if (!ok && error)
        *error = tr("Could not write \"%1\": check the folder exists and is writable.").arg(path);
    return ok;
}

void ChartWidget::showContextMenu(const QPoint& position) {
    QMenu menu(this);
    menu.addAction(tr("Export PNG…"), this, [this] { exportWithDialog(QStringLiteral("png")); });
    menu.addAction(tr("Export SVG…"), this, [this] { exportWithDialog(QStringLiteral("svg")); });
    menu.exec(m_view->mapToGlobal(position));
}

void ChartWidget::exportWithDialog(const QString& suffix) {
    const QString filter =
        suffix == QLatin1String("png") ? tr("PNG image (*.png)") : tr("SVG drawing (*.svg)");
    QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), QString(), filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + suffix;
    QString error;
    if (!exportTo(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

void ChartWidget::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() != QEvent::LanguageChange) return;
    m_view->setToolTip(tr("Right-click to export this chart as a PNG or SVG picture."));
    retranslate();
    redraw();
}

void ChartWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    m_resizeTimer.start();
}

}  // namespace sl::ui
