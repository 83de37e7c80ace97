#include "panels/gradient_traffic_panel.h"

#include <QEvent>
#include <QFormLayout>
#include <QLocale>
#include <QLabel>
#include <QProgressBar>
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

} // namespace

GradientTrafficPanel::GradientTrafficPanel(QWidget* parent) : QWidget(parent) {
    m_mode = value(this);
    m_mode->setWordWrap(true);
    m_density = value(this);
    m_dense = value(this);
    m_sparse = value(this);
    m_saving = value(this);
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 1000);
    m_bar->setValue(1000);
    m_bar->setTextVisible(false);
    m_bar->setMaximumHeight(12);

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    for (QLabel*& label : m_labels) label = new QLabel(this);
    QWidget* values[] = {m_mode, m_density, m_dense, m_sparse, m_saving};
    for (int i = 0; i < kRows; ++i) form->addRow(m_labels[i], values[i]);
    form->addRow(QString(), m_bar);

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: #555;"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addStretch(1);
    retranslate();
}

void GradientTrafficPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) retranslate();
}

void GradientTrafficPanel::retranslate() {
    m_bar->setToolTip(tr("Sparse bytes as a share of the dense bytes."));
    const QString names[kRows] = {tr("compression"), tr("applied density"),
                                  tr("dense bytes / step"), tr("sparse bytes / step"),
                                  tr("saving")};
    const QString tips[kRows] = {
        tr("gradient.compression and clipping (configuration panel)."),
        tr("Non-zero gradient entries that reached the optimizer (sparse updates: weights that "
           "changed) over all entries, at the last step."),
        tr("What a data-parallel worker sends with every entry as fp32: 4 bytes per entry."),
        tr("Sending only the applied entries: 8 bytes each (fp32 value + int32 index)."),
        tr("Dense bytes ÷ sparse bytes.")};
    QLabel* values[kRows] = {m_mode, m_density, m_dense, m_sparse, m_saving};
    for (int i = 0; i < kRows; ++i) {
        m_labels[i]->setText(names[i]);
        m_labels[i]->setToolTip(tips[i]);
        values[i]->setToolTip(tips[i]);
    }
    m_note->setText(tr("One worker's traffic per step if the run were data-parallel; "
                       "the engine itself trains on one machine."));
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
    if (s.clipValue > 0.0f) parts << tr("clip value %1").arg(locale.toString(double(s.clipValue), 'g', 6));
    if (s.clipNorm > 0.0f) parts << tr("clip norm %1").arg(locale.toString(double(s.clipNorm), 'g', 6));
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
    m_dense->setText(measured ? bytesText(s.gradientBytesDense) : QStringLiteral("—"));
    m_sparse->setText(measured ? bytesText(s.gradientBytesSparse) : QStringLiteral("—"));
    if (measured && s.gradientBytesSparse > 0) {
        const double ratio = double(s.gradientBytesDense) / double(s.gradientBytesSparse);
        m_saving->setText(QString::number(ratio, 'f', 1) + QStringLiteral("×"));
        // Past 50% density the index makes sparse dearer than dense: the bar is then full.
        m_bar->setValue(std::clamp(int(std::lround(1000.0 / ratio)), 0, 1000));
    } else {
        m_saving->setText(QStringLiteral("—"));
        m_bar->setValue(measured ? 0 : 1000);
    }
}

QString GradientTrafficPanel::mode() const { return m_mode->text(); }
QString GradientTrafficPanel::density() const { return m_density->text(); }
QString GradientTrafficPanel::bytesDense() const { return m_dense->text(); }
QString GradientTrafficPanel::bytesSparse() const { return m_sparse->text(); }
QString GradientTrafficPanel::saving() const { return m_saving->text(); }
int GradientTrafficPanel::barValue() const { return m_bar->value(); }

} // namespace sl::ui
