#pragma once

#include <QList>
#include <QPointF>

namespace sl::ui {

// Reduces a curve to at most maxPoints points for drawing. Keeps the first and the last point
// and, for each bucket of consecutive points in between, its lowest and its highest point in
// their original order, so a one-step loss spike or a churn peak survives any zoom level.
// Points are taken as sorted by x; a curve that already fits is returned unchanged.
QList<QPointF> thinPoints(const QList<QPointF>& points, int maxPoints);

}  // namespace sl::ui
