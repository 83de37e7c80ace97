#pragma once

#include "prune/one_shot_settings.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace sl::ui {

// Run ▸ Prune trained model…: the choices of one-shot pruning (method, sparsity or an N:M
// pattern, calibration examples). It only collects them; the worker does the pruning.
class PruneDialog : public QDialog {
    Q_OBJECT
public:
    // maxCalibration: the training set's size, the most calibration examples there are.
    explicit PruneDialog(int maxCalibration, QWidget* parent = nullptr);

    sl::OneShotSettings settings() const;

    QComboBox* methodBox() const { return m_method; }
    QComboBox* patternBox() const { return m_pattern; }
    QDoubleSpinBox* sparsityBox() const { return m_sparsity; }
    QSpinBox* calibrationBox() const { return m_calibration; }

private:
    QComboBox* m_method;
    QComboBox* m_pattern;
    QDoubleSpinBox* m_sparsity;
    QSpinBox* m_calibration;
};

}  // namespace sl::ui
