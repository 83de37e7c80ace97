#pragma once

#include "controller/snapshot.h"

#include <QImage>
#include <QPoint>
#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;
class QToolButton;

namespace sl::ui {

class HeatmapLegend;
class ImageCanvas;
class LayerCombo;

// One layer's mask as a picture: a square per weight (inputs across, outputs down) coloured
// by state and magnitude, zoomable and pannable, with a legend and a hover read-out. For the
// first layer of an image model it can instead show each hidden unit's incoming mask as a
// small image ("receptive fields"), which makes visible which pixels the unit still sees.
class MaskHeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit MaskHeatmapView(QWidget* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);
    int currentLayer() const;
    // True while the receptive-field tiles are shown instead of the plain heatmap (asked for,
    // and possible for the current layer).
    bool receptiveFieldsShown() const;
    // The image being shown, at one pixel per weight (before zoom).
    QImage renderedImage() const { return m_image; }
    // What hovering the given pixel of renderedImage() reports; empty off the weights.
    QString hoverText(QPoint pixel) const;
    // The read-out under the image: the hovered weight, or the layer's summary.
    QString statusText() const;
    // For a layer shown as a density map: the weights (rows × cols from row0, col0) the view
    // wants one by one, because it is zoomed in to a few screen pixels per weight; (0, 0)
    // sizes when it no longer does. The snapshots then carry them (LayerSnapshot::window).
    struct WeightRange {
        int layer = -1, row0 = 0, col0 = 0, rows = 0, cols = 0;
        bool operator==(const WeightRange&) const = default;
    };
    WeightRange wantedWindow() const;
    ImageCanvas* canvas() const { return m_canvas; }

    QSize sizeHint() const override { return {700, 450}; }

public slots:
    void setCurrentLayer(int layer);
    void setReceptiveFields(bool on);

signals:
    void layerChanged(int layer);
    void windowRequested(int layer, int row0, int col0, int rows, int cols);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    const LayerSnapshot* layer() const;
    bool receptiveFieldsAvailable() const;
    void rebuild();
    void refreshStatus();
    QString summaryText() const;
    void requestWindow();
    void showWindow();
    WeightRange m_requested;

    SnapshotPtr m_snapshot;
    QImage m_image;
    bool m_receptiveFields = false;
    int m_tilesPerRow = 1;
    int m_shownLayer = -1;

    LayerCombo* m_layerCombo = nullptr;
    QCheckBox* m_fieldsButton = nullptr;
    ImageCanvas* m_canvas = nullptr;
    HeatmapLegend* m_legend = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_layerLabel = nullptr;
    QToolButton* m_zoomOut = nullptr;
    QToolButton* m_zoomIn = nullptr;
    QToolButton* m_fit = nullptr;
};

}  // namespace sl::ui
