#pragma once

#include <QWidget>

class QLabel;
class QSlider;

namespace sl::ui {

// How fast the engine steps: a slider over 1, 2, 5, 10, ... 1000 steps per second and, at the
// right end, "max" (as fast as the machine goes). Slow speeds let a class watch single mask
// updates happen; the 1-2-5 stops make the slider logarithmic.
class SpeedControl : public QWidget {
    Q_OBJECT
public:
    explicit SpeedControl(QWidget* parent = nullptr);

    // Steps per second; 0 = as fast as possible.
    double speed() const;
    // Moves to the stop nearest to stepsPerSecond (0 = max) without emitting speedChanged.
    void setSpeed(double stepsPerSecond);
    QSlider* slider() const { return m_slider; }
    QString labelText() const;

signals:
    void speedChanged(double stepsPerSecond);

private:
    void updateLabel();

    QSlider* m_slider = nullptr;
    QLabel* m_label = nullptr;
};

}  // namespace sl::ui
