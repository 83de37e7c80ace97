#pragma once

#include <QImage>
#include <QPoint>
#include <QPointF>
#include <QString>
#include <QWidget>

namespace sl::ui {

// Shows one image, pixel-exact: nearest-neighbour scaling (no smoothing, so a weight is a
// crisp square), zoom with the wheel or zoomIn()/zoomOut(), pan by dragging, and "fit" which
// follows the widget's size until the user zooms. Reports the image pixel under the mouse.
class ImageCanvas : public QWidget {
    Q_OBJECT
public:
    explicit ImageCanvas(QWidget* parent = nullptr);

    // A new image of the same size keeps zoom and pan (a live update); a new size refits.
    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }

    double zoom() const { return m_zoom; }
    bool fitting() const { return m_fit; }
    // The image pixel under a widget position, or (-1, -1) outside the image.
    QPoint pixelAt(QPointF widgetPos) const;
    QPoint hoveredPixel() const { return m_hover; }
    // What the tooltip says while the mouse is over the image (the owner describes the pixel).
    void setHoverText(const QString& text);
    // A finer image drawn over part of the image: imageRect in image pixels (fractional), the
    // overlay's pixels stretched over it. The heatmap of a density map puts single weights
    // over their blocks this way when zoomed in. hoveredOverlayCell() is then the overlay
    // pixel under the mouse, (-1, -1) off it.
    void setOverlay(const QImage& overlay, const QRectF& imageRect);
    void clearOverlay();
    // The deepest zoom, in screen pixels per image pixel (96 unless set): a density map's
    // pixel is a block of many weights and needs more to show single ones.
    void setMaxZoom(double largest);
    bool hasOverlay() const { return !m_overlay.isNull(); }
    QPoint hoveredOverlayCell() const { return m_hoverCell; }
    // The part of the image inside the widget, in image pixels.
    QRectF visibleImageRect() const;

    QSize sizeHint() const override { return {640, 360}; }
    QSize minimumSizeHint() const override { return {200, 120}; }

public slots:
    void zoomIn();
    void zoomOut();
    void fit();

signals:
    // The pixel under the mouse changed; (-1, -1) when the mouse left the image.
    void hoverChanged(QPoint pixel, QPoint globalPos);
    void zoomChanged(double zoom);
    // The zoom or the pan changed, or the widget's size (visibleImageRect() did).
    void viewMoved();

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    double fitZoom() const;
    void zoomAround(double factor, QPointF anchor);
    void clampOffset();
    void updateHover(QPointF widgetPos, QPoint globalPos);

    QImage m_image;
    double m_zoom = 1.0;
    QPointF m_offset;  // widget position of the image's top-left corner
    bool m_fit = true;
    bool m_dragging = false;
    QPointF m_dragStart;
    QPointF m_offsetAtDragStart;
    QPoint m_hover{-1, -1};
    QString m_hoverText;
    double m_maxZoom = 96.0;
    QImage m_overlay;
    QRectF m_overlayRect;
    QPoint m_hoverCell{-1, -1};
    QPointF m_mouse{-1e9, -1e9};
    QPoint overlayCellAt(QPointF widgetPos) const;
};

}  // namespace sl::ui
