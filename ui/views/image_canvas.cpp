#include "views/image_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace sl::ui {
namespace {

constexpr double kZoomStep = 1.25;
constexpr int kMargin = 6;
// Grid lines between weights only once a weight is big enough for them not to hide it.
constexpr double kGridZoom = 12.0;

}  // namespace

ImageCanvas::ImageCanvas(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setCursor(Qt::OpenHandCursor);
    setFocusPolicy(Qt::WheelFocus);
    setToolTip(tr("Scroll to zoom, drag to move around. Hover a square to see its weight."));
}

void ImageCanvas::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        setToolTip(tr("Scroll to zoom, drag to move around. Hover a square to see its weight."));
}

void ImageCanvas::setHoverText(const QString& text) {
    m_hoverText = text;
    // A tooltip already showing follows the mouse from weight to weight.
    if (QToolTip::isVisible() && m_hover.x() >= 0 && !text.isEmpty())
        QToolTip::showText(QCursor::pos(), text, this);
}

bool ImageCanvas::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip && m_hover.x() >= 0 && !m_hoverText.isEmpty()) {
        QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(), m_hoverText, this);
        return true;
    }
    return QWidget::event(event);
}

void ImageCanvas::setOverlay(const QImage& overlay, const QRectF& imageRect) {
    m_overlay = overlay;
    m_overlayRect = imageRect;
    m_hoverCell = overlayCellAt(m_mouse);
    update();
}

void ImageCanvas::setMaxZoom(double largest) {
    m_maxZoom = std::max(1.0, largest);
    if (m_zoom > m_maxZoom) zoomAround(m_maxZoom / m_zoom, rect().center());
}

void ImageCanvas::clearOverlay() {
    if (m_overlay.isNull()) return;
    m_overlay = QImage();
    m_hoverCell = {-1, -1};
    update();
}

QRectF ImageCanvas::visibleImageRect() const {
    if (m_image.isNull() || m_zoom <= 0.0) return {};
    const QRectF view((QPointF(0, 0) - m_offset) / m_zoom, QSizeF(width(), height()) / m_zoom);
    return view.intersected(QRectF(0, 0, m_image.width(), m_image.height()));
}

QPoint ImageCanvas::overlayCellAt(QPointF widgetPos) const {
    if (m_overlay.isNull() || m_overlayRect.isEmpty()) return {-1, -1};
    const QPointF p = (widgetPos - m_offset) / m_zoom - m_overlayRect.topLeft();
    const int x = static_cast<int>(std::floor(p.x() / m_overlayRect.width() * m_overlay.width()));
    const int y = static_cast<int>(std::floor(p.y() / m_overlayRect.height() * m_overlay.height()));
    if (x < 0 || y < 0 || x >= m_overlay.width() || y >= m_overlay.height()) return {-1, -1};
    return {x, y};
}

void ImageCanvas::setImage(const QImage& image) {
    const bool resized = image.size() != m_image.size();
    m_image = image;
    if (resized || m_fit) {
        fit();
    } else {
        update();
    }
}

double ImageCanvas::fitZoom() const {
    if (m_image.isNull()) return 1.0;
    const double w = std::max(1, width() - 2 * kMargin);
    const double h = std::max(1, height() - 2 * kMargin);
    return std::clamp(std::min(w / m_image.width(), h / m_image.height()), 0.05, m_maxZoom);
}

void ImageCanvas::fit() {
    m_fit = true;
    m_zoom = fitZoom();
    m_offset = QPointF((width() - m_image.width() * m_zoom) / 2.0,
                       (height() - m_image.height() * m_zoom) / 2.0);
    update();
    emit zoomChanged(m_zoom);
    emit viewMoved();
}

void ImageCanvas::zoomIn() { zoomAround(kZoomStep, rect().center()); }
void ImageCanvas::zoomOut() { zoomAround(1.0 / kZoomStep, rect().center()); }

void ImageCanvas::zoomAround(double factor, QPointF anchor) {
    if (m_image.isNull()) return;
    // Never smaller than half the fitted size: beyond that the image is only a speck.
    const double lowest = std::min(fitZoom(), 1.0) / 2.0;
    const double next = std::clamp(m_zoom * factor, lowest, m_maxZoom);
    if (next == m_zoom) return;
    // Keep the image point under the anchor fixed, as maps do.
    const QPointF imagePoint = (anchor - m_offset) / m_zoom;
    m_zoom = next;
    m_offset = anchor - imagePoint * m_zoom;
    m_fit = false;
    clampOffset();
    update();
    emit zoomChanged(m_zoom);
    emit viewMoved();
}

void ImageCanvas::clampOffset() {
    // Keep at least a quarter of the view covered by the image, so it cannot be lost.
    const double w = m_image.width() * m_zoom;
    const double h = m_image.height() * m_zoom;
    const double keepX = std::min(w, width() / 4.0);
    const double keepY = std::min(h, height() / 4.0);
    m_offset.setX(std::clamp(m_offset.x(), keepX - w, width() - keepX));
    m_offset.setY(std::clamp(m_offset.y(), keepY - h, height() - keepY));
}

QPoint ImageCanvas::pixelAt(QPointF widgetPos) const {
    if (m_image.isNull()) return {-1, -1};
    const QPointF p = (widgetPos - m_offset) / m_zoom;
    const int x = static_cast<int>(std::floor(p.x()));
    const int y = static_cast<int>(std::floor(p.y()));
    if (x < 0 || y < 0 || x >= m_image.width() || y >= m_image.height()) return {-1, -1};
    return {x, y};
}

void ImageCanvas::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Mid));
    if (m_image.isNull()) return;
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const QRectF target(m_offset, QSizeF(m_image.width() * m_zoom, m_image.height() * m_zoom));
    // Only the visible part is scaled, which keeps deep zooms of big layers cheap.
    const QRectF visible = target.intersected(QRectF(rect()));
    if (visible.isEmpty()) return;
    const int x0 =
        std::max(0, static_cast<int>(std::floor((visible.left() - m_offset.x()) / m_zoom)));
    const int y0 =
        std::max(0, static_cast<int>(std::floor((visible.top() - m_offset.y()) / m_zoom)));
    const int x1 = std::min(m_image.width(),
                            static_cast<int>(std::ceil((visible.right() - m_offset.x()) / m_zoom)));
    const int y1 = std::min(
        m_image.height(), static_cast<int>(std::ceil((visible.bottom() - m_offset.y()) / m_zoom)));
    const QRect source(x0, y0, x1 - x0, y1 - y0);
    const QRectF drawn(m_offset + QPointF(x0, y0) * m_zoom, QSizeF(source.size()) * m_zoom);
    painter.drawImage(drawn, m_image, source);
    if (!m_overlay.isNull()) {
        painter.save();
        painter.setClipRect(visible);
        painter.drawImage(
            QRectF(m_offset + m_overlayRect.topLeft() * m_zoom, m_overlayRect.size() * m_zoom),
            m_overlay);
        painter.restore();
    }

    if (m_zoom >= kGridZoom) {
        painter.setPen(QColor(0, 0, 0, 70));
        for (int x = x0; x <= x1; ++x)
            painter.drawLine(QPointF(m_offset.x() + x * m_zoom, drawn.top()),
                             QPointF(m_offset.x() + x * m_zoom, drawn.bottom()));
        for (int y = y0; y <= y1; ++y)
            painter.drawLine(QPointF(drawn.left(), m_offset.y() + y * m_zoom),
                             QPointF(drawn.right(), m_offset.y() + y * m_zoom));
    }
    if (m_hover.x() >= 0 && m_zoom >= 4.0) {
        painter.setPen(QPen(Qt::white, 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(m_offset + QPointF(m_hover) * m_zoom, QSizeF(m_zoom, m_zoom)));
    }
}

void ImageCanvas::resizeEvent(QResizeEvent*) {
    if (m_fit) {
        fit();
    } else {
        clampOffset();
        emit viewMoved();
    }
}

void ImageCanvas::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0.0) zoomAround(std::pow(kZoomStep, steps), event->position());
    event->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    m_dragging = true;
    m_dragStart = event->position();
    m_offsetAtDragStart = m_offset;
    setCursor(Qt::ClosedHandCursor);
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (m_dragging) {
        m_offset = m_offsetAtDragStart + (event->position() - m_dragStart);
        m_fit = false;
        clampOffset();
        update();
        emit viewMoved();
    }
    updateHover(event->position(), event->globalPosition().toPoint());
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    m_dragging = false;
    setCursor(Qt::OpenHandCursor);
}

void ImageCanvas::leaveEvent(QEvent*) { updateHover(QPointF(-1e9, -1e9), {}); }

void ImageCanvas::updateHover(QPointF widgetPos, QPoint globalPos) {
    m_mouse = widgetPos;
    const QPoint pixel = pixelAt(widgetPos);
    const QPoint cell = overlayCellAt(widgetPos);
    if (pixel == m_hover && cell == m_hoverCell) return;
    m_hover = pixel;
    m_hoverCell = cell;
    update();
    emit hoverChanged(pixel, globalPos);
}

}  // namespace sl::ui
