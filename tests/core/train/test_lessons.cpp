#include "io/json_config.h"

#include <QDir>
#include <QtTest>
#include <nlohmann/json.hpp>

// Every lesson preset must stay a valid config as the config grows.
class TestLessons : public QObject {
    Q_OBJECT
private slots:
    void everyLessonIsAValidConfig() {
        const QDir dir(SPARSELAB_LESSONS);
        const QStringList files = dir.entryList({"*.json"}, QDir::Files);
        QVERIFY(files.size() >= 2);
        for (const QString& file : files) {
            const sl::RunConfig c = sl::loadRunConfig(dir.filePath(file).toStdString(), {});
            QVERIFY2(!c.model.hidden.empty(), qPrintable(file));
        }
    }

    void rigLLessonIsTheDefaultConfig() {
        const QDir dir(SPARSELAB_LESSONS);
        const auto lesson = sl::toJson(
            sl::loadRunConfig(dir.filePath("fashion-mnist-rigl.json").toStdString(), {}));
        QCOMPARE(lesson, sl::toJson(sl::RunConfig{}));
    }
};

QTEST_APPLESS_MAIN(TestLessons)
#include "test_lessons.moc"
