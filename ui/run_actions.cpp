#include "run_actions.h"

#include "controller/training_controller.h"

#include <QLabel>
#include <QStyle>
#include <QWidget>

namespace sl::ui {

RunActions::RunActions(TrainingController& controller, QObject* parent)
    : QObject(parent), m_controller(controller) {
    QStyle* style = qobject_cast<QWidget*>(parent) ? qobject_cast<QWidget*>(parent)->style() : nullptr;
    auto make = [&](const QString& text, const QString& tip, QStyle::StandardPixmap icon,
                    QList<QKeySequence> keys) {
        auto* a = new QAction(text, this);
        if (style) a->setIcon(style->standardIcon(icon));
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        QStringList keyText;
        for (const auto& k : keys) keyText << k.toString(QKeySequence::NativeText);
        a->setToolTip(QString("%1 (%2)").arg(tip, keyText.join(", ")));
        return a;
    };
    playPause = make(tr("Play"), tr("Train continuously; press again to pause"),
                     QStyle::SP_MediaPlay, {Qt::Key_Space});
    step = make(tr("Step"), tr("Train one batch"), QStyle::SP_MediaSeekForward,
                {Qt::Key_Right, Qt::Key_S});
    nextUpdate = make(tr("Next mask update"),
                      tr("Train up to and including the next mask update"),
                      QStyle::SP_MediaSkipForward, {Qt::Key_N});
    epoch = make(tr("Epoch"), tr("Train to the end of the current epoch"),
                 QStyle::SP_ArrowForward, {Qt::Key_E});
    reset = make(tr("Reset"), tr("Start the run again from step 0 with the current settings"),
                 QStyle::SP_BrowserReload, {QKeySequence(Qt::CTRL | Qt::Key_R)});

    connect(playPause, &QAction::triggered, this, [this] {
        if (m_playing) m_controller.pause();
        else m_controller.play();
    });
    connect(step, &QAction::triggered, this, [this] { m_controller.stepBatch(); });
    connect(nextUpdate, &QAction::triggered, this, [this] { m_controller.stepToNextMaskUpdate(); });
    connect(epoch, &QAction::triggered, this, [this] { m_controller.stepEpoch(); });
    connect(reset, &QAction::triggered, this, [this] { m_controller.reset(); });

    speed = new QComboBox;
    speed->setToolTip(tr("Training speed. Slow speeds let a class watch single mask updates; "
                         "'max' trains as fast as the machine can."));
    for (const auto& [label, value] : std::initializer_list<std::pair<const char*, double>>{
             {"max", 0}, {"500 steps/s", 500}, {"100 steps/s", 100}, {"20 steps/s", 20},
             {"5 steps/s", 5}, {"2 steps/s", 2}})
        speed->addItem(tr(label), value);
    connect(speed, &QComboBox::currentIndexChanged, this,
            [this] { m_controller.setSpeed(speed->currentData().toDouble()); });
}

void RunActions::addTo(QToolBar* toolbar) {
    toolbar->addAction(playPause);
    toolbar->addAction(step);
    toolbar->addAction(nextUpdate);
    toolbar->addAction(epoch);
    toolbar->addAction(reset);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr(" Speed ")));
    toolbar->addWidget(speed);
}

QList<QAction*> RunActions::actions() const { return {playPause, step, nextUpdate, epoch, reset}; }

void RunActions::setPlaying(bool playing, bool finished) {
    m_playing = playing;
    playPause->setText(playing ? tr("Pause") : tr("Play"));
    if (auto* w = qobject_cast<QWidget*>(parent()))
        playPause->setIcon(w->style()->standardIcon(playing ? QStyle::SP_MediaPause
                                                            : QStyle::SP_MediaPlay));
    playPause->setEnabled(playing || !finished);
    for (QAction* a : {step, nextUpdate, epoch}) a->setEnabled(!finished);
}

} // namespace sl::ui
