#include "run_book.h"

#include "views/palette.h"

#include <algorithm>

namespace sl::ui {

RunBook::RunBook(QObject* parent) : QObject(parent) {
    RunRecord live;
    live.id = 0;
    live.name = tr("current run");
    live.color = palette::runColor(0);
    live.live = true;
    m_runs.push_back(live);
}

QString RunBook::describe(const RunSnapshot& s) {
    QString name = QString::fromStdString(s.config.sparsity.method);
    const auto& sparsity = s.config.sparsity;
    if (s.emergentSparsity) name += QString(" λ=%1").arg(sparsity.method == "l1" ? sparsity.l1Lambda
                                                                                 : sparsity.l0Lambda);
    else if (sparsity.method == "nm") name += QString(" %1:%2").arg(sparsity.nmN).arg(sparsity.nmM);
    else if (name != "dense") name += QString(" %1%").arg(100.0 * sparsity.target, 0, 'g', 3);
    if (s.config.sparsity.method == "rigl" || s.config.sparsity.method == "set" ||
        s.config.sparsity.method == "movement" || s.config.sparsity.method == "movement-score")
        name += QString(" ΔT=%1").arg(s.config.sparsity.deltaT);
    return name + QString(" @%1").arg(s.step);
}

void RunBook::setLive(const SnapshotPtr& snapshot) {
    m_runs.front().snapshot = snapshot;
    emit changed();
}

void RunBook::keepLive() {
    const SnapshotPtr& s = m_runs.front().snapshot;
    if (!s) return;
    addKept(s, describe(*s));
}

int RunBook::addKept(const SnapshotPtr& snapshot, const QString& name) {
    if (!snapshot) return -1;
    RunRecord kept;
    kept.id = m_nextId++;
    kept.name = name;
    kept.color = palette::runColor(m_nextColor++);
    kept.snapshot = snapshot;
    m_runs.push_back(kept);
    emit changed();
    return kept.id;
}

void RunBook::setVisible(int id, bool visible) {
    for (auto& r : m_runs)
        if (r.id == id) r.visible = visible;
    emit changed();
}

void RunBook::rename(int id, const QString& name) {
    for (auto& r : m_runs)
        if (r.id == id && !name.trimmed().isEmpty()) r.name = name.trimmed();
    emit changed();
}

void RunBook::remove(int id) {
    // The live run cannot be removed, only hidden.
    m_runs.erase(std::remove_if(m_runs.begin(), m_runs.end(),
                                [id](const RunRecord& r) { return r.id == id && !r.live; }),
                 m_runs.end());
    emit changed();
}

} // namespace sl::ui
