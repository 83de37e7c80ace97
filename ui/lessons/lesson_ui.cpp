#include "lessons/lesson_ui.h"

#include "lessons/lesson_library.h"
#include "lessons/lesson_picker.h"
#include "lessons/lesson_sidebar.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QSettings>
#include <QTimer>

namespace sl::ui {

namespace {
constexpr int kHighlightMs = 2500;
const char* const kShownKey = "lessonPickerShown";
}  // namespace

LessonUi::LessonUi(QMainWindow& window, TrainingController& controller, LessonRunner::Hooks hooks)
    : QObject(&window), m_window(window) {
    hooks.showView = [this](const QString& view) { showView(view); };
    m_runner = new LessonRunner(controller, std::move(hooks), this);
    connect(m_runner, &LessonRunner::failed, this, &LessonUi::failed);
    m_sidebar = new LessonSidebar(*m_runner);
    connect(m_sidebar, &LessonSidebar::chooseRequested, this, &LessonUi::showPicker);
    m_dock = new QDockWidget(&window);
    m_dock->setObjectName(QStringLiteral("lessonDock"));
    m_dock->setWidget(m_sidebar);
    m_dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                        QDockWidget::DockWidgetClosable);
    window.addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    // Beside the configuration, not in a tab with it: a step may ask the class to change a
    // setting while its text stays in view.
    if (auto* config = window.findChild<QDockWidget*>(QStringLiteral("configDock")))
        window.splitDockWidget(config, m_dock, Qt::Vertical);
    m_dock->hide();  // until a lesson starts
    m_pick = new QAction(this);
    m_pick->setObjectName(QStringLiteral("lessonsAction"));
    connect(m_pick, &QAction::triggered, this, &LessonUi::showPicker);
    // The sidebar is a widget and hears of a language change; the action and dock title
    // follow it.
    connect(m_runner, &LessonRunner::changed, this, &LessonUi::retranslate);
    retranslate();
}

void LessonUi::retranslate() {
    m_dock->setWindowTitle(tr("Lesson"));
    m_pick->setText(tr("Lessons…"));
    m_pick->setToolTip(tr("Guided lessons: a run, a pace and steps to follow"));
}

bool LessonUi::pickerShownBefore() const { return QSettings().value(kShownKey).toBool(); }

void LessonUi::showPicker() {
    QSettings().setValue(kShownKey, true);
    auto* picker = new LessonPicker(builtInLessons(), &m_window);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    picker->setObjectName(QStringLiteral("lessonPicker"));
    connect(picker, &QDialog::accepted, this, [this, picker] { startLesson(picker->chosen()); });
    picker->open();
}

void LessonUi::startLesson(const Lesson& lesson, const QStringList& extraSets) {
    m_dock->show();
    m_dock->raise();
    m_runner->start(lesson, extraSets);
}

void LessonUi::showView(const QString& view) {
    if (view.isEmpty()) return;
    auto* dock = m_window.findChild<QDockWidget*>(view + QLatin1String("Dock"));
    if (!dock) return;  // "heatmap": the central view is always there
    dock->show();
    dock->raise();
    // A title that lights up for a moment shows the class where to look.
    dock->setStyleSheet(QStringLiteral("QDockWidget::title { background: #ffd54f; }"));
    QTimer::singleShot(kHighlightMs, dock, [dock] { dock->setStyleSheet(QString()); });
}

}  // namespace sl::ui
