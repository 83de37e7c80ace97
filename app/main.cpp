// sparselab: the window. Opens on the last config used, or the default lesson (RigL at 90% on
// Fashion-MNIST, paused: one press of Play shows sparse training happening).

#include "io/json_config.h"
#include "language.h"
#include "lesson_tour.h"
#include "main_window.h"
#include "report.h"
#include "screenshot_tour.h"
#include "util/blas.h"
#include "util/error.h"
#include "window_benchmark.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

namespace {

// Without a display Qt's xcb platform aborts before any argument is read (#17): --help and
// --version, and the window-less --screenshots, --measure and --report, fall back to the offscreen
// platform; a plain launch says why it cannot open a window.
bool chooseHeadlessPlatform(int argc, char** argv) {
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
        qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        return true;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        for (const char* option : {"-h", "--help", "--help-all", "-v", "--version", "--screenshots",
                                   "--measure", "--report", "--lesson-shots", "-?"})
            if (arg == option || arg.startsWith(QByteArray(option) + '=')) {
                qputenv("QT_QPA_PLATFORM", "offscreen");
                return true;
            }
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (!chooseHeadlessPlatform(argc, argv)) {
        std::fprintf(stderr,
                     "sparselab: no display to open the window on (DISPLAY is not set).\n"
                     "Run it in a desktop session, use --screenshots <dir> (drawn off-screen), "
                     "or train with sparselab-cli.\n");
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName("SparseLab");
    QApplication::setApplicationName("SparseLab");
    QApplication::setApplicationVersion("0.1.0");

    QCommandLineParser parser;
    parser.setApplicationDescription("SparseLab: watch sparse neural-network training live.");
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption lesson("default-lesson", "Open on the default lesson, not the last config.");
    QCommandLineOption shots(
        "screenshots", "Train, then save screenshots of every view in <dir> and quit.", "dir");
    QCommandLineOption until("until-step", "With --screenshots: train to this step first.", "step",
                             "700");
    QCommandLineOption measure(
        "measure",
        "Play at full speed for <seconds> with every view live, print engine steps/s as JSON and quit.",
        "seconds");
    // The help and messages of the command line stay English, as sparselab-cli's do.
    QCommandLineOption language(
        "language",
        "The window's language: en or zh_CN (default: the last one chosen in View > Language, else the system locale's).",
        "code");
    QCommandLineOption configFile(
        "config",
        "Open on the run config in <file> (a lesson such as resources/lessons/fashion-mnist-cnn-rigl.json).",
        "file");
    QCommandLineOption report(
        "report",
        "Draw the Sweep view of the sweep folder <dir> into the file given by -o and quit.", "dir");
    QCommandLineOption output({"o", "output"}, "With --report: the image to write (.png or .svg).",
                              "file");
    QCommandLineOption size(
        "size",
        "With --report: the image size; with --screenshots: the window size (default 1680x1050).",
        "WxH", "1200x800");
    QCommandLineOption guided(
        "lesson",
        "Open on the guided lesson in <file> (or a built-in one by name, e.g. fashion-mnist-delta-t).",
        "file");
    QCommandLineOption lessonShots(
        "lesson-shots",
        "With --lesson: press Next --lesson-steps times, save the window and presentation mode as PNGs in <dir> and quit.",
        "dir");
    QCommandLineOption lessonSteps("lesson-steps",
                                   "With --lesson-shots: how many times to press Next.", "n", "2");
    parser.addOptions({lesson, shots, until, measure, configFile, language, report, output, size,
                       guided, lessonShots, lessonSteps});
    parser.process(app);
    if (parser.isSet(report)) {
        const QSize requested = parseReportSize(parser.value(size));
        if (!parser.isSet(output) || !requested.isValid()) {
            qCritical(
                "sparselab: --report needs -o report.png (or .svg) and a --size WxH from 200 to 10000 per side");
            return 2;
        }
        return writeSweepReport(parser.value(report), parser.value(output), requested);
    }

    // Read before any window exists, so that a bad file is a message and exit code 2 (as in
    // sparselab-cli), not a window on some other config.
    sl::RunConfig fromFile;
    if (parser.isSet(configFile)) {
        try {
            fromFile = sl::loadRunConfig(parser.value(configFile).toStdString(), {});
        } catch (const std::exception& e) {  // sl::Error, or a JSON parse error
            qCritical("sparselab: %s", e.what());
            return 2;
        }
    }

    // One BLAS thread by default: with two cores, a second spinning BLAS thread steals the GUI
    // thread's core (DESIGN.md, measured facts). SPARSELAB_BLAS_THREADS overrides it.
    sl::setBlasThreads(qEnvironmentVariableIntValue("SPARSELAB_BLAS_THREADS") > 0
                           ? qEnvironmentVariableIntValue("SPARSELAB_BLAS_THREADS")
                           : 1);
    const sl::RunConfig defaults;
    const bool fresh = parser.isSet(lesson) || parser.isSet(shots) || parser.isSet(measure);
    // Screenshots and measurements use the default layout, never the user's saved one (and
    // do not overwrite it).
    if (parser.isSet(shots) || parser.isSet(measure))
        QApplication::setApplicationName("SparseLab-tour");
    // Before the window exists, so every widget is built in the language. An explicit
    // --language is not saved: screenshots in Chinese must not change the user's choice.
    if (parser.isSet(language)) {
        if (!sl::ui::language::available().contains(parser.value(language))) {
            qCritical("sparselab: --language must be one of %s, not \"%s\"",
                      qPrintable(sl::ui::language::available().join(", ")),
                      qPrintable(parser.value(language)));
            return 2;
        }
        sl::ui::language::apply(parser.value(language));
    } else {
        sl::ui::language::apply(sl::ui::language::preferred());
    }
    sl::ui::MainWindow window(parser.isSet(configFile) ? &fromFile : fresh ? &defaults : nullptr);
    if (parser.isSet(shots)) {
        // The screen a classroom has (1366x768, 1024x768) can be asked for by name.
        const QSize asked = parser.isSet(size) ? parseReportSize(parser.value(size)) : QSize();
        if (parser.isSet(size) && !asked.isValid()) {
            qCritical("sparselab: --size must be WxH from 200 to 10000 per side");
            return 2;
        }
        window.resize(asked.isValid() ? asked : QSize(1680, 1050));
        startScreenshotTour(window, parser.value(shots), parser.value(until).toLongLong());
    }
    if (parser.isSet(measure)) {
        window.resize(1680, 1050);
        startWindowBenchmark(window, parser.value(measure).toDouble());
    }
    window.show();
    if (parser.isSet(guided)) {
        if (!startLesson(window, parser.value(guided))) return 2;
        if (parser.isSet(lessonShots)) {
            window.resize(1366, 768);
            startLessonTour(window, parser.value(lessonShots), parser.value(lessonSteps).toInt());
        }
    } else if (!parser.isSet(configFile) && !parser.isSet(shots) && !parser.isSet(measure)) {
        window.showLessonPickerOnFirstLaunch();
    }
    return app.exec();
}
