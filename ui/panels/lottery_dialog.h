#pragma once

#include "train/lottery.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace sl::ui {

// Asks for the lottery-ticket rounds to run: how many, the share p pruned per round, global or
// per-layer ranking, the rewind step k and whether to train a reinit control; it shows the
// sparsity the last round will reach, 1 − (1 − p)^rounds.
class LotteryDialog : public QDialog {
    Q_OBJECT
public:
    // stepsPerEpoch sets the rewind step's hint ("1 epoch = 469 steps"); totalSteps its limit.
    LotteryDialog(long long stepsPerEpoch, long long totalSteps, QWidget* parent = nullptr);

    LotterySettings settings() const;
    void setSettings(const LotterySettings& settings);

    QSpinBox* rounds = nullptr;
    QDoubleSpinBox* prune = nullptr;
    QComboBox* scope = nullptr;
    QSpinBox* rewindStep = nullptr;
    QComboBox* control = nullptr;
    QLabel* outcome = nullptr;

private:
    void updateOutcome();
};

}  // namespace sl::ui
