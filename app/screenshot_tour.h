#pragma once

#include <QString>

namespace sl::ui {
class MainWindow;
}

// `sparselab --screenshots DIR [--until-step N]`: trains the window's run to step N, stops at
// the next mask update, and saves the whole window and every dock as PNGs in DIR — the
// README's screenshots, reproducible with one command.
void startScreenshotTour(sl::ui::MainWindow& window, const QString& folder, long long untilStep);
