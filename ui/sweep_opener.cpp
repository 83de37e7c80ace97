#include "sweep_opener.h"

#include "controller/sweep_loader.h"
#include "panels/run_list_panel.h"
#include "run_book.h"
#include "util/error.h"
#include "views/sweep_view.h"

#include <QListView>
#include <QMessageBox>
#include <QStandardItemModel>

namespace sl::ui {

SweepOpener::SweepOpener(RunBook& runs, RunListPanel& list, SweepView& view, QWidget* dialogParent)
    : QObject(&view), m_runs(runs), m_list(list), m_view(view), m_dialogParent(dialogParent) {
    connect(&m_view, &SweepView::pointClicked, this, &SweepOpener::selectPoint);
}

bool SweepOpener::open(const QString& folder) {
    LoadedSweep sweep;
    try {
        sweep = loadSweepFolder(folder);
    } catch (const Error& e) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open the sweep"),
                                    QString::fromUtf8(e.what()), QMessageBox::Ok, m_dialogParent);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    m_pointRun.clear();
    for (const auto& run : sweep.runs) {
        const int id = m_runs.addKept(run.snapshot, run.name);
        const auto& row = sweep.table.runs[std::size_t(run.row)];
        // The run a point's click selects: its first seed, on its largest budget.
        auto it = m_pointRun.find(row.point);
        if (it == m_pointRun.end() || row.round > 0) m_pointRun[row.point] = id;
    }
    m_view.setPlot(makeSweepPlot(sweep.table));
    if (!sweep.problems.isEmpty()) {
        auto* box = new QMessageBox(QMessageBox::Information, tr("Some runs were left out"),
                                    sweep.problems.join("\n"), QMessageBox::Ok, m_dialogParent);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit opened(folder, static_cast<int>(sweep.runs.size()));
    return true;
}

int SweepOpener::runIdOfPoint(int point) const {
    const auto it = m_pointRun.find(point);
    return it == m_pointRun.end() ? -1 : it->second;
}

void SweepOpener::selectPoint(int point) {
    const int id = runIdOfPoint(point);
    QStandardItemModel* model = m_list.model();
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->item(r)->data(RunListPanel::IdRole).toInt() == id) {
            m_list.view()->setCurrentIndex(model->index(r, 0));
            m_list.view()->scrollTo(model->index(r, 0));
            return;
        }
}

}  // namespace sl::ui
