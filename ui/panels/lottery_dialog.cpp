#include "panels/lottery_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace sl::ui {

LotteryDialog::LotteryDialog(long long stepsPerEpoch, long long totalSteps, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Lottery ticket rounds"));
    rounds = new QSpinBox;
    rounds->setRange(1, 30);
    rounds->setToolTip(
        tr("Pruning rounds after the dense round 0; each one trains the whole run again."));
    prune = new QDoubleSpinBox;
    prune->setRange(0.01, 0.99);
    prune->setSingleStep(0.05);
    prune->setDecimals(3);
    prune->setToolTip(
        tr("p: the share of the remaining weights pruned (smallest |w|) after each round."));
    scope = new QComboBox;
    scope->addItem(tr("global (one ranking over all layers)"), "global");
    scope->addItem(tr("per layer (each layer pruned by p)"), "layer");
    rewindStep = new QSpinBox;
    rewindStep->setRange(0, static_cast<int>(std::clamp<long long>(totalSteps - 1, 0, 1 << 30)));
    rewindStep->setToolTip(tr("k: every round restarts from the dense run's weights at step k. "
                              "0 is the original ticket; k > 0 is rewinding (1 epoch = %1 steps).")
                               .arg(stepsPerEpoch));
    control = new QComboBox;
    control->addItem(tr("none"), "none");
    control->addItem(tr("random reinit (same masks, fresh weights)"), "reinit");
    outcome = new QLabel;

    auto* form = new QFormLayout;
    form->addRow(tr("Rounds"), rounds);
    form->addRow(tr("Prune per round (p)"), prune);
    form->addRow(tr("Ranking"), scope);
    form->addRow(tr("Rewind to step (k)"), rewindStep);
    form->addRow(tr("Control"), control);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Run rounds"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(outcome);
    layout->addWidget(buttons);

    connect(rounds, &QSpinBox::valueChanged, this, &LotteryDialog::updateOutcome);
    connect(prune, &QDoubleSpinBox::valueChanged, this, &LotteryDialog::updateOutcome);
    connect(control, &QComboBox::currentIndexChanged, this, &LotteryDialog::updateOutcome);
    setSettings(LotterySettings{});
}

LotterySettings LotteryDialog::settings() const {
    LotterySettings s;
    s.rounds = rounds->value();
    s.pruneFraction = prune->value();
    s.scope = parseLotteryScope(scope->currentData().toString().toStdString());
    s.rewindStep = rewindStep->value();
    s.control = parseLotteryControl(control->currentData().toString().toStdString());
    return s;
}

void LotteryDialog::setSettings(const LotterySettings& s) {
    rounds->setValue(s.rounds);
    prune->setValue(s.pruneFraction);
    scope->setCurrentIndex(scope->findData(QString(toString(s.scope))));
    rewindStep->setValue(static_cast<int>(s.rewindStep));
    control->setCurrentIndex(control->findData(QString(toString(s.control))));
    updateOutcome();
}

void LotteryDialog::updateOutcome() {
    const double last = 1.0 - std::pow(1.0 - prune->value(), rounds->value());
    const int runs = 1 + rounds->value() * (control->currentData() == "reinit" ? 2 : 1);
    outcome->setText(tr("The last round reaches %1 % sparsity; %2 full training runs.")
                         .arg(QLocale().toString(100.0 * last, 'f', 1))
                         .arg(runs));
}

}  // namespace sl::ui
