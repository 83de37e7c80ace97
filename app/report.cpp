#include "report.h"

#include "train/sweep_table.h"
#include "util/error.h"
#include "views/sweep_plot.h"
#include "views/sweep_view.h"

#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>
#include <cstdio>

QSize parseReportSize(const QString& text) {
    const QStringList parts = text.toLower().split('x');
    if (parts.size() != 2) return {};
    bool okW = false, okH = false;
    const int w = parts[0].toInt(&okW), h = parts[1].toInt(&okH);
    if (!okW || !okH || w < 200 || h < 200 || w > 10000 || h > 10000) return {};
    return {w, h};
}

int writeSweepReport(const QString& folder, const QString& output, const QSize& size) {
    const QString suffix = QFileInfo(output).suffix().toLower();
    if (suffix != "png" && suffix != "svg") {
        std::fprintf(stderr, "sparselab: -o %s: expected a .png or .svg file name\n",
                     qPrintable(output));
        return 2;
    }
    sl::SweepTable table;
    try {
        table = sl::readSweepTable(folder.toStdString());
    } catch (const sl::Error& e) {
        std::fprintf(stderr, "sparselab: %s\n", e.what());
        return 1;
    }
    sl::ui::SweepView view;
    view.setPlot(sl::ui::makeSweepPlot(table));
    const QRectF area(QPointF(0, 0), QSizeF(size));
    if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setFileName(output);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(view.plot().title);
        QPainter painter;
        if (!painter.begin(&svg)) {
            std::fprintf(stderr, "sparselab: %s: cannot write\n", qPrintable(output));
            return 1;
        }
        view.paint(painter, area);
        painter.end();
    } else {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        view.paint(painter, area);
        painter.end();
        if (!image.save(output, "PNG")) {
            std::fprintf(stderr, "sparselab: %s: cannot write the image\n", qPrintable(output));
            return 1;
        }
    }
    std::printf("%s: %dx%d, %zu points, %zu runs\n", qPrintable(output), size.width(),
                size.height(), table.points.size(), table.runs.size());
    return 0;
}
