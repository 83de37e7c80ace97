#include "run_actions.h"

#include "controller/training_controller.h"
#include "lesson_pacer.h"

#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QWidget>

namespace sl::ui {

namespace {

// The speed selector's stops: steps per second, 0 meaning as fast as the machine goes;
// kLessonPace (appended last, so the other stops keep their places) is the lesson's pace.
constexpr double kLessonPace = -1.0;
constexpr double kSpeeds[] = {0, 500, 100, 20, 5, 2, kLessonPace};

void setTexts(QAction* a, const QString& text, const QString& tip) {
    a->setText(text);
    QStringList keyText;
    for (const auto& k : a->shortcuts()) keyText << k.toString(QKeySequence::NativeText);
    //: An action's tooltip: what it does, then its keyboard shortcuts.
    a->setToolTip(RunActions::tr("%1 (%2)").arg(tip, keyText.join(QStringLiteral(", "))));
}

}  // namespace

RunActions::RunActions(TrainingController& controller, QObject* parent)
    : QObject(parent), m_controller(controller) {
    QStyle* style =
        qobject_cast<QWidget*>(parent) ? qobject_cast<QWidget*>(parent)->style() : nullptr;
    auto make = [&](QStyle::StandardPixmap icon, QList<QKeySequence> keys) {
        auto* a = new QAction(this);
        if (style) a->setIcon(style->standardIcon(icon));
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        return a;
    };
    playPause = make(QStyle::SP_MediaPlay, {Qt::Key_Space});
    step = make(QStyle::SP_MediaSeekForward, {Qt::Key_Right, Qt::Key_S});
    nextUpdate = make(QStyle::SP_MediaSkipForward, {Qt::Key_N});
    epoch = make(QStyle::SP_ArrowForward, {Qt::Key_E});
    reset = make(QStyle::SP_BrowserReload, {QKeySequence(Qt::CTRL | Qt::Key_R)});

    connect(playPause, &QAction::triggered, this, [this] {
        if (m_playing) m_controller.pause();
        else m_controller.play();
    });
    connect(step, &QAction::triggered, this, [this] { m_controller.stepBatch(); });
    connect(nextUpdate, &QAction::triggered, this, [this] { m_controller.stepToNextMaskUpdate(); });
    connect(epoch, &QAction::triggered, this, [this] { m_controller.stepEpoch(); });
    connect(reset, &QAction::triggered, this, [this] { m_controller.reset(); });

    speed = new QComboBox;
    for (double value : kSpeeds) speed->addItem(QString(), value);
    pacer = new LessonPacer(controller, this);
    connect(speed, &QComboBox::currentIndexChanged, this, [this] {
        const double value = speed->currentData().toDouble();
        pacer->setActive(value == kLessonPace);
        if (value != kLessonPace) m_controller.setSpeed(value);
    });
    m_speedLabel = new QLabel;
    retranslate();
}

void RunActions::retranslate() {
    setPlaying(m_playing, !step->isEnabled());
    setTexts(step, tr("Step"), tr("Train one batch"));
    setTexts(nextUpdate, tr("Next mask update"),
             tr("Train up to and including the next mask update"));
    setTexts(epoch, tr("Epoch"), tr("Train to the end of the current epoch"));
    setTexts(reset, tr("Reset"), tr("Start the run again from step 0 with the current settings"));
    speed->setToolTip(tr("Training speed. Slow speeds let a class watch single mask updates; "
                         "\"max\" trains as fast as the machine can."));
    const QLocale locale;
    for (int i = 0; i < speed->count(); ++i) {
        const double value = speed->itemData(i).toDouble();
        speed->setItemText(i, value == kLessonPace ? tr("lesson pace")
                              : value == 0         ? tr("max")
                                           : tr("%1 steps/s").arg(locale.toString(value, 'f', 0)));
    }
    m_speedLabel->setText(tr("Speed"));
}

void RunActions::addTo(QToolBar* toolbar) {
    toolbar->addAction(playPause);
    toolbar->addAction(step);
    toolbar->addAction(nextUpdate);
    toolbar->addAction(epoch);
    toolbar->addAction(reset);
    toolbar->addSeparator();
    m_speedLabel->setContentsMargins(6, 0, 4, 0);
    toolbar->addWidget(m_speedLabel);
    toolbar->addWidget(speed);
}

void RunActions::useLessonPace() { speed->setCurrentIndex(speed->findData(kLessonPace)); }

QList<QAction*> RunActions::actions() const { return {playPause, step, nextUpdate, epoch, reset}; }

void RunActions::setPlaying(bool playing, bool finished) {
    m_playing = playing;
    if (playing) setTexts(playPause, tr("Pause"), tr("Pause training after the current step"));
    else setTexts(playPause, tr("Play"), tr("Train continuously; press again to pause"));
    if (auto* w = qobject_cast<QWidget*>(parent()))
        playPause->setIcon(
            w->style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    playPause->setEnabled(playing || !finished);
    for (QAction* a : {step, nextUpdate, epoch}) a->setEnabled(!finished);
}

}  // namespace sl::ui
