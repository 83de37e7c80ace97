#include "lessons/lesson_library.h"

#include "io/json_text.h"
#include "language.h"
#include "util/error.h"

#include <QDir>
#include <QFile>

namespace sl::ui {

namespace {
// Far above any lesson (the longest is ~10 KB): a bigger file is not read into memory.
constexpr qint64 kMaxLessonFileBytes = 1 << 20;
constexpr const char* kDefaultLesson = "fashion-mnist-rigl.json";
}  // namespace

Lesson readLesson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ConfigError(path.toStdString() + ": cannot be read (" +
                          file.errorString().toStdString() + ")");
    if (file.size() > kMaxLessonFileBytes)
        throw ConfigError(path.toStdString() + ": is " + std::to_string(file.size()) +
                          " bytes — a lesson file is at most 1 MiB");
    const QByteArray text = file.readAll();
    return parseLesson(parseJsonText(text.toStdString(), path.toStdString()), path.toStdString());
}

QList<Lesson> builtInLessons() {
    QList<Lesson> out;
    const QDir dir(QStringLiteral(":/lessons"));
    QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    if (files.removeOne(QLatin1String(kDefaultLesson)))
        files.prepend(QLatin1String(kDefaultLesson));
    for (const QString& name : files) {
        Lesson lesson = readLesson(dir.filePath(name));  // checked by tests: never throws here
        if (!lesson.steps.empty()) out << lesson;
    }
    return out;
}

QString lessonText(const LessonText& text) {
    return QString::fromStdString(text.in(language::current().toStdString()));
}

}  // namespace sl::ui
