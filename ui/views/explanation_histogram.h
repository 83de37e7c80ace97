#pragma once

#include <QColor>
#include <QString>
#include <QWidget>
#include <vector>

class QPainter;

namespace sl::ui {

// One side of a mask update drawn as a histogram with QPainter: the scores of the weights
// that stayed where they were (background) stacked with those the update moved (highlight),
// and a dashed vertical line at the cut-off between them. With no data it shows a message.
class ExplanationHistogram : public QWidget {
    Q_OBJECT
public:
    struct Series {
        QString name;  // for the legend: "kept", "dropped"
        QColor color;
        std::vector<float> values;
        long long total = -1;  // when values is a sample: how many weights it stands for
    };
    enum class LabelSide { Left, Right };

    explicit ExplanationHistogram(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setAxisTitle(const QString& title);
    // cutoff NaN draws no line; the label goes on the side of the line the moved weights are.
    void setData(Series background, Series highlight, float cutoff, const QString& cutoffLabel,
                 LabelSide side);
    // Replaces the histogram with a centred sentence (e.g. "growth is random").
    void setMessage(const QString& message);

    const QString& title() const { return m_title; }
    const QString& message() const { return m_message; }
    // The bin counts drawn, background then highlight (for tests and tooltips).
    const std::vector<int>& backgroundCounts() const { return m_backgroundCounts; }
    const std::vector<int>& highlightCounts() const { return m_highlightCounts; }
    float rangeLow() const { return m_lo; }
    float rangeHigh() const { return m_hi; }

    int bins() const { return m_bins; }
    // How many times the data was binned: a view that shows the same data again should not
    // bin it again (WhyUpdateView, 30 snapshots a second).
    int binnings() const { return m_binnings; }
    // About this many bins; the exact number puts the cut-off on a bin edge.
    static constexpr int kBins = 40;

    QSize sizeHint() const override { return {340, 260}; }
    QSize minimumSizeHint() const override { return {140, 110}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void rebin();
    int drawHeader(QPainter& painter);
    void drawMessage(QPainter& painter, const QRect& area);

    QString m_title;
    QString m_axisTitle;
    QString m_message;
    Series m_background;
    Series m_highlight;
    float m_cutoff = 0.0f;
    QString m_cutoffLabel;
    LabelSide m_side = LabelSide::Left;
    std::vector<int> m_backgroundCounts;
    std::vector<int> m_highlightCounts;
    float m_lo = 0.0f;
    float m_hi = 1.0f;
    int m_bins = kBins;
    int m_splitBin = -1;  // the first bin right of the cut-off; -1 without one
    int m_binnings = 0;
};

}  // namespace sl::ui
