#include "views/expert_routing_view.h"

#include "data/idx_dataset.h"
#include "views/palette.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace sl::ui {
namespace {

constexpr int kMargin = 8;
constexpr int kBarsHeight = 120;

QString percent(double f) { return QString::number(100.0 * f, 'f', f < 0.1 ? 1 : 0) + " %"; }

// The table's shade: the window background at 0, Okabe–Ito blue at 1.
QColor cellColor(const QColor& base, double f) {
    const QColor accent(palette::kAccent);
    const double t = std::clamp(f, 0.0, 1.0);
    return QColor::fromRgbF(
        static_cast<float>(base.redF() + t * (accent.redF() - base.redF())),
        static_cast<float>(base.greenF() + t * (accent.greenF() - base.greenF())),
        static_cast<float>(base.blueF() + t * (accent.blueF() - base.blueF())));
}

// The class names sl::fashionMnistClassNames() gives, marked for lupdate: the view shows them
// through QCoreApplication::translate(kClassContext, name).
constexpr const char* kClassContext = "sl::FashionMnist";
[[maybe_unused]] constexpr const char* kFashionMnistNames[] = {
    QT_TRANSLATE_NOOP("sl::FashionMnist", "T-shirt/top"),
    QT_TRANSLATE_NOOP("sl::FashionMnist", "Trouser"),
    QT_TRANSLATE_NOOP("sl::FashionMnist", "Pullover"),
    QT_TRANSLATE_NOOP("sl::FashionMnist", "Dress"),
    QT_TRANSLATE_NOOP("sl::FashionMnist", "Coat"),
    QT_TRANSLATE_NOOP("sl::FashionMnist", "Sandal"),
    QT_TRANSLATE_NOOP("sl::FashionMnist", "Shirt"),
    QT_TRANSLATE_NOOP("sl::FashionMnist", "Sneaker"),
    QT_TRANSLATE_NOOP("sl::FashionMnist", "Bag"),
    QT_TRANSLATE_NOOP("sl::FashionMnist", "Ankle boot")};

}  // namespace

ExpertRoutingView::ExpertRoutingView(QWidget* parent) : QWidget(parent) { setMouseTracking(true); }

void ExpertRoutingView::setSnapshot(const SnapshotPtr& snapshot) {
    m_snapshot = snapshot;
    m_classNames.clear();
    if (m_snapshot) {
        std::vector<std::string> names;
        if (m_snapshot->config.data.name == "fashion-mnist") names = fashionMnistClassNames();
        for (int c = 0; c < classes(); ++c)
            m_classNames << (c < static_cast<int>(names.size())
                                 ? QCoreApplication::translate(
                                       kClassContext, names[static_cast<std::size_t>(c)].c_str())
                                 : tr("class %1").arg(c));
    }
    update();
}

int ExpertRoutingView::experts() const {
    return m_snapshot ? static_cast<int>(m_snapshot->expertFraction.size()) : 0;
}

int ExpertRoutingView::classes() const {
    return m_snapshot ? static_cast<int>(m_snapshot->classRouting.size()) : 0;
}

bool ExpertRoutingView::hasRouting() const { return experts() > 0; }

ExpertRoutingView::Layout ExpertRoutingView::layoutFor(const QRect& area) const {
    Layout l;
    const QFontMetrics fm(font());
    const QRect inner = area.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    l.title = QRect(inner.left(), inner.top(), inner.width(), fm.height());
    int labelWidth = fm.horizontalAdvance(tr("class 00"));
    for (const QString& name : m_classNames)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(name));
    l.labelWidth = labelWidth + kMargin;
    const int columns = std::max(experts(), 1);
    l.columnWidth = std::max(1, (inner.width() - l.labelWidth) / columns);
    l.bars = QRect(inner.left() + l.labelWidth, l.title.bottom() + kMargin, l.columnWidth * columns,
                   kBarsHeight);
    // Below the bars: the experts' names, then the table title and the rows.
    const int tableTop = l.bars.bottom() + 2 * fm.height() + 2 * kMargin;
    const int rows = std::max(classes(), 1);
    l.rowHeight = std::max(fm.height() + 2, (inner.bottom() - tableTop) / rows);
    l.rowHeight = std::min(l.rowHeight, 2 * fm.height() + 8);
    l.table = QRect(l.bars.left(), tableTop, l.bars.width(), l.rowHeight * rows);
    return l;
}

// The bars' full height: a little above the largest share and the even share, so that the
// bars use the space whatever the number of experts.
double ExpertRoutingView::barScale() const {
    double top = 1.0 / std::max(experts(), 1);
    for (double f : m_snapshot->expertFraction) top = std::max(top, f);
    return std::min(1.0, 1.15 * top);
}

QRect ExpertRoutingView::barRect(int expert) const {
    if (expert < 0 || expert >= experts()) return {};
    const Layout l = layoutFor(rect());
    const double f =
        std::clamp(m_snapshot->expertFraction[static_cast<std::size_t>(expert)], 0.0, 1.0);
    const int height = std::max(1, static_cast<int>(f / barScale() * (l.bars.height() - 4)));
    const int pad = std::max(2, l.columnWidth / 6);
    return QRect(l.bars.left() + expert * l.columnWidth + pad, l.bars.bottom() - height,
                 l.columnWidth - 2 * pad, height);
}

QRect ExpertRoutingView::cellRect(int cls, int expert) const {
    if (cls < 0 || cls >= classes() || expert < 0 || expert >= experts()) return {};
    const Layout l = layoutFor(rect());
    return QRect(l.table.left() + expert * l.columnWidth, l.table.top() + cls * l.rowHeight,
                 l.columnWidth - 1, l.rowHeight - 1);
}

QString ExpertRoutingView::toolTipAt(QPoint pos) const {
    const Layout l = layoutFor(rect());
    for (int e = 0; e < experts(); ++e) {
        const QRect column(l.bars.left() + e * l.columnWidth, l.bars.top(), l.columnWidth,
                           l.bars.height());
        if (column.contains(pos))
            return tr("Expert %1 receives %2 of all routings (on a fixed batch of test "
                      "examples; with top-%3 routing every example counts %3 times).")
                .arg(e + 1)
                .arg(percent(m_snapshot->expertFraction[static_cast<std::size_t>(e)]))
                .arg(m_snapshot->config.model.topK);
        for (int c = 0; c < classes(); ++c)
            if (cellRect(c, e).contains(pos))
                return tr("%1 → expert %2: %3 of this class's routings.")
                    .arg(m_classNames.value(c))
                    .arg(e + 1)
                    .arg(percent(m_snapshot->classRouting[static_cast<std::size_t>(c)]
                                                         [static_cast<std::size_t>(e)]));
    }
    return {};
}

void ExpertRoutingView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) setSnapshot(m_snapshot);  // class names
}

bool ExpertRoutingView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void ExpertRoutingView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    const QColor text = palette().color(QPalette::WindowText);
    p.setPen(text);
    if (!hasRouting()) {
        p.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin),
                   Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Expert routing is shown for mixture-of-experts runs (model.kind = moe)."));
        return;
    }
    const Layout l = layoutFor(rect());
    const QFontMetrics fm(font());
    p.drawText(l.title, Qt::AlignLeft | Qt::AlignVCenter,
               tr("Share of routings per expert (top-%1 of %2)")
                   .arg(m_snapshot->config.model.topK)
                   .arg(experts()));

    // Bars, with the even share 1/E as a dashed line: a balanced gate puts every bar on it.
    const int even =
        l.bars.bottom() - static_cast<int>((l.bars.height() - 4) / (experts() * barScale()));
    for (int e = 0; e < experts(); ++e) {
        const QRect bar = barRect(e);
        p.fillRect(bar, palette::runColor(e));
        p.setPen(text);
        const double f = m_snapshot->expertFraction[static_cast<std::size_t>(e)];
        p.drawText(
            QRect(bar.left() - 10, bar.top() - fm.height() - 2, bar.width() + 20, fm.height()),
            Qt::AlignCenter, percent(f));
        p.drawText(QRect(l.bars.left() + e * l.columnWidth, l.bars.bottom() + 2, l.columnWidth,
                         fm.height()),
                   Qt::AlignCenter, tr("expert %1").arg(e + 1));
    }
    p.setPen(QPen(text, 1, Qt::DashLine));
    p.drawLine(l.bars.left(), even, l.bars.right(), even);
    p.setPen(text);
    p.drawText(QRect(l.title.left(), even - fm.height() / 2, l.labelWidth - kMargin, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, tr("even"));

    p.drawText(QRect(l.title.left(), l.table.top() - fm.height() - kMargin / 2, l.title.width(),
                     fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter,
               tr("Per class: share of its routings to each expert"));
    const QColor base = palette().color(QPalette::Base);
    for (int c = 0; c < classes(); ++c) {
        const QRect first = cellRect(c, 0);
        p.setPen(text);
        p.drawText(QRect(l.title.left(), first.top(), l.labelWidth - kMargin, first.height()),
                   Qt::AlignRight | Qt::AlignVCenter, m_classNames.value(c));
        for (int e = 0; e < experts(); ++e) {
            const QRect cell = cellRect(c, e);
            const double f =
                m_snapshot->classRouting[static_cast<std::size_t>(c)][static_cast<std::size_t>(e)];
            p.fillRect(cell, cellColor(base, f));
            p.setPen(f > 0.45 ? QColor(Qt::white) : palette().color(QPalette::Text));
            p.drawText(cell, Qt::AlignCenter, percent(f));
        }
    }
}

}  // namespace sl::ui
