#include "lessons/lesson_sidebar.h"

#include "lessons/lesson_library.h"
#include "lessons/lesson_runner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace sl::ui {

LessonSidebar::LessonSidebar(LessonRunner& runner, QWidget* parent)
    : QWidget(parent), m_runner(runner) {
    m_title = new QLabel;
    m_title->setWordWrap(true);
    m_progress = new QLabel;
    m_text = new QLabel;
    m_text->setObjectName(QStringLiteral("lessonStepText"));
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_text);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_back = new QPushButton;
    m_next = new QPushButton;
    m_next->setDefault(true);
    m_choose = new QPushButton;

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);
    buttons->addStretch(1);
    buttons->addWidget(m_choose);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_progress);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    setMinimumWidth(220);
    applyFonts();

    connect(m_back, &QPushButton::clicked, &m_runner, &LessonRunner::back);
    connect(m_next, &QPushButton::clicked, &m_runner, &LessonRunner::next);
    connect(m_choose, &QPushButton::clicked, this, &LessonSidebar::chooseRequested);
    connect(&m_runner, &LessonRunner::changed, this, &LessonSidebar::refresh);
    refresh();
}

QString LessonSidebar::stepText() const { return m_text->text(); }
QString LessonSidebar::statusText() const { return m_status->text(); }

void LessonSidebar::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) refresh();
    // Presentation mode enlarges the window's font: the title and text grow with it.
    if (event->type() == QEvent::FontChange) applyFonts();
}

void LessonSidebar::applyFonts() {
    // Read from the back of a classroom: the title and the step's text are the largest here.
    QFont title = font();
    title.setBold(true);
    title.setPointSizeF(font().pointSizeF() * 1.2);
    m_title->setFont(title);
    QFont text = font();
    text.setPointSizeF(font().pointSizeF() * 1.15);
    m_text->setFont(text);
}

void LessonSidebar::refresh() {
    m_back->setText(tr("Back"));
    m_next->setText(tr("Next"));
    m_choose->setText(tr("Lessons…"));
    const int index = m_runner.current();
    if (index < 0 || m_runner.count() == 0) {
        m_title->setText(tr("No lesson"));
        m_progress->clear();
        m_text->setText(tr("Choose a lesson with File ▸ Lessons… or the button below."));
        m_status->clear();
        m_back->setEnabled(false);
        m_next->setEnabled(false);
        return;
    }
    const Lesson& lesson = m_runner.lesson();
    const LessonStep& step = lesson.steps[std::size_t(index)];
    m_title->setText(lessonText(lesson.title));
    m_progress->setText(tr("Step %1 of %2").arg(index + 1).arg(m_runner.count()));
    m_text->setText(lessonText(step.text));
    QString status;
    if (m_runner.state() == LessonRunner::State::Running) {
        switch (step.pause.kind) {
        case PauseKind::MaskUpdate: status = tr("Playing to the next mask update…"); break;
        case PauseKind::EpochEnd: status = tr("Playing to the end of the epoch…"); break;
        case PauseKind::Step: status = tr("Playing to step %1…").arg(step.pause.step); break;
        case PauseKind::End: status = tr("Playing to the end of the run…"); break;
        case PauseKind::Prune: status = tr("Pruning the trained model…"); break;
        case PauseKind::Lottery:
            status = tr("Lottery ticket rounds are running; each joins the run list…");
            break;
        case PauseKind::None: break;
        }
    } else if (m_runner.state() == LessonRunner::State::Ready) {
        // Reset: the run is at its start and still; the step is as when it began.
        switch (step.pause.kind) {
        case PauseKind::MaskUpdate:
            status = tr("The run was reset. Press Play to play to the next mask update.");
            break;
        case PauseKind::EpochEnd:
            status = tr("The run was reset. Press Play to play to the end of the epoch.");
            break;
        case PauseKind::Step:
            status = tr("The run was reset. Press Play to play to step %1.").arg(step.pause.step);
            break;
        case PauseKind::End:
            status = tr("The run was reset. Press Play to play to the end of the run.");
            break;
        case PauseKind::None:
        case PauseKind::Prune:
        case PauseKind::Lottery: break;
        }
    } else if (m_runner.pausedAt() >= 0) {
        status = m_runner.canGoNext()
                     ? tr("Paused at step %1. Press Next to go on.").arg(m_runner.pausedAt())
                     : tr("Paused at step %1. This was the last step.").arg(m_runner.pausedAt());
    } else {
        status = m_runner.canGoNext() ? tr("Press Next to go on.") : tr("This was the last step.");
    }
    m_status->setText(status);
    m_back->setEnabled(m_runner.canGoBack());
    m_next->setEnabled(m_runner.canGoNext());
}

}  // namespace sl::ui
