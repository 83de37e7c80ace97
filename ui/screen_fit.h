#pragma once

#include <QMargins>
#include <QRect>
#include <QSize>

class QMainWindow;
class QScreen;
class QWidget;

namespace sl::ui {

// Fits the window to the screen it opens on (#17): a classroom projector is often 1024 × 768
// or 1280 × 720, and a window laid out for 1680 × 1050 there hides its bottom and right docks.
// The window is never larger than the screen's available area, and on short screens the docks
// share tab groups instead of being squeezed below a readable size.
namespace screen_fit {

// A dock narrower or lower than this cannot be read (a chart's axes and legend, a table's
// header and three rows); the UI test holds every visible dock to it.
inline constexpr QSize kReadableDock{160, 120};
// The window's size where the screen has room for it.
inline constexpr QSize kPreferredWindow{1500, 950};
// Screens lower than this get the compact layout: one tab group for the bottom docks, the
// schedule and churn charts as tabs.
inline constexpr int kCompactHeight = 1000;
// Screens lower than this (1366 × 768, 1280 × 720, 1024 × 768) put the schedule and churn
// charts in the bottom tab group too, leaving the loss chart beside the heatmap.
inline constexpr int kShortHeight = 800;
// Screens lower than this (1366 × 768 at QT_SCALE_FACTOR=1.5 is 910 × 512 logical pixels) have
// no room for a bottom row under the heatmap: every chart and panel becomes a tab of the loss
// chart's group on the right, which then gets the whole height.
inline constexpr int kTinyHeight = 600;

// The screen the widget is (or will be) on: the one under its centre, else the primary one.
QScreen* screenOf(const QWidget& widget);
// True when `frame` lies wholly inside `available`.
bool fits(const QRect& frame, const QRect& available);
// The geometry (without the frame) the window gets on `available`: `preferred` centred where it
// fits, otherwise as much of the area as the frame leaves. `frame` is the title bar and borders
// the window system adds (none on the offscreen platform).
QRect placement(const QRect& available, QSize preferred, QMargins frame);
// Moves and resizes the window so that its frame is inside the screen's available area; keeps
// a geometry that already fits. Returns true if it had to change the geometry.
bool fitWindow(QWidget& window);
// Tab groups for a short screen (height below kCompactHeight); a tall one keeps the side-by-side
// layout. Docks are found by their object names.
void arrangeDocks(QMainWindow& window, QSize available);
// Dock sizes for the window's current size, proportional to it so that they fit any screen.
void sizeDocks(QMainWindow& window);
// The tab bars of docks sharing a place show whole titles, scrolling when they do not all fit,
// with the title as the tab's tooltip too: Qt elides them, and at 911 px wide (1366 × 768 at
// QT_SCALE_FACTOR=1.5) ten tabs in one column became "Lo…", "S…", "Ch…". Applies to the
// tab bars the window has and to every one its layout creates later.
void keepTabTitlesWhole(QMainWindow& window);

}  // namespace screen_fit
}  // namespace sl::ui
