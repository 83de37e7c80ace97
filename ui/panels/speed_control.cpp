#include "panels/speed_control.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include <array>
#include <cmath>
#include <limits>

namespace sl::ui {
namespace {

// The slider's stops; the last position past them means "max" (0).
constexpr std::array<double, 10> kStops{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
constexpr int kMaxPosition = static_cast<int>(kStops.size());

double speedAt(int position) { return position >= kMaxPosition ? 0.0 : kStops[position]; }

}  // namespace

SpeedControl::SpeedControl(QWidget* parent) : QWidget(parent) {
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, kMaxPosition);
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setValue(kMaxPosition);
    m_slider->setMinimumWidth(140);
    const QString tip =
        tr("<p>How many training steps per second. Slow speeds (2 or 10 steps/s) let you "
           "watch single mask updates: weights being pruned and regrown in the heatmap. "
           "<b>max</b> trains as fast as the computer can.</p>");
    m_slider->setToolTip(tip);
    m_label = new QLabel(this);
    m_label->setToolTip(tip);
    // Wide enough for the longest text, so the slider does not jump as the label changes.
    m_label->setMinimumWidth(m_label->fontMetrics().horizontalAdvance(tr("Speed: 1000 steps/s")) +
                             4);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_slider, 1);
    connect(m_slider, &QSlider::valueChanged, this, [this] {
        updateLabel();
        emit speedChanged(speed());
    });
    updateLabel();
}

double SpeedControl::speed() const { return speedAt(m_slider->value()); }

void SpeedControl::setSpeed(double stepsPerSecond) {
    int best = kMaxPosition;
    if (stepsPerSecond > 0.0) {
        double bestDistance = std::numeric_limits<double>::infinity();
        for (int i = 0; i < kMaxPosition; ++i) {
            const double distance = std::abs(std::log(kStops[i] / stepsPerSecond));
            if (distance < bestDistance) bestDistance = distance, best = i;
        }
    }
    const QSignalBlocker block(m_slider);
    m_slider->setValue(best);
    updateLabel();
}

QString SpeedControl::labelText() const { return m_label->text(); }

void SpeedControl::updateLabel() {
    const double s = speed();
    m_label->setText(s == 0.0 ? tr("Speed: max") : tr("Speed: %1 steps/s").arg(s));
}

}  // namespace sl::ui
