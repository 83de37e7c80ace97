#include "screen_fit.h"

#include <QDockWidget>
#include <QEvent>
#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QTabBar>
#include <QTimer>
#include <QWindow>

#include <algorithm>

namespace sl::ui::screen_fit {
namespace {

QDockWidget* dock(QMainWindow& window, const char* name) {
    return window.findChild<QDockWidget*>(QLatin1String(name), Qt::FindDirectChildrenOnly);
}

// The frame the window system adds around the window. Known once the window is shown; before
// that, a title bar's height is a safe guess except on platforms that draw no frame.
QMargins frameOf(const QWidget& window) {
    if (window.isVisible()) {
        const QRect frame = window.frameGeometry(), inner = window.geometry();
        return {inner.left() - frame.left(), inner.top() - frame.top(),
                frame.right() - inner.right(), frame.bottom() - inner.bottom()};
    }
    const QString platform = QGuiApplication::platformName();
    if (platform == QLatin1String("offscreen") || platform == QLatin1String("minimal")) return {};
    return {4, 32, 4, 4};
}

void wholeTitles(QMainWindow& window) {
    for (QTabBar* bar : window.findChildren<QTabBar*>(Qt::FindDirectChildrenOnly)) {
        if (bar->elideMode() != Qt::ElideNone) bar->setElideMode(Qt::ElideNone);
        if (!bar->usesScrollButtons()) bar->setUsesScrollButtons(true);
        for (int i = 0; i < bar->count(); ++i)
            if (bar->tabToolTip(i) != bar->tabText(i)) bar->setTabToolTip(i, bar->tabText(i));
    }
}

// The main window's layout makes its dock tab bars when docks are first tabbed together and
// sets their titles on every relayout: each relayout (and a new bar) is followed once.
class TabTitleKeeper : public QObject {
public:
    explicit TabTitleKeeper(QMainWindow& window) : QObject(&window), m_window(window) {
        setObjectName(QStringLiteral("tabTitleKeeper"));
        m_timer.setSingleShot(true);
        m_timer.setInterval(0);
        connect(&m_timer, &QTimer::timeout, this, [this] { wholeTitles(m_window); });
        window.installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == &m_window &&
            (event->type() == QEvent::LayoutRequest || event->type() == QEvent::ChildAdded ||
             event->type() == QEvent::LanguageChange))
            m_timer.start();
        return false;
    }

private:
    QMainWindow& m_window;
    QTimer m_timer;
};

}  // namespace

void keepTabTitlesWhole(QMainWindow& window) {
    if (window.findChild<QObject*>(QStringLiteral("tabTitleKeeper"), Qt::FindDirectChildrenOnly))
        return;
    new TabTitleKeeper(window);
    wholeTitles(window);
}

QScreen* screenOf(const QWidget& widget) {
    if (QScreen* s = QGuiApplication::screenAt(widget.geometry().center())) return s;
    return QGuiApplication::primaryScreen();
}

bool fits(const QRect& frame, const QRect& available) { return available.contains(frame); }

QRect placement(const QRect& available, QSize preferred, QMargins frame) {
    const QSize room = available.size().shrunkBy(frame);
    const QSize size = preferred.boundedTo(room);
    // Centred in the room the frame leaves; the frame's top-left is inside `available`.
    const QPoint topLeft(available.left() + frame.left() + (room.width() - size.width()) / 2,
                         available.top() + frame.top() + (room.height() - size.height()) / 2);
    return {topLeft, size};
}

bool fitWindow(QWidget& window) {
    QScreen* screen = screenOf(window);
    if (!screen) return false;
    const QRect available = screen->availableGeometry();
    const QMargins frame = frameOf(window);
    const QRect outer = window.geometry().marginsAdded(frame);
    if (fits(outer, available)) return false;
    // A window too large keeps as much of its size as fits; one merely off-screen keeps it all.
    window.setGeometry(placement(available, window.size(), frame));
    return true;
}

void arrangeDocks(QMainWindow& window, QSize available) {
    if (available.height() >= kCompactHeight) return;
    if (available.height() < kTinyHeight) {
        QDockWidget* loss = dock(window, "lossDock");
        if (!loss) return;
        for (const char* name : {"scheduleDock", "churnDock", "layersDock", "histogramDock",
                                 "whyDock", "costDock", "routingDock", "gradientDock", "textDock"})
            if (QDockWidget* d = dock(window, name)) window.tabifyDockWidget(loss, d);
        loss->raise();
        return;
    }
    // Bottom row: one tab group, so the row gets the window's whole width for one view and
    // needs only one view's minimum height.
    QDockWidget* layers = dock(window, "layersDock");
    for (const char* name : {"histogramDock", "whyDock"})
        if (QDockWidget* d = dock(window, name); d && layers) window.tabifyDockWidget(layers, d);
    // Right column: the loss chart alone, the schedule and churn charts as tabs below it; on a
    // projector's height (under kShortHeight) they join the bottom tab group, since two charts'
    // minimum heights and the bottom row's do not fit above each other.
    QDockWidget* schedule = dock(window, "scheduleDock");
    QDockWidget* churn = dock(window, "churnDock");
    if (available.height() < kShortHeight && layers) {
        for (QDockWidget* d : {schedule, churn})
            if (d) window.tabifyDockWidget(layers, d);
    } else if (churn && schedule) {
        window.tabifyDockWidget(schedule, churn);
        schedule->raise();
    }
    if (layers) layers->raise();
}

void sizeDocks(QMainWindow& window) {
    const int w = window.width(), h = window.height();
    const bool compact = h < kCompactHeight;
    QDockWidget* config = dock(window, "configDock");
    QDockWidget* loss = dock(window, "lossDock");
    QDockWidget* layers = dock(window, "layersDock");
    QDockWidget* histogram = dock(window, "histogramDock");
    QDockWidget* why = dock(window, "whyDock");
    if (config) window.resizeDocks({config}, {std::min(340, w * 30 / 100)}, Qt::Horizontal);
    if (loss) window.resizeDocks({loss}, {std::min(520, w * 34 / 100)}, Qt::Horizontal);
    if (layers) window.resizeDocks({layers}, {std::min(300, h * 38 / 100)}, Qt::Vertical);
    if (!compact && layers && histogram && why)
        window.resizeDocks({layers, histogram, why}, {w * 40 / 100, w * 25 / 100, w * 35 / 100},
                           Qt::Horizontal);
}

}  // namespace sl::ui::screen_fit
