#pragma once

#include "controller/run_record.h"
#include "train/metrics.h"

#include <QHBoxLayout>
#include <QPen>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <vector>

class QGraphicsSimpleTextItem;
class QLabel;

namespace sl::ui {

// The base of every chart in the window: one look (light theme, antialiased, 9-10 pt text,
// titled axes), export to PNG or SVG by the file suffix (also from the context menu), an
// optional row of controls above the plot, and the pieces every overlay chart needs: a pool
// of reusable series per role (so a redraw is one replace() per series, never a rebuild),
// run pens, and dashed vertical markers at live parameter changes.
class ChartWidget : public QWidget {
    Q_OBJECT
public:
    explicit ChartWidget(QWidget* parent = nullptr);

    // Writes the plot (without the controls row) as PNG or SVG, chosen by the suffix of path.
    // Returns false and sets *error (when given) to a sentence naming the file on failure.
    bool exportTo(const QString& path, QString* error = nullptr);

    QChart* chart() const { return m_chart; }
    // The legend below the plot: a word-wrapped label rather than QChart's own legend, which
    // cuts long run names ("rigl 90% ΔT=10…") and, in a short dock, spills onto the next
    // dock's title (#17). It grows a line instead, and the plot gives up that height.
    QLabel* legendLabel() const { return m_legend; }
    QChartView* chartView() const { return m_view; }
    // Axes, ticks and a two-line legend still read at this size; small enough for a chart
    // beside the form and the heatmap on a 1024 × 768 projector (#17).
    QSize minimumSizeHint() const override { return {280, 200}; }

    // The most points a curve should keep: about the plot's width in pixels. Remembered, so a
    // resize re-thins only when the width changed enough to matter.
    int pointBudget() const;

    // The visible runs that have a snapshot, in list order: the ones a chart draws. The live
    // run is left out while a visible kept run holds the very same snapshot.
    static std::vector<const RunRecord*> visibleRuns(const RunList& runs);
    // The parameter changes to mark: the live run's, else the first visible run's.
    static const std::vector<ParameterChange>&
    markerChanges(const std::vector<const RunRecord*>& runs);
    // "ΔT 100→50", "α 0.3→0.2", "lr 0.05→0.01": the marker label of a live change.
    static QString changeLabel(const ParameterChange& change);

    // Presentation mode (#17): a projector needs thicker lines, larger point markers and larger
    // text on the axes, ticks, title, legend and marker labels, not only larger widget fonts
    // (the chart's texts have fonts of their own). 1 is the normal look; every size is taken
    // from its normal value times `scale`, so going back to 1 restores it exactly.
    void setDisplayScale(double scale);
    double displayScale() const { return m_scale; }

protected:
    // Draws the stored data again; called by subclasses on new data and after a resize.
    virtual void redraw() = 0;
    // Sets the fixed texts (title, axis titles, controls, tooltips) in the current language.
    // Each subclass calls its own at the end of its constructor; a language change calls it
    // again, then redraw() for the texts that depend on the data.
    virtual void retranslate() {}
    void changeEvent(QEvent* event) override;

    // A row above the plot for sliders and combos; created on first use.
    QHBoxLayout* controlsLayout();
    QValueAxis* addValueAxis(const QString& title, Qt::Alignment alignment);
    // A pen in the run's colour: thicker for the live run, which is the one being watched;
    // widths follow the display scale.
    QPen runPen(const RunRecord& run, Qt::PenStyle style = Qt::SolidLine) const;
    QPen runPen(const QColor& color, bool live, Qt::PenStyle style = Qt::SolidLine) const;
    // A line width or marker size of the normal look, at the display scale.
    double scaled(double size) const { return size * m_scale; }
    // Subclasses set here the sizes they give once (a pen or marker set in the constructor,
    // an axis off the chart, a font of their own); called on every change of the display
    // scale, before redraw(). Use scaled() and scaleFonts().
    virtual void applyDisplayScale() {}
    // Sets the axis' title and tick-label fonts to their normal sizes times the display scale.
    void scaleFonts(QAbstractAxis* axis) const;
    void setLegendVisible(QAbstractSeries* series, bool visible);
    // Before a series is deleted: its address may be reused by the next one.
    void forgetLegendState(const QAbstractSeries* series);
    // Fills the legend label from the chart's legend markers that are visible (each series'
    // colour and line style, then its name) and an optional note on a line of its own (what
    // the line styles mean when several runs share a colour): axis titles stay short enough
    // to fit beside the plot, in every language. Call at the end of redraw().
    void showLegend(bool on, const QString& note = QString());

    // Grows or shrinks pool to n series of type S, attached to the axes, named by role (the
    // objectName, which tests and the legend logic use). Existing series are reused.
    template <class S>
    void resizePool(std::vector<S*>& pool, std::size_t n, QAbstractAxis* x, QAbstractAxis* y,
                    const QString& role) {
        while (pool.size() > n) {
            m_chart->removeSeries(pool.back());
            forgetLegendState(pool.back());
            delete pool.back();
            pool.pop_back();
        }
        while (pool.size() < n) {
            auto* series = new S;
            series->setObjectName(role);
            m_chart->addSeries(series);
            series->attachAxis(x);
            series->attachAxis(y);
            pool.push_back(series);
        }
    }

    // A vertical line across the plot at x, with a small label at its top.
    struct VerticalMarker {
        double x = 0.0;
        QString label;
        QPen pen;
    };
    // Replaces every vertical marker; the lines span [yMin, yMax] of the axis y is bound to.
    void setVerticalMarkers(const std::vector<VerticalMarker>& markers, QAbstractAxis* x,
                            QAbstractAxis* y, double yMin, double yMax);
    // Dashed grey markers at each live parameter change, labelled by changeLabel().
    void setChangeMarkers(const std::vector<ParameterChange>& changes, QValueAxis* x,
                          QValueAxis* y);
    // Ticks at a round interval (1, 2 or 5 x 10^k) over [0, max], without stretching the range.
    static void setRoundTicks(QValueAxis* axis, double max);

    void resizeEvent(QResizeEvent* event) override;

private:
    void showContextMenu(const QPoint& position);
    void exportWithDialog(const QString& suffix);
    void placeMarkerLabels();

    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QHBoxLayout* m_controls = nullptr;
    QLabel* m_legend = nullptr;
    // Series setLegendVisible() hid: a marker's own visibility also follows the (hidden) legend.
    std::vector<const QAbstractSeries*> m_hiddenFromLegend;
    double m_scale = 1.0;
    QTimer m_resizeTimer;          // merges the resize events of a drag into one redraw
    mutable int m_lastBudget = 0;  // the budget of the last redraw
    std::vector<QLineSeries*> m_markerLines;
    std::vector<QGraphicsSimpleTextItem*> m_markerLabels;
    std::vector<QPointF> m_markerFoot;  // where each marker line meets the bottom
};

// Fonts shared by charts and panels so every text is at least 9 pt.
QFont chartFont(int pointSize = 9, bool bold = false);

}  // namespace sl::ui
