#pragma once

#include "charts/chart_widget.h"

#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

class QCheckBox;
class QLabel;
class QSlider;

namespace sl::ui {

// Train loss (left axis) and train and test accuracy (right axis, %) of every visible run, the
// train curves smoothed by an exponential moving average the user sets, with dashed markers where a
// parameter of the live run was changed. One run: roles in three colours; several runs: each
// run in its colour, loss solid, train accuracy dotted, test accuracy dashed with points.
class LossAccuracyChart : public ChartWidget {
    Q_OBJECT
public:
    explicit LossAccuracyChart(QWidget* parent = nullptr);

    void setRuns(const RunList& runs);
    // 0 draws every logged loss; 0.99 averages over roughly the last hundred points.
    void setSmoothing(double factor);
    double smoothing() const { return m_smoothing; }

    // The accuracy axis spans the data (runs at 85–88 % are told apart, #17) unless "0–100 %"
    // is ticked. [lo, hi] of the values, widened to steps of 5 with a margin, within 0–100.
    static std::pair<double, double> fittedRange(double lo, double hi);
    void setFullAccuracyRange(bool full);
    QValueAxis* accuracyAxis() const { return m_accuracyAxis; }
    QCheckBox* fullRangeBox() const { return m_fullRange; }
    // The large readout of the live (else the first visible) run's last test accuracy.
    QLabel* readout() const { return m_readout; }
    // Every visible run is a language model (model.kind gpt): loss in bits, no accuracy.
    bool languageModel() const { return m_languageModel; }

    // y_0 = x_0, y_i = a*y_(i-1) + (1-a)*x_i: the same smoothing TensorBoard's slider applies.
    static QList<QPointF> smoothed(const QList<QPointF>& points, double factor);

    const std::vector<QLineSeries*>& lossSeries() const { return m_loss; }
    const std::vector<QLineSeries*>& trainAccuracySeries() const { return m_trainAccuracy; }
    const std::vector<QLineSeries*>& testAccuracySeries() const { return m_testAccuracy; }
    // One point per loss spike of every visible run: (the step after the update, its loss).
    QScatterSeries* spikeSeries() const { return m_spikes; }
    // Empty series for runs without a validation set (data.validation 0).
    const std::vector<QLineSeries*>& validationAccuracySeries() const {
        return m_validationAccuracy;
    }

protected:
    void redraw() override;
    void retranslate() override;
    void applyDisplayScale() override;

private:
    RunList m_runs;
    bool m_languageModel = false;
    QLabel* m_label = nullptr;
    double m_smoothing = 0.6;
    QSlider* m_slider = nullptr;
    QLabel* m_sliderValue = nullptr;
    QCheckBox* m_fullRange = nullptr;
    QLabel* m_readout = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_lossAxis = nullptr;
    QValueAxis* m_accuracyAxis = nullptr;
    std::vector<QLineSeries*> m_loss;
    std::vector<QLineSeries*> m_trainAccuracy;
    std::vector<QLineSeries*> m_testAccuracy;
    QScatterSeries* m_spikes = nullptr;
    std::vector<QLineSeries*> m_validationAccuracy;
};

}  // namespace sl::ui
