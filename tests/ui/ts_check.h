#pragma once

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QXmlStreamReader>

// Reads a Qt Linguist .ts file and lists every entry a translator still owes: unfinished
// (new or changed in the sources), vanished or obsolete (gone from the sources), empty, or
// with other %1-style arguments than its source (the window would show "%2" or lose a value).
struct TsReport {
    int messages = 0;
    QStringList problems;  // "<context>: <kind>: <source>"
    QString error;         // the file could not be read as a .ts
};

inline QSet<QString> tsArguments(const QString& text) {
    QSet<QString> out;
    static const QRegularExpression argument(QStringLiteral("%(\\d+|n)"));
    for (auto it = argument.globalMatch(text); it.hasNext();) out.insert(it.next().captured());
    return out;
}

inline TsReport checkTs(const QString& path) {
    TsReport report;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        report.error = QStringLiteral("cannot open %1").arg(path);
        return report;
    }
    QXmlStreamReader xml(&file);
    QString context, source, translation, type;
    bool numerus = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                source.clear();
                translation.clear();
                type.clear();
                numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                type = xml.attributes().value(QLatin1String("type")).toString();
                // A numerus entry keeps its forms in <numerusform> children.
                translation = numerus ? QString() : xml.readElementText();
            } else if (name == QLatin1String("numerusform")) {
                const QString form = xml.readElementText();
                if (form.isEmpty()) translation.clear();
                else if (translation.isEmpty()) translation = form;
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            ++report.messages;
            const QString where = context + QStringLiteral(": ");
            if (!type.isEmpty()) report.problems << where + type + QStringLiteral(": ") + source;
            else if (translation.trimmed().isEmpty())
                report.problems << where + QStringLiteral("empty: ") + source;
            else if (tsArguments(source) != tsArguments(translation))
                report.problems << where + QStringLiteral("arguments differ: ") + source;
        }
    }
    if (xml.hasError()) report.error = QStringLiteral("%1: %2").arg(path, xml.errorString());
    return report;
}
