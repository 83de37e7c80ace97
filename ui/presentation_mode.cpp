#include "presentation_mode.h"

#include "charts/chart_widget.h"
#include "screen_fit.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QLocale>
#include <QMainWindow>
#include <QShortcut>
#include <QTimer>
#include <QToolBar>

#include <algorithm>
#include <cmath>
#include <set>

namespace sl::ui {

PresentationMode::PresentationMode(QMainWindow& window, QStringList shownDocks,
                                   QStringList keptIfVisible)
    : QObject(&window), m_window(window), m_shownDocks(std::move(shownDocks)),
      m_keptIfVisible(std::move(keptIfVisible)) {
    m_action = new QAction(this);
    m_action->setObjectName(QStringLiteral("presentationAction"));
    m_action->setCheckable(true);
    m_action->setShortcut(QKeySequence(Qt::Key_F5));
    m_action->setShortcutContext(Qt::WindowShortcut);
    window.addAction(m_action);  // F5 works with the menu bar hidden too
    connect(m_action, &QAction::toggled, this, [this](bool on) { on ? enter() : leave(); });
    m_escape = new QShortcut(QKeySequence(Qt::Key_Escape), &window);
    m_escape->setEnabled(false);
    connect(m_escape, &QShortcut::activated, m_action, [this] { m_action->setChecked(false); });
    retranslate();
}

void PresentationMode::retranslate() {
    m_action->setText(tr("Presentation"));
    m_action->setToolTip(
        tr("For a projector: large text, the heatmap and three charts; Esc returns"));
    updateCounter();
}

void PresentationMode::enter() {
    if (m_active) return;
    m_active = true;
    if (!m_action->isChecked()) m_action->setChecked(true);
    m_savedState = m_window.saveState();
    m_fontWasSet = m_window.testAttribute(Qt::WA_SetFont);
    m_savedFont = m_window.font();
    for (QDockWidget* dock : m_window.findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly)) {
        const QString name = dock->objectName();
        const bool keep =
            m_shownDocks.contains(name) || (m_keptIfVisible.contains(name) && dock->isVisible());
        dock->setVisible(keep);
        if (keep) dock->raise();
    }
    QFont big = m_savedFont;
    big.setPointSizeF(m_savedFont.pointSizeF() * kFontScale);
    m_window.setFont(big);
    // The transport buttons stay, larger.
    if (auto* run = m_window.findChild<QToolBar*>(QStringLiteral("runToolbar"))) {
        m_savedIconSize = run->iconSize();
        run->setIconSize(m_savedIconSize * kFontScale);
        run->show();
    }
    m_counter = new QLabel;
    m_counter->setObjectName(QStringLiteral("presentationCounter"));
    QFont counterFont = big;
    counterFont.setPointSizeF(big.pointSizeF() * 1.5);
    counterFont.setBold(true);
    m_counter->setFont(counterFont);
    m_counter->setContentsMargins(12, 4, 12, 4);
    m_counterBar = new QToolBar;
    m_counterBar->setObjectName(QStringLiteral("presentationBar"));
    m_counterBar->setMovable(false);
    m_counterBar->addWidget(m_counter);
    // A row of its own: beside the transport buttons it would push them into the overflow.
    m_window.addToolBarBreak(Qt::TopToolBarArea);
    m_window.addToolBar(Qt::TopToolBarArea, m_counterBar);
    m_counterBar->show();
    m_escape->setEnabled(true);
    // Lines, markers and the charts' own texts grow too: widget fonts alone leave the axes
    // and legends at 9 pt.
    for (ChartWidget* chart : m_window.findChildren<ChartWidget*>())
        chart->setDisplayScale(kFontScale);
    updateCounter();
    giveTheHeatmapRoom();
}

void PresentationMode::giveTheHeatmapRoom() {
    // The heatmap is what the room looks at. On a short screen (a projector's 768 px) a chart
    // row under it would leave it a strip: the chosen charts become tabs of one group on the
    // right, which has the whole height, and the heatmap keeps the rest. On a tall screen the
    // charts docked below it get a quarter of the height. restoreState() undoes both.
    QList<QDockWidget*> charts;
    for (const QString& name : m_shownDocks)
        if (auto* dock = m_window.findChild<QDockWidget*>(name, Qt::FindDirectChildrenOnly))
            charts << dock;
    if (m_window.height() < screen_fit::kCompactHeight && !charts.isEmpty()) {
        QDockWidget* first = charts.front();
        if (m_window.dockWidgetArea(first) != Qt::RightDockWidgetArea || first->isFloating()) {
            first->setFloating(false);
            m_window.addDockWidget(Qt::RightDockWidgetArea, first);
        }
        for (QDockWidget* dock : charts.mid(1)) {
            dock->setFloating(false);
            m_window.tabifyDockWidget(first, dock);
        }
        first->raise();
    }
    // Once the layout has taken the hidden docks out.
    QTimer::singleShot(0, this, [this, charts] {
        if (!m_active) return;
        if (m_window.height() < screen_fit::kCompactHeight) {
            if (!charts.isEmpty())
                m_window.resizeDocks({charts.front()}, {m_window.width() * kChartColumn / 100},
                                     Qt::Horizontal);
            return;
        }
        for (QDockWidget* dock : m_window.findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly))
            if (dock->isVisible() && m_window.dockWidgetArea(dock) == Qt::BottomDockWidgetArea)
                m_window.resizeDocks({dock}, {m_window.height() / 4}, Qt::Vertical);
    });
}

void PresentationMode::leave() {
    if (!m_active) return;
    m_active = false;
    if (m_action->isChecked()) m_action->setChecked(false);
    m_escape->setEnabled(false);
    m_window.removeToolBar(m_counterBar);
    m_counterBar->deleteLater();
    m_counterBar = nullptr;
    m_counter = nullptr;
    if (m_fontWasSet) m_window.setFont(m_savedFont);
    else m_window.setFont(QFont());  // back to following the application's font
    m_window.setAttribute(Qt::WA_SetFont, m_fontWasSet);
    for (ChartWidget* chart : m_window.findChildren<ChartWidget*>()) chart->setDisplayScale(1.0);
    if (auto* run = m_window.findChild<QToolBar*>(QStringLiteral("runToolbar")))
        run->setIconSize(m_savedIconSize);
    m_window.restoreState(m_savedState);
}

void PresentationMode::onSnapshot(const SnapshotPtr& snapshot) {
    m_last = snapshot;
    if (m_active) updateCounter();
}

void PresentationMode::updateCounter() {
    if (!m_counter) return;
    if (!m_last) {
        m_counter->setText(tr("Step %1").arg(0));
        return;
    }
    // maskUpdates holds one entry per layer and update: count the update steps.
    std::set<long long> updateSteps;
    for (const auto& u : m_last->maskUpdates) updateSteps.insert(u.step);
    const QLocale locale;
    QString text =
        tr("Step %1 of %2").arg(locale.toString(m_last->step), locale.toString(m_last->totalSteps));
    if (m_last->stepsPerEpoch > 0)
        text += QStringLiteral("   ·   ") +
                tr("Epoch %1")
                    .arg(std::min<long long>(m_last->step / m_last->stepsPerEpoch + 1,
                                             std::max(1, m_last->config.train.epochs)));
    text += QStringLiteral("   ·   ") +
            tr("Mask updates: %1").arg(locale.toString(qulonglong(updateSteps.size())));
    // The newest point that has a test evaluation (the others carry NaN there).
    for (auto it = m_last->history.rbegin(); it != m_last->history.rend(); ++it)
        if (std::isfinite(it->testAccuracy)) {
            text += QStringLiteral("   ·   ") +
                    tr("Test accuracy %1 %").arg(locale.toString(100.0 * it->testAccuracy, 'f', 1));
            break;
        }
    m_counter->setText(text);
}

}  // namespace sl::ui
