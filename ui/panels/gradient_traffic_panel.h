#pragma once

#include "controller/snapshot.h"
#include "optim/gradient_settings.h"

#include <QWidget>

class QLabel;
class QProgressBar;

namespace sl::ui {

// What the gradient filter let through at the last step: the compression mode, the density
// of the applied gradient, and the bytes a data-parallel worker would send for it — dense
// (fp32 per entry) against sparse (fp32 value + int32 index per sent entry).
class GradientTrafficPanel : public QWidget {
    Q_OBJECT
public:
    explicit GradientTrafficPanel(QWidget* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);

    // "top-k 1% + error feedback", "sparse updates 5%", "none", with the clipping after it.
    static QString modeText(const GradientSettings& settings);
    // "1.07 MB", "21.3 kB", "40 B" (decimal units, as link speeds are given).
    static QString bytesText(long long bytes);

    QString mode() const;
    QString density() const;
    QString bytesDense() const;
    QString bytesSparse() const;
    QString saving() const;
    // The sparse bytes as a per-mille of the dense ones, as the bar shows them.
    int barValue() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    static constexpr int kRows = 5;
    QLabel* m_labels[kRows] = {};
    QLabel* m_note = nullptr;
    QLabel* m_mode = nullptr;
    QLabel* m_density = nullptr;
    QLabel* m_dense = nullptr;
    QLabel* m_sparse = nullptr;
    QLabel* m_saving = nullptr;
    QProgressBar* m_bar = nullptr;
};

} // namespace sl::ui
