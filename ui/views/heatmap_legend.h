#pragma once

#include <QString>
#include <QWidget>
#include <vector>

namespace sl::ui {

// The heatmap's key: the magnitude ramp of active weights (small |w| to large |w|, with the
// largest value), then pruned, just grown and just pruned swatches. Items wrap onto further
// lines when the view is narrow, and an item's own text wraps when even a line of its own is
// too narrow for it (911 px wide at QT_SCALE_FACTOR=1.5), so no label is ever clipped.
class HeatmapLegend : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapLegend(QWidget* parent = nullptr);

    // The |w| the bright end of the ramp stands for (0: unknown, not shown).
    void setMaxMagnitude(float value);
    // A density map is shown instead (a pixel per block): the ramp stands for the blocks'
    // active fraction up to `maxFraction`, the swatches for blocks. Negative: per weight again.
    void setDensity(double maxFraction);

    // Where each item's text is drawn at the current width, as much room as it needs: inside
    // rect() when nothing is clipped (the UI test at 911 px holds it to that).
    std::vector<QRect> textBoxes() const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    struct Item {
        QString text;
        bool ramp = false;
        unsigned color = 0;
    };
    std::vector<Item> items() const;
    int itemWidth(const Item& item) const;
    // Where an item goes: its top-left and the box its text wraps in.
    struct Place {
        QPoint topLeft;
        QRect text;
    };
    // Lays the items out in rows no wider than width; returns the height they need.
    int layout(int width, std::vector<Place>* places) const;

    float m_maxMagnitude = 0.0f;
    double m_densityMax = -1.0;
};

}  // namespace sl::ui
