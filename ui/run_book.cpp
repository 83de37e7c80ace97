#include "run_book.h"

#include "sparsity/method_descriptor.h"
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
    const auto& sparsity = s.config.sparsity;
    QString name = QString::fromStdString(sparsity.method);
    // What characterises the run comes from the method's descriptor, never from its name.
    const sl::MethodDescriptor* method = sl::findSparsityMethod(sparsity.method);
    switch (method ? method->headline : sl::MethodHeadline::Target) {
    case sl::MethodHeadline::None: break;
    case sl::MethodHeadline::L1Lambda:
        name += QStringLiteral(" λ=%1").arg(sparsity.l1Lambda);
        break;
    case sl::MethodHeadline::L0Lambda:
        name += QStringLiteral(" λ=%1").arg(sparsity.l0Lambda);
        break;
    case sl::MethodHeadline::NmPattern:
        name += QStringLiteral(" %1:%2").arg(sparsity.nmN).arg(sparsity.nmM);
        break;
    case sl::MethodHeadline::Target:
    case sl::MethodHeadline::UnitsRemoved:
        name += QStringLiteral(" %1%").arg(100.0 * sparsity.target, 0, 'g', 3);
        break;
    }
    if (method && method->regrows) name += QStringLiteral(" ΔT=%1").arg(sparsity.deltaT);
    return name + QStringLiteral(" @%1").arg(s.step);
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

void RunBook::addKeptRuns(const RunList& runs) {
    for (const RunRecord& run : runs) {
        if (run.live || !run.snapshot) continue;
        RunRecord kept = run;
        kept.id = m_nextId++;
        ++m_nextColor;  // the next kept run still gets a colour of its own
        m_runs.push_back(kept);
    }
    emit changed();
}

void RunBook::clearKept() {
    m_runs.erase(
        std::remove_if(m_runs.begin(), m_runs.end(), [](const RunRecord& r) { return !r.live; }),
        m_runs.end());
    emit changed();
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

}  // namespace sl::ui
