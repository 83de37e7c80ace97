#pragma once

#include "controller/run_record.h"

#include <QString>
#include <QWidget>

class QListView;
class QPushButton;
class QStandardItem;
class QStandardItemModel;

namespace sl::ui {

// The compare-runs list: one row per run with its chart colour, a tick to overlay it, its
// name (double-click or F2 renames) and a one-line summary (method, target, final test
// accuracy). The window owns the RunList; this panel only shows it and asks for changes.
class RunListPanel : public QWidget {
    Q_OBJECT
public:
    // Item data roles of the model, for delegates and tests.
    enum Role { IdRole = Qt::UserRole + 1, DescriptionRole, LiveRole, VisibleRole, NameRole };

    explicit RunListPanel(QWidget* parent = nullptr);

    void setRuns(const RunList& runs);
    int currentRunId() const;  // -1 when no row is selected
    QStandardItemModel* model() const { return m_model; }
    QListView* view() const { return m_view; }

    // "rigl · 90% sparse · test acc 87.4%": what a row says under its name.
    static QString describe(const RunRecord& run);

signals:
    void visibilityChanged(int id, bool visible);
    void renamed(int id, const QString& name);
    void removeRequested(int id);
    void keepRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void onItemChanged(QStandardItem* item);
    void updateButtons();
    void fillItem(QStandardItem* item, const RunRecord& run);

    QStandardItemModel* m_model = nullptr;
    QListView* m_view = nullptr;
    QPushButton* m_keep = nullptr;
    QPushButton* m_rename = nullptr;
    QPushButton* m_remove = nullptr;
    bool m_updating = false;  // setRuns() writing the model: not the user's edits
};

}  // namespace sl::ui
