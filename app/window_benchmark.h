#pragma once

namespace sl::ui {
class MainWindow;
}

// `sparselab --measure SECONDS`: plays the window's run at full speed with every view drawing,
// then prints JSON (steps, seconds, engine steps/s, snapshots and redraws per second) and
// quits. Compared with `sparselab-cli train` on the same run, it shows what the live view
// costs the engine.
void startWindowBenchmark(sl::ui::MainWindow& window, double seconds);
