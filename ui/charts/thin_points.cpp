#include "charts/thin_points.h"

#include <algorithm>

namespace sl::ui {

QList<QPointF> thinPoints(const QList<QPointF>& points, int maxPoints) {
    const qsizetype n = points.size();
    if (n <= maxPoints) return points;
    if (maxPoints <= 0) return {};
    if (maxPoints == 1) return {points.first()};
    if (maxPoints < 4) return {points.first(), points.last()};

    // Two points per bucket plus the two ends: the result never exceeds maxPoints.
    const qsizetype interior = n - 2;
    const qsizetype buckets = (maxPoints - 2) / 2;
    QList<QPointF> out;
    out.reserve(2 + 2 * buckets);
    out.append(points.first());
    for (qsizetype b = 0; b < buckets; ++b) {
        const qsizetype begin = 1 + interior * b / buckets;
        const qsizetype end = 1 + interior * (b + 1) / buckets;
        if (begin >= end) continue;
        qsizetype lo = begin;
        qsizetype hi = begin;
        for (qsizetype i = begin + 1; i < end; ++i) {
            if (points[i].y() < points[lo].y()) lo = i;
            if (points[i].y() > points[hi].y()) hi = i;
        }
        out.append(points[std::min(lo, hi)]);
        if (lo != hi) out.append(points[std::max(lo, hi)]);
    }
    out.append(points.last());
    return out;
}

}  // namespace sl::ui
