#include "lesson_tour.h"

#include "language.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_ui.h"
#include "main_window.h"
#include "presentation_mode.h"

#include <QApplication>
#include <QDir>
#include <QTimer>
#include <cstdio>
#include <memory>

bool startLesson(sl::ui::MainWindow& window, const QString& path) {
    try {
        // A bare name is a built-in lesson: --lesson fashion-mnist-delta-t
        const QString builtIn = QStringLiteral(":/lessons/%1.json").arg(path);
        window.lessonUi()->startLesson(sl::ui::readLesson(QFile::exists(builtIn) ? builtIn : path));
        return true;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sparselab: %s\n", e.what());
        return false;
    }
}

void startLessonTour(sl::ui::MainWindow& window, const QString& folder, int steps) {
    QDir().mkpath(folder);
    auto* poll = new QTimer(&window);
    poll->setInterval(100);
    auto done = std::make_shared<int>(0);
    auto settle = std::make_shared<int>(0);
    QObject::connect(poll, &QTimer::timeout, &window, [&window, folder, steps, poll, done, settle] {
        auto& runner = window.lessonUi()->runner();
        if (runner.state() == sl::ui::LessonRunner::State::Running) return;
        if (*done < steps && runner.canGoNext()) {
            ++*done;
            runner.next();
            return;
        }
        if (++*settle < 5) return;  // a few frames so that every view has drawn the pause
        poll->stop();
        const QString language = sl::ui::language::current();
        window.grab().save(QDir(folder).filePath(QStringLiteral("lesson-%1.png").arg(language)));
        window.presentationMode()->enter();
        QTimer::singleShot(600, &window, [&window, folder, language] {
            window.grab().save(
                QDir(folder).filePath(QStringLiteral("presentation-%1.png").arg(language)));
            std::printf("lesson screenshots written to %s\n", qPrintable(folder));
            QApplication::quit();
        });
    });
    poll->start();
}
