#include "panels/prune_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

namespace sl::ui {

PruneDialog::PruneDialog(int maxCalibration, QWidget* parent)
    : QDialog(parent), m_method(new QComboBox(this)), m_pattern(new QComboBox(this)),
      m_sparsity(new QDoubleSpinBox(this)), m_calibration(new QSpinBox(this)) {
    setWindowTitle(tr("Prune trained model"));
    setObjectName("pruneDialog");
    m_method->addItem(tr("SparseGPT (OBS update of the kept weights)"), "sparsegpt");
    m_method->addItem(tr("Wanda (|w| · input norm, per row)"), "wanda");
    m_method->addItem(tr("Magnitude (|w|, per layer)"), "magnitude");
    m_pattern->addItem(tr("Unstructured"), "");
    for (const char* nm : {"2:4", "1:4", "4:8"}) m_pattern->addItem(nm, nm);
    m_sparsity->setRange(0.01, 0.99);
    m_sparsity->setSingleStep(0.05);
    m_sparsity->setDecimals(2);
    m_sparsity->setValue(0.5);
    m_sparsity->setToolTip(tr("Fraction of each layer's weights that is pruned"));
    m_calibration->setRange(1, std::max(1, maxCalibration));
    m_calibration->setValue(std::min(1024, std::max(1, maxCalibration)));
    m_calibration->setToolTip(
        tr("Training examples on which each layer's inputs are measured (Wanda, SparseGPT)"));

    auto* form = new QFormLayout;
    form->addRow(tr("Method"), m_method);
    form->addRow(tr("Pattern"), m_pattern);
    form->addRow(tr("Sparsity"), m_sparsity);
    form->addRow(tr("Calibration examples"), m_calibration);
    auto* note = new QLabel(tr("Layers are pruned in order, each on the inputs of the already "
                               "pruned layers before it. The run then keeps these masks fixed."),
                            this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Prune"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // N:M fixes the sparsity at 1 − n/m.
    connect(m_pattern, &QComboBox::currentIndexChanged, this, [this] {
        const sl::OneShotSettings s = settings();
        m_sparsity->setEnabled(!s.nm());
        if (s.nm()) m_sparsity->setValue(s.targetSparsity());
    });

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

sl::OneShotSettings PruneDialog::settings() const {
    sl::OneShotSettings s;
    s.method = sl::oneShotMethodFromName(m_method->currentData().toString().toStdString());
    s.sparsity = m_sparsity->value();
    const QString nm = m_pattern->currentData().toString();
    if (!nm.isEmpty()) sl::parseNm(nm.toStdString(), s.nmN, s.nmM);
    s.calibration = m_calibration->value();
    return s;
}

}  // namespace sl::ui
