#include "views/attention_map.h"

#include "views/palette.h"

#include <QPainter>
#include <algorithm>

namespace sl::ui {
namespace {

constexpr int kMinReadableCell = 12;  // below this, labels would overlap: drawn without them

QColor attentionColor(float p) {
    const QColor hot(palette::kAccent);
    const double t = std::clamp(double(p), 0.0, 1.0);
    return QColor::fromRgbF(float(1.0 + t * (hot.redF() - 1.0)),
                            float(1.0 + t * (hot.greenF() - 1.0)),
                            float(1.0 + t * (hot.blueF() - 1.0)));
}

}  // namespace

AttentionMap::AttentionMap(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void AttentionMap::setMap(const QStringList& characters, std::vector<float> weights) {
    const auto n = std::size_t(characters.size());
    if (weights.size() != n * n) {
        m_characters.clear();
        m_weights.clear();
    } else {
        m_characters = characters;
        m_weights = std::move(weights);
    }
    update();
}

int AttentionMap::labelWidth() const {
    const int n = count();
    if (n == 0) return 0;
    const int raw = std::min(width(), height()) / n;
    return raw >= kMinReadableCell ? fontMetrics().height() + 4 : 0;
}

int AttentionMap::cellSize() const {
    const int n = count();
    if (n == 0) return 0;
    const int label = labelWidth();
    return std::max(1, (std::min(width(), height()) - label) / n);
}

QRect AttentionMap::cellRect(int row, int col) const {
    const int c = cellSize();
    const int label = labelWidth();
    return {label + col * c, label + row * c, c, c};
}

void AttentionMap::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const int n = count();
    if (n == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("No prompt characters the model knows"));
        return;
    }
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) painter.fillRect(cellRect(i, j), attentionColor(value(i, j)));
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(cellRect(0, 0).united(cellRect(n - 1, n - 1)).adjusted(0, 0, -1, -1));
    if (labelWidth() == 0) return;
    painter.setPen(palette().color(QPalette::WindowText));
    const int label = labelWidth();
    for (int i = 0; i < n; ++i) {
        const QRect cell = cellRect(i, i);
        const QString ch =
            m_characters[i] == QLatin1String("\n") ? QStringLiteral("↵") : m_characters[i];
        painter.drawText(QRect(0, cell.top(), label, cell.height()), Qt::AlignCenter, ch);
        painter.drawText(QRect(cell.left(), 0, cell.width(), label), Qt::AlignCenter, ch);
    }
}

}  // namespace sl::ui
