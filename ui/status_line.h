#pragma once

#include "controller/snapshot.h"

#include <QLabel>

namespace sl::ui {

// The status bar's permanent text: step, epoch, steps/s, overall sparsity.
class StatusLine : public QLabel {
    Q_OBJECT
public:
    explicit StatusLine(QWidget* parent = nullptr);
    void setSnapshot(const SnapshotPtr& snapshot);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    SnapshotPtr m_snapshot;  // said again in the new language on a language change
};

}  // namespace sl::ui
