#pragma once

#include <QSize>
#include <QString>

// `sparselab --report DIR -o report.png|.svg [--size WxH]`: the Sweep view of a sweep folder,
// drawn headless into an image of exactly the requested size (PNG) or an SVG of that size.
// Returns the process exit code: 0, 2 for a bad request (unknown extension, bad size), 1 when
// the folder cannot be read or the file cannot be written; messages go to stderr.
int writeSweepReport(const QString& folder, const QString& output, const QSize& size);

// "1200x800" -> QSize; an invalid QSize for anything else or sides outside 200..10000.
QSize parseReportSize(const QString& text);
