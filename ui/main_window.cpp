#include "main_window.h"

#include "charts/chart_widget.h"
#include "charts/churn_chart.h"
#include "charts/loss_accuracy_chart.h"
#include "charts/schedule_chart.h"
#include "charts/weight_histogram_chart.h"
#include "controller/lottery_worker.h"
#include "controller/training_controller.h"
#include "io/csv_export.h"
#include "language_menu.h"
#include "lesson_pacer.h"
#include "lessons/lesson_ui.h"
#include "message_banner.h"
#include "panels/config_panel.h"
#include "panels/cost_counters_panel.h"
#include "panels/gradient_traffic_panel.h"
#include "panels/layer_sparsity_panel.h"
#include "panels/lottery_dialog.h"
#include "panels/prune_dialog.h"
#include "panels/run_list_panel.h"
#include "presentation_mode.h"
#include "run_actions.h"
#include "run_book.h"
#include "run_set_file.h"
#include "screen_fit.h"
#include "status_line.h"
#include "sweep_opener.h"
#include "transport_keys.h"
#include "views/expert_routing_view.h"
#include "views/mask_heatmap_view.h"
#include "views/sweep_view.h"
#include "views/text_view.h"
#include "views/why_update_view.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace sl::ui {
namespace {

constexpr int kRedrawMs = 30;

RunConfig initialConfig(const RunConfig* given) {
    if (given) return *given;
    const QByteArray saved = QSettings().value("lastConfig").toByteArray();
    if (!saved.isEmpty()) {
        try {
            return fromJson(nlohmann::json::parse(saved.toStdString()));
        } catch (const std::exception&) {
            // A config from an older version that no longer validates: the default lesson.
        }
    }
    return RunConfig{};
}

}  // namespace

MainWindow::MainWindow(const RunConfig* config, QWidget* parent)
    : QMainWindow(parent), m_controller(new TrainingController(this)), m_runs(new RunBook(this)) {
    setDockNestingEnabled(true);
    createViews();
    createDocks();
    createMenus();
    statusBar()->addPermanentWidget(m_status);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(kRedrawMs);
    connect(&m_redrawTimer, &QTimer::timeout, this, &MainWindow::redraw);
    connect(m_controller, &TrainingController::snapshotReady, this, [this] {
        if (!m_redrawTimer.isActive()) m_redrawTimer.start();
    });
    connect(m_controller, &TrainingController::failed, this, [this](const QString& message) {
        m_banner->showError(message);
        if (!m_openingPath.isEmpty() && message.contains(m_openingPath)) {
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open the checkpoint"),
                                        message, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();  // not exec(): the window keeps drawing behind the dialog
            m_openingPath.clear();
        }
    });
    setAcceptDrops(true);
    connect(m_runs, &RunBook::changed, this, [this] {
        m_lossChart->setRuns(m_runs->runs());
        m_churnChart->setRuns(m_runs->runs());
        m_scheduleChart->setRuns(m_runs->runs());
        m_runList->setRuns(m_runs->runs());
    });

    restoreSettings();
    screen_fit::keepTabTitlesWhole(*this);
    restoreSessionRuns();
    applyConfig(initialConfig(config));
    // A launch on the lesson (no config given) plays at the lesson's pace; "max" stays a choice.
    if (!config) m_actions->useLessonPace();
}

MainWindow::~MainWindow() = default;

void MainWindow::createViews() {
    m_banner = new MessageBanner;
    m_status = new StatusLine;
    m_heatmap = new MaskHeatmapView;
    m_why = new WhyUpdateView;
    m_routing = new ExpertRoutingView;
    m_text = new TextView;
    connect(m_text, &TextView::requestChanged, m_controller, &TrainingController::setTextRequest);
    m_lossChart = new LossAccuracyChart;
    m_churnChart = new ChurnChart;
    m_scheduleChart = new ScheduleChart;
    m_histogram = new WeightHistogramChart;
    m_layerPanel = new LayerSparsityPanel;
    m_costPanel = new CostCountersPanel;
    m_gradientPanel = new GradientTrafficPanel;
    m_configPanel = new ConfigPanel;
    m_runList = new RunListPanel;
    m_sweepView = new SweepView;
    m_sweepOpener = new SweepOpener(*m_runs, *m_runList, *m_sweepView, this);

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_banner);
    layout->addWidget(m_heatmap, 1);
    setCentralWidget(central);

    // One layer selection for the views that show a single layer.
    connect(m_heatmap, &MaskHeatmapView::layerChanged, this, [this](int layer) {
        m_controller->setDetailLayers({layer});
        m_why->setCurrentLayer(layer);
        m_histogram->setLayer(layer);
    });
    connect(m_heatmap, &MaskHeatmapView::windowRequested, m_controller,
            &TrainingController::setDetailWindow);
    connectConfigPanel();
    connect(m_runList, &RunListPanel::keepRequested, m_runs, &RunBook::keepLive);
    connect(m_runList, &RunListPanel::visibilityChanged, m_runs, &RunBook::setVisible);
    connect(m_runList, &RunListPanel::renamed, m_runs, &RunBook::rename);
    connect(m_runList, &RunListPanel::removeRequested, m_runs, &RunBook::remove);
}

void MainWindow::createDocks() {
    // Titles come from retranslate(), by object name.
    auto dock = [this](QWidget* w, const QString& name, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(this);
        d->setObjectName(name);  // saveState() needs a stable name for every dock
        d->setWidget(w);
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                       QDockWidget::DockWidgetClosable);
        addDockWidget(area, d);
        return d;
    };
    // The panel scrolls by itself and keeps Defaults/Apply pinned below.
    QDockWidget* config = m_configDock = dock(m_configPanel, "configDock", Qt::LeftDockWidgetArea);
    QDockWidget* runs = dock(m_runList, "runsDock", Qt::LeftDockWidgetArea);
    tabifyDockWidget(config, runs);
    config->raise();

    QDockWidget* loss = dock(m_lossChart, "lossDock", Qt::RightDockWidgetArea);
    QDockWidget* schedule = dock(m_scheduleChart, "scheduleDock", Qt::RightDockWidgetArea);
    QDockWidget* churn = dock(m_churnChart, "churnDock", Qt::RightDockWidgetArea);
    splitDockWidget(loss, schedule, Qt::Vertical);
    splitDockWidget(schedule, churn, Qt::Vertical);
    QDockWidget* sweep = dock(m_sweepView, "sweepDock", Qt::RightDockWidgetArea);
    tabifyDockWidget(loss, sweep);
    loss->raise();
    connect(m_sweepOpener, &SweepOpener::opened, sweep, &QDockWidget::raise);

    QDockWidget* layers = dock(m_layerPanel, "layersDock", Qt::BottomDockWidgetArea);
    QDockWidget* histogram = dock(m_histogram, "histogramDock", Qt::BottomDockWidgetArea);
    QDockWidget* why = dock(m_why, "whyDock", Qt::BottomDockWidgetArea);
    QDockWidget* cost = dock(m_costPanel, "costDock", Qt::BottomDockWidgetArea);
    splitDockWidget(layers, histogram, Qt::Horizontal);
    splitDockWidget(histogram, why, Qt::Horizontal);
    tabifyDockWidget(layers, cost);
    // Mixture-of-experts runs only; a tab beside the per-layer table, which it does not need.
    QDockWidget* routing = dock(m_routing, "routingDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(layers, routing);
    QDockWidget* gradient = dock(m_gradientPanel, "gradientDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(cost, gradient);
    // Language models only (model.kind gpt): brought forward when such a run starts.
    QDockWidget* text = dock(m_text, "textDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(layers, text);
    layers->raise();
    // Sizes only mean something once the window has its size: applied when it is first
    // shown, unless a saved layout is restored instead.
    // Proportional to the window, which fits the screen (screen_fit.h).
    m_defaultLayout = [this] { screen_fit::sizeDocks(*this); };
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    QTimer::singleShot(0, this, [this] {
        // The window system's frame is known now; a title bar may have pushed it off-screen.
        screen_fit::fitWindow(*this);
        if (m_defaultLayout) m_defaultLayout();
        m_defaultLayout = nullptr;
    });
}

QList<QDockWidget*> MainWindow::docks() const { return findChildren<QDockWidget*>(); }

void MainWindow::createMenus() {
    m_actions = new RunActions(*m_controller, this);
    auto* toolbar = m_texts.toolbar = addToolBar(QString());
    toolbar->setObjectName("runToolbar");
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_actions->addTo(toolbar);
    qApp->installEventFilter(
        new TransportKeys(*this, {m_actions->playPause, m_actions->nextUpdate}, this));
    createLessonsAndPresentation();

    QMenu* file = m_texts.file = menuBar()->addMenu(QString());
    file->addAction(m_lessons->pickAction());
    file->addSeparator();
    m_texts.open = file->addAction(QString(), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open checkpoint"), QDir::homePath(), tr("SparseLab checkpoints (*.h5)"));
        if (!path.isEmpty()) openCheckpoint(path);
    });
    m_texts.open->setShortcut(QKeySequence::Open);
    m_texts.fineTune = file->addAction(QString(), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Fine-tune from checkpoint"), QDir::homePath(),
                                         tr("SparseLab checkpoints (*.h5)"));
        if (!path.isEmpty()) m_controller->fineTuneFrom(path);
    });
    m_texts.fineTune->setObjectName(QStringLiteral("fineTuneAction"));
    m_texts.openSweep = file->addAction(QString(), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Open sweep folder (written by sparselab-cli sweep --out-dir)"),
            QDir::homePath());
        if (!folder.isEmpty()) openSweep(folder);
    });
    m_texts.save = file->addAction(QString(), this, &MainWindow::saveCheckpointAs);
    m_texts.save->setShortcut(QKeySequence::Save);
    m_texts.openRunSet = file->addAction(QString(), this, &MainWindow::askRunSetToOpen);
    m_texts.saveRunSet = file->addAction(QString(), this, &MainWindow::askRunSetToSave);
    file->addSeparator();
    m_texts.exportCsv = file->addAction(QString(), this, &MainWindow::exportMetrics);
    m_texts.exportCsv->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_texts.exportCharts = file->addAction(QString(), this, &MainWindow::exportCharts);
    file->addSeparator();
    m_texts.quit = file->addAction(QString(), this, &QWidget::close);
    m_texts.quit->setShortcut(QKeySequence::Quit);

    QMenu* run = m_texts.run = menuBar()->addMenu(QString());
    run->addActions(m_actions->actions());
    run->addSeparator();
    m_texts.keep = run->addAction(QString(), m_runs, &RunBook::keepLive);
    m_texts.prune = run->addAction(QString(), this, [this] {
        // The snapshot does not carry the training set's size; the worker refuses too many.
        const int subset = m_shown ? m_shown->config.data.trainSubset : 0;
        PruneDialog dialog(subset > 0 ? subset : 60000, this);
        if (dialog.exec() == QDialog::Accepted) m_controller->pruneModel(dialog.settings());
    });
    m_texts.lottery = run->addAction(QString(), this, &MainWindow::askLotteryRounds);
    m_texts.defaultLesson = run->addAction(QString(), this, [this] {
        m_configPanel->setConfig(RunConfig{});
        applyConfig(RunConfig{});
        m_actions->useLessonPace();
    });

    QMenu* view = m_texts.view = menuBar()->addMenu(QString());
    for (QDockWidget* d : docks()) view->addAction(d->toggleViewAction());
    view->addSeparator();
    view->addAction(m_presentation->action());
    view->addMenu(new LanguageMenu(view));
    retranslate();
}

void MainWindow::changeEvent(QEvent* event) {
    QMainWindow::changeEvent(event);
    if (event->type() != QEvent::LanguageChange || !m_texts.file) return;
    retranslate();
    rebuildConfigPanel();
    // Texts made from the data (run descriptions, the status line) follow from the same data.
    m_runList->setRuns(m_runs->runs());
    if (m_shown) m_gradientPanel->setSnapshot(m_shown);
}

void MainWindow::retranslate() {
    setWindowTitle(tr("SparseLab"));
    const std::pair<const char*, QString> titles[] = {{"configDock", tr("Configuration")},
                                                      {"runsDock", tr("Runs")},
                                                      {"lossDock", tr("Loss and accuracy")},
                                                      {"scheduleDock", tr("Sparsity schedule")},
                                                      {"churnDock", tr("Churn")},
                                                      {"layersDock", tr("Per-layer sparsity")},
                                                      {"histogramDock", tr("Weight magnitudes")},
                                                      {"whyDock", tr("Why this update")},
                                                      {"costDock", tr("Cost")},
                                                      {"routingDock", tr("Expert routing")},
                                                      {"gradientDock", tr("Gradient traffic")},
                                                      {"sweepDock", tr("Sweep")},
                                                      {"textDock", tr("Text")}};
    for (QDockWidget* d : docks())
        for (const auto& [name, title] : titles)
            if (d->objectName() == QLatin1String(name)) d->setWindowTitle(title);
    m_texts.toolbar->setWindowTitle(tr("Run"));
    m_texts.file->setTitle(tr("&File"));
    m_texts.open->setText(tr("Open checkpoint…"));
    m_texts.fineTune->setText(tr("Fine-tune from checkpoint…"));
    m_texts.fineTune->setToolTip(tr("Start a new run of the current settings (method, sparsity, "
                                    "schedule) from the trained weights of a checkpoint with the "
                                    "same layer shapes"));
    m_texts.openSweep->setText(tr("Open sweep…"));
    m_texts.save->setText(tr("Save checkpoint…"));
    m_texts.openRunSet->setText(tr("Open run set…"));
    m_texts.openRunSet->setToolTip(tr("Add the kept runs of a run set file to the comparison"));
    m_texts.saveRunSet->setText(tr("Save run set…"));
    m_texts.saveRunSet->setToolTip(tr("Save the kept runs with their curves, to open them on "
                                      "another machine"));
    m_texts.exportCsv->setText(tr("Export metrics as CSV…"));
    m_texts.exportCharts->setText(tr("Export all charts (PNG and SVG)…"));
    m_texts.quit->setText(tr("Quit"));
    m_texts.run->setTitle(tr("&Run"));
    m_texts.keep->setText(tr("Keep this run for comparison"));
    m_texts.prune->setText(tr("Prune trained model…"));
    m_texts.lottery->setText(tr("Lottery ticket rounds…"));
    m_texts.defaultLesson->setText(tr("Load the default lesson"));
    m_texts.view->setTitle(tr("&View"));
    m_actions->retranslate();
    m_lessons->retranslate();
    m_presentation->retranslate();
}

void MainWindow::createLessonsAndPresentation() {
    LessonRunner::Hooks hooks;
    hooks.applyConfig = [this](const RunConfig& config) { applyConfig(config); };
    hooks.keepRun = [this] { m_runs->keepLive(); };
    hooks.usePace = [this](const LessonPaceSettings& p) {
        m_actions->pacer->setPace({p.stepsPerSecond, p.holdSeconds, p.holdStepsPerSecond});
        m_actions->useLessonPace();
    };
    hooks.runLottery = [this](const LotterySettings& settings) {
        startLotteryRounds(settings);
        connect(m_lottery, &LotteryWorker::finished, &m_lessons->runner(),
                &LessonRunner::lotteryFinished, Qt::UniqueConnection);
    };
    m_lessons = new LessonUi(*this, *m_controller, std::move(hooks));
    connect(m_lessons, &LessonUi::failed, m_banner, &MessageBanner::showError);
    m_presentation =
        new PresentationMode(*this, {"lossDock", "churnDock", "scheduleDock"}, {"lessonDock"});
}

void MainWindow::showLessonPickerOnFirstLaunch() {
    if (!m_lessons->pickerShownBefore()) m_lessons->showPicker();
}

void MainWindow::rebuildConfigPanel() {
    ConfigPanel* old = m_configPanel;
    m_configPanel = new ConfigPanel;
    // The form's last valid state; an edit that did not validate yet is not carried over.
    m_configPanel->setConfig(old->config());
    m_configPanel->setRunning(old->isRunning());
    m_configPanel->setShowAll(old->showsAll());
    connectConfigPanel();
    m_configDock->setWidget(m_configPanel);
    old->hide();
    old->deleteLater();
}

void MainWindow::connectConfigPanel() {
    connect(m_configPanel, &ConfigPanel::configApplied, this, &MainWindow::applyConfig);
    connect(m_configPanel, &ConfigPanel::liveParameterChanged, m_controller,
            &TrainingController::setLive);
}

void MainWindow::applyConfig(const RunConfig& config) {
    m_configPanel->setConfig(config);
    m_controller->setConfig(config);
    QSettings().setValue("lastConfig", QByteArray::fromStdString(toJson(config).dump()));
}

void MainWindow::redraw() {
    SnapshotPtr s = m_controller->latestSnapshot();
    if (!s) return;
    m_shown = s;
    ++m_redraws;
    if (s->runId != m_runId) {
        // A new run (or one opened from a checkpoint): the form shows what it runs with.
        m_runId = s->runId;
        m_configPanel->setConfig(s->config);
        if (s->text.valid)
            if (auto* d = findChild<QDockWidget*>(QStringLiteral("textDock"))) d->raise();
    }
    m_runs->setLive(s);
    m_heatmap->setSnapshot(s);
    m_why->setSnapshot(s);
    m_routing->setSnapshot(s);
    m_text->setSnapshot(s);
    m_histogram->setSnapshot(s);
    m_layerPanel->setSnapshot(s);
    m_costPanel->setSnapshot(s);
    m_gradientPanel->setSnapshot(s);
    m_status->setSnapshot(s);
    m_actions->setPlaying(s->playing, s->finished);
    m_actions->pacer->onSnapshot(s);
    m_lessons->onSnapshot(s);
    m_presentation->onSnapshot(s);
    m_configPanel->setRunning(s->playing || s->step > 0);
    if (!s->notice.isEmpty() && s->notice != m_lastNotice) m_banner->showInfo(s->notice);
    m_lastNotice = s->notice;
}

void MainWindow::exportMetrics() {
    if (!m_shown) return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export metrics"), QDir::home().filePath("sparselab-metrics.csv"),
        tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    try {
        writeMetricsCsv(path.toStdString(), m_shown->history.toVector());
        statusBar()->showMessage(tr("Metrics written to %1").arg(path), 5000);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export failed"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::exportCharts() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export charts to"));
    if (folder.isEmpty()) return;
    QStringList failures;
    const std::pair<ChartWidget*, const char*> charts[] = {{m_lossChart, "loss-accuracy"},
                                                           {m_scheduleChart, "schedule"},
                                                           {m_churnChart, "churn"},
                                                           {m_histogram, "weight-histogram"}};
    for (const auto& [chart, name] : charts)
        for (const char* suffix : {".png", ".svg"}) {
            QString error;
            if (!chart->exportTo(QDir(folder).filePath(name + QString(suffix)), &error))
                failures << error;
        }
    if (failures.isEmpty()) statusBar()->showMessage(tr("Charts written to %1").arg(folder), 5000);
    else QMessageBox::warning(this, tr("Export failed"), failures.join("\n"));
}

void MainWindow::openCheckpoint(const QString& path) {
    m_openingPath = path;
    m_controller->openCheckpoint(path);
}

bool MainWindow::openSweep(const QString& folder) {
    const bool ok = m_sweepOpener->open(folder);
    if (ok) statusBar()->showMessage(tr("Sweep %1 opened").arg(folder), 5000);
    return ok;
}

void MainWindow::askLotteryRounds() {
    if (m_lottery && m_lottery->running()) {
        statusBar()->showMessage(tr("Lottery rounds are already running"), 5000);
        return;
    }
    LotteryDialog dialog(m_shown ? m_shown->stepsPerEpoch : 1, m_shown ? m_shown->totalSteps : 1,
                         this);
    if (dialog.exec() == QDialog::Accepted) startLotteryRounds(dialog.settings());
}

void MainWindow::startLotteryRounds(const LotterySettings& settings) {
    if (!m_lottery) {
        m_lottery = new LotteryWorker(this);
        connect(m_lottery, &LotteryWorker::roundFinished, m_runs, &RunBook::addKept);
        connect(m_lottery, &LotteryWorker::failed, m_banner, &MessageBanner::showError);
    }
    auto* progress =
        new QProgressDialog(tr("Lottery ticket rounds: starting…"), tr("Cancel"), 0, 1, this);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setWindowModality(Qt::NonModal);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    connect(progress, &QProgressDialog::canceled, m_lottery, &LotteryWorker::cancel);
    connect(m_lottery, &LotteryWorker::progress, progress,
            [progress](int done, int total, const QString& text) {
                progress->setMaximum(total);
                progress->setValue(done);
                progress->setLabelText(text);
            });
    connect(m_lottery, &LotteryWorker::finished, progress, &QWidget::close);
    m_lottery->start(m_shown ? m_shown->config : RunConfig{}, settings);
}

void MainWindow::saveCheckpointAs() {
    // Commands reach the worker in order: it stops at once, and saves that very state
    // however long the dialog stays open.
    const bool wasPlaying = m_shown && m_shown->playing;
    if (wasPlaying) m_controller->pause();
    const QString path =
        m_askSavePath ? m_askSavePath()
                      : QFileDialog::getSaveFileName(this, tr("Save checkpoint"),
                                                     QDir::home().filePath("sparselab-run.h5"),
                                                     tr("SparseLab checkpoints (*.h5)"));
    if (!path.isEmpty()) m_controller->saveCheckpoint(path);
    if (wasPlaying) m_controller->play();
}

QString MainWindow::sessionRunSetPath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("kept-runs.json"));
}

void MainWindow::restoreSessionRuns() {
    if (!QFileInfo::exists(sessionRunSetPath())) return;
    try {
        m_runs->addKeptRuns(run_set::read(sessionRunSetPath()));
    } catch (const std::exception& e) {
        // The window opens anyway; the file stays for whoever wants to look at it.
        m_banner->showError(tr("The runs kept last time could not be restored: %1")
                                .arg(QString::fromUtf8(e.what())));
    }
}

bool MainWindow::saveRunSet(const QString& path) {
    try {
        run_set::write(m_runs->runs(), path);
        statusBar()->showMessage(tr("Run set written to %1").arg(path), 5000);
        return true;
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot save the run set"), QString::fromUtf8(e.what()));
        return false;
    }
}

bool MainWindow::openRunSet(const QString& path) {
    try {
        m_runs->addKeptRuns(run_set::read(path));
        statusBar()->showMessage(tr("Run set %1 opened").arg(path), 5000);
        return true;
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot open the run set"), QString::fromUtf8(e.what()));
        return false;
    }
}

void MainWindow::askRunSetToSave() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save run set"),
                                                      QDir::home().filePath("sparselab-runs.json"),
                                                      tr("SparseLab run sets (*.json)"));
    if (!path.isEmpty()) saveRunSet(path);
}

void MainWindow::askRunSetToOpen() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open run set"), QDir::homePath(),
                                                      tr("SparseLab run sets (*.json)"));
    if (!path.isEmpty()) openRunSet(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && url.toLocalFile().endsWith(".h5")) {
            event->acceptProposedAction();
            return;
        }
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && url.toLocalFile().endsWith(".h5")) {
            openCheckpoint(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
}

void MainWindow::restoreSettings() {
    QSettings settings;
    if (settings.contains("geometry")) restoreGeometry(settings.value("geometry").toByteArray());
    else resize(screen_fit::kPreferredWindow);
    // A geometry that had to be corrected came from another (larger) screen: its dock sizes
    // would not fit either, so the layout for this screen replaces the saved one.
    // The saved dock layout is kept only on a screen of the size it was saved on.
    const bool corrected = screen_fit::fitWindow(*this);
    const QScreen* screen = screen_fit::screenOf(*this);
    const QSize available = screen ? screen->availableGeometry().size() : size();
    if (!corrected && settings.value("screenSize").toSize() == available &&
        restoreState(settings.value("windowState").toByteArray())) {
        m_defaultLayout = nullptr;
        return;
    }
    screen_fit::arrangeDocks(*this, available);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue("geometry", saveGeometry());
    settings.setValue("windowState", saveState());
    if (const QScreen* screen = screen_fit::screenOf(*this))
        settings.setValue("screenSize", screen->availableGeometry().size());
    // Kept runs come back at the next launch; none kept leaves no file behind.
    try {
        const bool anyKept = std::any_of(m_runs->runs().begin(), m_runs->runs().end(),
                                         [](const RunRecord& r) { return !r.live; });
        if (anyKept) {
            QDir().mkpath(QFileInfo(sessionRunSetPath()).path());
            run_set::write(m_runs->runs(), sessionRunSetPath());
        } else {
            QFile::remove(sessionRunSetPath());
        }
    } catch (const std::exception& e) {
        qWarning("%s", e.what());
    }
    QMainWindow::closeEvent(event);
}

}  // namespace sl::ui
