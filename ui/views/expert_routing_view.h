#pragma once

#include "controller/snapshot.h"

#include <QRect>
#include <QStringList>
#include <QWidget>

namespace sl::ui {

// Where a mixture of experts sends its inputs, from RunSnapshot::expertFraction and
// classRouting: one bar per expert (its share of all routings) and a class × expert table
// whose cells are shaded by the share of that class's routings going to the expert, with the
// percentage written in. A class that one expert takes almost entirely stands out as one dark
// cell in its row. Hovering a bar or cell explains it in a tooltip.
class ExpertRoutingView : public QWidget {
    Q_OBJECT
public:
    explicit ExpertRoutingView(QWidget* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);
    bool hasRouting() const;
    // Row labels: the dataset's class names (Fashion-MNIST), else "class 0", "class 1", ...
    QStringList classNames() const { return m_classNames; }
    // Geometry of the drawing at the current size, for hit tests and tests.
    QRect barRect(int expert) const;
    QRect cellRect(int cls, int expert) const;
    // What hovering `pos` explains; empty away from bars and cells.
    QString toolTipAt(QPoint pos) const;

    QSize sizeHint() const override { return {520, 460}; }
    QSize minimumSizeHint() const override { return {240, 180}; }

protected:
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    struct Layout {
        QRect title, bars, table;
        int labelWidth = 0;
        int rowHeight = 0;
        int columnWidth = 0;
    };
    Layout layoutFor(const QRect& area) const;
    double barScale() const;
    int experts() const;
    int classes() const;

    SnapshotPtr m_snapshot;
    QStringList m_classNames;
};

}  // namespace sl::ui
