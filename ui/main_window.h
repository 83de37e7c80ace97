#pragma once

#include "controller/snapshot.h"
#include "train/lottery.h"
#include "train/run_config.h"

#include <QMainWindow>
#include <QMenu>
#include <QTimer>
#include <QToolBar>
#include <functional>

namespace sl::ui {

class TrainingController;
class RunBook;
class RunActions;
class MessageBanner;
class StatusLine;
class MaskHeatmapView;
class WhyUpdateView;
class ExpertRoutingView;
class TextView;
class LossAccuracyChart;
class ChurnChart;
class ScheduleChart;
class WeightHistogramChart;
class LayerSparsityPanel;
class CostCountersPanel;
class GradientTrafficPanel;
class ConfigPanel;
class RunListPanel;
class ChartWidget;
class LotteryWorker;
class SweepView;
class SweepOpener;
class LessonUi;
class PresentationMode;

// Creates the docks and wires them to the controller; every view is its own class. Redraws
// are merged: a snapshot arriving starts a ~30 ms single-shot timer, and the redraw takes the
// newest snapshot then, so the window draws at most ~30 times a second however fast the
// engine runs.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Opens on `config`; without one, on the last config kept in QSettings, or the default
    // lesson.
    explicit MainWindow(const RunConfig* config = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    TrainingController& controller() { return *m_controller; }
    SnapshotPtr shownSnapshot() const { return m_shown; }
    int redrawCount() const { return m_redraws; }

    // For tests and screenshots.
    MaskHeatmapView* heatmapView() const { return m_heatmap; }
    LayerSparsityPanel* layerSparsityPanel() const { return m_layerPanel; }
    ConfigPanel* configPanel() const { return m_configPanel; }
    ExpertRoutingView* expertRoutingView() const { return m_routing; }
    TextView* textView() const { return m_text; }
    MessageBanner* banner() const { return m_banner; }
    QList<QDockWidget*> docks() const;
    RunBook* runBook() const { return m_runs; }
    RunActions* runActions() const { return m_actions; }
    LossAccuracyChart* lossChart() const { return m_lossChart; }
    WhyUpdateView* whyView() const { return m_why; }

    // File ▸ Save run set… / Open run set… (run_set_file.h): the kept runs with their
    // histories. Opening adds to the runs kept now. Both return false after a dialog naming
    // what went wrong.
    bool saveRunSet(const QString& path);
    bool openRunSet(const QString& path);
    // Where the kept runs of a session are saved on close and read at the next launch.
    static QString sessionRunSetPath();
    // Save checkpoint… asks for the file through this (a file dialog unless a test sets it).
    void setSavePathAsker(std::function<QString()> ask) { m_askSavePath = std::move(ask); }

    // Opens a checkpoint (File ▸ Open, Ctrl+O, or a file dropped on the window); a file that
    // cannot be read is explained in a dialog and the current run stays.
    void openCheckpoint(const QString& path);
    // Lottery-ticket rounds of the current run's config on their own thread (Run ▸ Lottery
    // ticket rounds… asks for the settings); each finished round joins the run list.
    void startLotteryRounds(const LotterySettings& settings);
    LotteryWorker* lotteryWorker() const { return m_lottery; }
    // File ▸ Open sweep…: every run of a sweep folder joins the run list, the Sweep view
    // shows its table. Returns false (after a dialog) when the folder cannot be read.
    bool openSweep(const QString& folder);
    SweepView* sweepView() const { return m_sweepView; }
    SweepOpener* sweepOpener() const { return m_sweepOpener; }
    // Guided lessons (File ▸ Lessons…, the lesson dock) and View ▸ Presentation (F5).
    LessonUi* lessonUi() const { return m_lessons; }
    PresentationMode* presentationMode() const { return m_presentation; }
    // The first launch opens the lesson picker (app/main.cpp asks; tests do not).
    void showLessonPickerOnFirstLaunch();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    // Every text of the window's own menus, docks and toolbar, in the current language.
    void retranslate();
    // The configuration form builds its labels once; on a language change a new form replaces
    // it, holding the same config.
    void rebuildConfigPanel();
    void connectConfigPanel();
    void createViews();
    void createDocks();
    void createMenus();
    void redraw();
    void applyConfig(const RunConfig& config);
    void exportMetrics();
    void exportCharts();
    void restoreSettings();
    // Pauses the run first, so the file holds the step on screen when Save was chosen, not
    // whatever the run reached while the dialog was open; a playing run resumes after.
    void saveCheckpointAs();
    void askRunSetToSave();
    void askRunSetToOpen();
    void restoreSessionRuns();
    void askLotteryRounds();
    void createLessonsAndPresentation();

    TrainingController* m_controller;
    RunBook* m_runs;
    RunActions* m_actions = nullptr;
    MessageBanner* m_banner = nullptr;
    StatusLine* m_status = nullptr;
    MaskHeatmapView* m_heatmap = nullptr;
    WhyUpdateView* m_why = nullptr;
    ExpertRoutingView* m_routing = nullptr;
    TextView* m_text = nullptr;
    LossAccuracyChart* m_lossChart = nullptr;
    ChurnChart* m_churnChart = nullptr;
    ScheduleChart* m_scheduleChart = nullptr;
    WeightHistogramChart* m_histogram = nullptr;
    LayerSparsityPanel* m_layerPanel = nullptr;
    CostCountersPanel* m_costPanel = nullptr;
    GradientTrafficPanel* m_gradientPanel = nullptr;
    ConfigPanel* m_configPanel = nullptr;
    RunListPanel* m_runList = nullptr;
    LotteryWorker* m_lottery = nullptr;
    SweepView* m_sweepView = nullptr;
    SweepOpener* m_sweepOpener = nullptr;
    LessonUi* m_lessons = nullptr;
    PresentationMode* m_presentation = nullptr;
    QTimer m_redrawTimer;
    SnapshotPtr m_shown;
    int m_redraws = 0;
    QString m_lastNotice;
    std::function<void()> m_defaultLayout;  // dock sizes for a first launch
    std::function<QString()> m_askSavePath;
    QString m_openingPath;   // a checkpoint being opened, so its error gets a dialog
    long long m_runId = -1;  // the run the config panel shows

    // Texts the window sets itself, kept for retranslate().
    struct Texts {
        QMenu* file = nullptr;
        QMenu* run = nullptr;
        QMenu* view = nullptr;
        QAction* open = nullptr;
        QAction* fineTune = nullptr;
        QAction* openSweep = nullptr;
        QAction* save = nullptr;
        QAction* saveRunSet = nullptr;
        QAction* openRunSet = nullptr;
        QAction* exportCsv = nullptr;
        QAction* exportCharts = nullptr;
        QAction* quit = nullptr;
        QAction* keep = nullptr;
        QAction* prune = nullptr;
        QAction* lottery = nullptr;
        QAction* defaultLesson = nullptr;
        QToolBar* toolbar = nullptr;
    } m_texts;
    QDockWidget* m_configDock = nullptr;
};

}  // namespace sl::ui
