#include "panels/gradient_traffic_panel.h"

#include "distributed/exchange_record.h"
#include "distributed/exchange_traffic.h"
#include "io/json_config.h"
#include "util/error.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace sl::ui {
namespace {

QString percent(double fraction) {
    const double p = 100.0 * fraction;
    // 1% and 0.25% read better than 1.00% and 0.3%.
    const int decimals = p >= 10.0 ? 1 : p >= 0.1 ? 2 : 3;
    QString s = QString::number(p, 'f', decimals);
    if (s.contains('.')) {
        while (s.endsWith('0')) s.chop(1);
        if (s.endsWith('.')) s.chop(1);
    }
    return s + QStringLiteral("%");
}

QLabel* value(QWidget* parent) {
    auto* label = new QLabel(QStringLiteral("—"), parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

GradientTrafficPanel::GradientTrafficPanel(QWidget* parent) : QWidget(parent) {
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_mode = value(this);
    m_mode->setWordWrap(true);
    m_density = value(this);
    m_ranks = new QSpinBox(this);
    m_ranks->setRange(2, 65536);
    m_ranks->setValue(4);
    // A rank count is a few digits: the form would otherwise stretch it across a wide dock.
    m_ranks->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_dense = value(this);
    m_sparse = value(this);
    m_sparse->setWordWrap(true);
    m_received = value(this);
    m_saving = value(this);
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 1000);
    m_bar->setValue(1000);
    m_bar->setTextVisible(false);
    m_bar->setMaximumHeight(12);
    // A share, read against its own length: as wide as a line of text, not as the dock.
    m_bar->setMaximumWidth(m_bar->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 40);
    m_source = value(this);
    m_source->setWordWrap(true);
    m_sent = value(this);
    m_gotBack = value(this);
    m_exchanges = value(this);
    m_exchanges->setWordWrap(true);
    m_communication = value(this);
    m_open = new QPushButton(this);

    for (QLabel*& header : m_headers) {
        header = new QLabel(this);
        QFont bold = header->font();
        bold.setBold(true);
        header->setFont(bold);
    }
    for (QLabel*& label : m_labels) label = new QLabel(this);
    QWidget* values[kRows] = {m_mode,   m_density, m_ranks, m_dense,   m_sparse,   m_received,
                              m_saving, m_source,  m_sent,  m_gotBack, m_exchanges};
    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    form->addRow(m_headers[0]);
    for (int i = 0; i < 2; ++i) form->addRow(m_labels[i], values[i]);
    form->addRow(m_headers[1]);
    for (int i = 2; i < 7; ++i) form->addRow(m_labels[i], values[i]);
    form->addRow(QString(), m_bar);
    form->addRow(m_headers[2]);
    for (int i = 7; i < kRows; ++i) form->addRow(m_labels[i], values[i]);
    m_communicationLabel = new QLabel(this);
    form->addRow(m_communicationLabel, m_communication);
    form->addRow(QString(), m_open);

    // Seventeen rows: they scroll rather than making the bottom row tall enough to squeeze the
    // loss chart beside it (1024 × 768, test_screen_fit).
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* inner = new QWidget(scroll);
    scroll->setWidget(inner);
    outer->addWidget(scroll);
    auto* layout = new QVBoxLayout(inner);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_note);
    layout->addLayout(form);
    layout->addStretch(1);

    connect(m_ranks, &QSpinBox::valueChanged, this, [this] { showEstimate(); });
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open the summary of an MPI run"),
                                         QDir::homePath(), tr("Run summaries (*.json)"));
        if (!path.isEmpty()) openSummary(path);
    });
    retranslate();
    showEstimate();
    showMeasured();
}

void GradientTrafficPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        showEstimate();
        showMeasured();
    }
}

void GradientTrafficPanel::retranslate() {
    m_note->setText(tr("This window trains in one process: it exchanges nothing. Below is what "
                       "each rank of an MPI job (mpirun -np N sparselab-cli train) would send "
                       "per step for this run, and what an MPI run measured."));
    m_headers[0]->setText(tr("This run"));
    m_headers[1]->setText(tr("Each rank would send per step"));
    m_headers[2]->setText(tr("Measured in an MPI run"));
    m_bar->setToolTip(tr("Top-k bytes as a share of the dense bytes."));
    const QString names[kRows] = {
        tr("compression"),    tr("applied density"), tr("ranks"),    tr("dense exchange"),
        tr("top-k exchange"), tr("top-k received"),  tr("saving"),   tr("from"),
        tr("sent / step"),    tr("received / step"), tr("exchanges")};
    const QString tips[kRows] = {
        tr("gradient.compression and clipping (configuration panel)."),
        tr("Non-zero gradient entries that reached the optimizer (sparse updates: weights that "
           "changed) over all entries, at the last step."),
        tr("The rank count of the MPI job to work the bytes out for."),
        tr("One MPI_Allreduce of every gradient entry (4 bytes each), plus the loss and "
           "correct count (16 bytes)."),
        tr("Each rank's top-k pairs (8 bytes: int32 index + fp32 value) by MPI_Allgatherv, after "
           "the pair count (8 bytes) and its byte count (4 bytes), plus the loss and correct "
           "count (16 bytes). When the gathered pairs of all ranks would outweigh one dense "
           "vector (8 bytes per pair > 4 per entry) the ranks allreduce densely instead. "
           "RigL's mask-update steps send the dense gradient once more."),
        tr("What reaches one rank from the others in a top-k step: their pairs and byte counts, "
           "and the allreduced sums."),
        tr("Dense bytes ÷ top-k bytes per step."),
        tr("A checkpoint of an MPI run opened in the window, or a run summary opened below."),
        tr("Bytes rank 0 handed to MPI, averaged over the exchanging steps."),
        tr("Bytes MPI handed back to rank 0 from the other ranks, averaged over the steps."),
        tr("Steps whose gradients went as top-k pairs (allgather) and densely (allreduce).")};
    QWidget* values[kRows] = {m_mode,   m_density, m_ranks, m_dense,   m_sparse,   m_received,
                              m_saving, m_source,  m_sent,  m_gotBack, m_exchanges};
    for (int i = 0; i < kRows; ++i) {
        m_labels[i]->setText(names[i]);
        m_labels[i]->setToolTip(tips[i]);
        values[i]->setToolTip(tips[i]);
    }
    m_communicationLabel->setText(tr("communication"));
    m_communicationLabel->setToolTip(tr("Seconds rank 0 spent inside MPI calls, and their share "
                                        "of the training time."));
    m_communication->setToolTip(m_communicationLabel->toolTip());
    m_open->setText(tr("Open a run summary…"));
    m_open->setToolTip(
        tr("A summary written by mpirun -np N sparselab-cli train --summary s.json"));
}

QString GradientTrafficPanel::modeText(const GradientSettings& s) {
    // Parts of a list, not of a sentence: "top-k 1% + error feedback, clip norm 5".
    QStringList filter;
    if (s.compression == "topk") {
        filter << tr("top-k %1").arg(percent(s.density));
        if (s.errorFeedback) filter << tr("error feedback");
        if (s.momentumCorrection) filter << tr("momentum correction");
    } else if (s.compression == "sparse-updates") {
        filter << tr("sparse updates %1").arg(percent(s.density));
    } else {
        filter << tr("none");
    }
    QStringList parts{filter.join(QStringLiteral(" + "))};
    const QLocale locale;
    if (s.clipValue > 0.0f)
        parts << tr("clip value %1").arg(locale.toString(double(s.clipValue), 'g', 6));
    if (s.clipNorm > 0.0f)
        parts << tr("clip norm %1").arg(locale.toString(double(s.clipNorm), 'g', 6));
    //: Separates the parts of the gradient filter's description.
    return parts.join(tr(", "));
}

QString GradientTrafficPanel::bytesText(long long bytes) {
    if (bytes < 1000) return QStringLiteral("%1 B").arg(bytes);
    const char* units[] = {"kB", "MB", "GB", "TB"};
    double x = double(bytes) / 1000.0;
    int u = 0;
    while (x >= 1000.0 && u < 3) {
        x /= 1000.0;
        ++u;
    }
    const int decimals = x >= 100.0 ? 0 : x >= 10.0 ? 1 : 2;
    return QString::number(x, 'f', decimals) + QLatin1Char(' ') + QLatin1String(units[u]);
}

void GradientTrafficPanel::setSnapshot(const SnapshotPtr& snapshot) {
    if (!snapshot) return;
    const RunSnapshot& s = *snapshot;
    m_mode->setText(modeText(s.config.gradient));
    // No bytes yet: the filter is off (every entry goes to the optimizer) or no step was made.
    const bool measured = s.gradientBytesDense > 0;
    m_density->setText(measured ? percent(s.gradientDensity) : QStringLiteral("100%"));
    m_entries = s.gradientEntries;
    m_pairs = s.topkPairs;
    m_topk = s.topkPairs > 0;
    if (s.runId != m_runId) {
        // Another run: a summary opened for the previous one no longer belongs here.
        m_runId = s.runId;
        m_haveSummary = false;
        m_summaryError.clear();
    }
    m_checkpointTotals = s.exchange;
    m_checkpointSeconds = s.trainingSeconds;
    showEstimate();
    showMeasured();
}

void GradientTrafficPanel::showEstimate() {
    const int n = m_ranks->value();
    const QLocale locale;
    if (m_entries <= 0) {
        for (QLabel* l : {m_dense, m_sparse, m_received, m_saving}) l->setText(QStringLiteral("—"));
        m_bar->setValue(1000);
        return;
    }
    const ExchangeTraffic dense = denseStepTraffic(m_entries, n);
    m_dense->setText(bytesText(dense.bytesSent));
    if (!m_topk) {
        m_sparse->setText(tr("— (gradient.compression is not topk)"));
        m_received->setText(QStringLiteral("—"));
        m_saving->setText(QStringLiteral("—"));
        m_bar->setValue(1000);
        return;
    }
    const ExchangeTraffic topk = topkStepTraffic(m_entries, m_pairs, n);
    if (topk.sparse)
        m_sparse->setText(
            tr("%1 (%2 pairs)").arg(bytesText(topk.bytesSent), locale.toString(m_pairs)));
    else
        //: The top-k exchange switched to a dense allreduce: the ranks' pairs together would
        //: cover more than half the entries.
        m_sparse->setText(tr("%1 (dense: %2 ranks × %3 pairs > half the entries)")
                              .arg(bytesText(topk.bytesSent))
                              .arg(n)
                              .arg(locale.toString(m_pairs)));
    m_received->setText(bytesText(topk.bytesReceived));
    const double ratio = double(dense.bytesSent) / double(topk.bytesSent);
    m_saving->setText(QString::number(ratio, 'f', 1) + QStringLiteral("×"));
    m_bar->setValue(std::clamp(int(std::lround(1000.0 / ratio)), 0, 1000));
}

void GradientTrafficPanel::showMeasured() {
    const bool fromSummary = m_haveSummary;
    const GradientExchange::Totals& t = fromSummary ? m_summaryTotals : m_checkpointTotals;
    const double training = fromSummary ? m_summarySeconds : m_checkpointSeconds;
    if (!m_summaryError.isEmpty()) {
        m_source->setText(m_summaryError);
    } else if (fromSummary) {
        // Measured totals come from 2 or more ranks: no singular needed.
        m_source->setText(tr("%1, %2 ranks").arg(m_summaryName).arg(t.ranks));
    } else if (t.steps > 0) {
        m_source->setText(tr("this run's checkpoint, %1 ranks").arg(t.ranks));
    } else {
        m_source->setText(tr("nothing yet: open a checkpoint or summary of an MPI run"));
    }
    if (t.steps <= 0 || (!fromSummary && !m_summaryError.isEmpty())) {
        for (QLabel* l : {m_sent, m_gotBack, m_exchanges, m_communication})
            l->setText(QStringLiteral("—"));
        return;
    }
    const QLocale locale;
    const double steps = double(t.steps);
    m_sent->setText(tr("%1 (%2 in %3 steps)")
                        .arg(bytesText(std::llround(double(t.bytesSent) / steps)),
                             bytesText(t.bytesSent), locale.toString(t.steps)));
    m_gotBack->setText(tr("%1 (%2 in all)")
                           .arg(bytesText(std::llround(double(t.bytesReceived) / steps)),
                                bytesText(t.bytesReceived)));
    m_exchanges->setText(tr("%1 top-k, %2 dense")
                             .arg(locale.toString(t.sparseSteps), locale.toString(t.denseSteps)));
    if (training > 0.0)
        m_communication->setText(
            tr("%1 s of %2 s (%3%)")
                .arg(locale.toString(t.seconds, 'f', 1), locale.toString(training, 'f', 1))
                .arg(std::lround(100.0 * t.seconds / training)));
    else m_communication->setText(tr("%1 s").arg(locale.toString(t.seconds, 'f', 1)));
}

void GradientTrafficPanel::openSummary(const QString& path) {
    const QString name = QFileInfo(path).fileName();
    try {
        const ExchangeRecord r =
            exchangeFromSummary(readJsonFile(path.toStdString()), name.toStdString());
        m_summaryTotals = r.totals;
        m_summarySeconds = r.totals.seconds + r.computeSeconds;
        m_summaryName = name;
        m_haveSummary = true;
        m_summaryError.clear();
        if (r.totals.steps <= 0)
            m_summaryError = tr("%1: a one-process run — it exchanged nothing").arg(name);
    } catch (const Error& e) {
        m_haveSummary = false;
        m_summaryError = QString::fromStdString(e.what());
    }
    showMeasured();
}

int GradientTrafficPanel::ranks() const { return m_ranks->value(); }
void GradientTrafficPanel::setRanks(int ranks) { m_ranks->setValue(ranks); }

QString GradientTrafficPanel::mode() const { return m_mode->text(); }
QString GradientTrafficPanel::density() const { return m_density->text(); }
QString GradientTrafficPanel::bytesDense() const { return m_dense->text(); }
QString GradientTrafficPanel::bytesSparse() const { return m_sparse->text(); }
QString GradientTrafficPanel::bytesReceived() const { return m_received->text(); }
QString GradientTrafficPanel::saving() const { return m_saving->text(); }
int GradientTrafficPanel::barValue() const { return m_bar->value(); }
QString GradientTrafficPanel::measuredSource() const { return m_source->text(); }
QString GradientTrafficPanel::measuredSent() const { return m_sent->text(); }
QString GradientTrafficPanel::measuredReceived() const { return m_gotBack->text(); }
QString GradientTrafficPanel::measuredExchanges() const { return m_exchanges->text(); }
QString GradientTrafficPanel::measuredCommunication() const { return m_communication->text(); }

}  // namespace sl::ui
