#pragma once

#include "controller/snapshot.h"
#include "distributed/gradient_exchange.h"
#include "optim/gradient_settings.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace sl::ui {

// Gradient traffic. The window trains in one process and exchanges nothing, and says so.
// It shows (1) what the gradient filter let through at the last step; (2) what one rank of
// an N-rank MPI job would send per step for this run (N chosen here), worked out by
// exchange_traffic.h — the formula the communicator's measurements match — for the dense
// allreduce and, with top-k, the allgather of (index, value) pairs with its switch to dense;
// (3) what an MPI run measured: the totals in a checkpoint the window opened, or in a run
// summary (sparselab-cli train --summary) opened here.
class GradientTrafficPanel : public QWidget {
    Q_OBJECT
public:
    explicit GradientTrafficPanel(QWidget* parent = nullptr);
    QSize sizeHint() const override { return {420, 200}; }  // like the other bottom docks

    void setSnapshot(const SnapshotPtr& snapshot);
    // Reads the "exchange" section of a run summary and shows it until another run starts;
    // a file that cannot be read is named, with why, in place of the figures.
    void openSummary(const QString& path);

    // "top-k 1% + error feedback", "sparse updates 5%", "none", with the clipping after it.
    static QString modeText(const GradientSettings& settings);
    // "1.07 MB", "21.3 kB", "40 B" (decimal units, as link speeds are given).
    static QString bytesText(long long bytes);

    int ranks() const;
    void setRanks(int ranks);

    QString mode() const;
    QString density() const;
    // Per step, one rank of ranks(): the dense allreduce and the top-k exchange.
    QString bytesDense() const;
    QString bytesSparse() const;
    QString bytesReceived() const;
    QString saving() const;
    // The top-k bytes as a per-mille of the dense ones, as the bar shows them.
    int barValue() const;
    // What an MPI run measured: where from, bytes per step, exchanges, communication time.
    QString measuredSource() const;
    QString measuredSent() const;
    QString measuredReceived() const;
    QString measuredExchanges() const;
    QString measuredCommunication() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showEstimate();
    void showMeasured();

    static constexpr int kRows = 11;
    QLabel* m_labels[kRows] = {};
    QLabel* m_headers[3] = {};
    QLabel* m_note = nullptr;
    QLabel* m_mode = nullptr;
    QLabel* m_density = nullptr;
    QSpinBox* m_ranks = nullptr;
    QLabel* m_dense = nullptr;
    QLabel* m_sparse = nullptr;
    QLabel* m_received = nullptr;
    QLabel* m_saving = nullptr;
    QProgressBar* m_bar = nullptr;
    QLabel* m_source = nullptr;
    QLabel* m_sent = nullptr;
    QLabel* m_gotBack = nullptr;
    QLabel* m_exchanges = nullptr;
    QLabel* m_communication = nullptr;
    QLabel* m_communicationLabel = nullptr;
    QPushButton* m_open = nullptr;

    // From the last snapshot, for the estimate at another rank count.
    long long m_entries = 0;
    long long m_pairs = 0;
    bool m_topk = false;
    long long m_runId = -1;
    GradientExchange::Totals m_checkpointTotals;
    double m_checkpointSeconds = 0.0;  // the run's training seconds
    // A summary opened here: shown instead of the checkpoint's until the next run.
    bool m_haveSummary = false;
    GradientExchange::Totals m_summaryTotals;
    double m_summarySeconds = 0.0;  // communication + compute
    QString m_summaryName;
    QString m_summaryError;
};

}  // namespace sl::ui
