#include "panels/run_list_panel.h"

#include "sparsity/method_descriptor.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QListView>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QShortcut>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include <cmath>

namespace sl::ui {
namespace {

// Two lines per run: the editable name in bold, the summary below it in a quieter colour.
class RunItemDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString name = opt.text;
        opt.text.clear();
        const QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        opt.text = name;
        // Drawn again by hand: the style tints a selected row's icon, and the swatch must show
        // exactly the colour the charts use.
        const QRect swatch =
            style->subElementRect(QStyle::SE_ItemViewItemDecoration, &opt, opt.widget);
        const QColor colour = index.data(Qt::DecorationRole).value<QColor>();
        if (colour.isValid() && swatch.isValid()) {
            painter->save();
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setPen(QPen(colour.darker(140), 1));
            painter->setBrush(colour);
            painter->drawRoundedRect(QRectF(swatch).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
            painter->restore();
        }
        const auto [nameRect, descriptionRect] = lines(opt);
        const bool selected = opt.state & QStyle::State_Selected;
        QColor text = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        painter->save();
        QFont bold = opt.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(text);
        painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(bold).elidedText(name, Qt::ElideRight, nameRect.width()));
        text.setAlphaF(0.75f);
        painter->setFont(opt.font);
        painter->setPen(text);
        const QString description = index.data(RunListPanel::DescriptionRole).toString();
        painter->drawText(
            descriptionRect, Qt::AlignLeft | Qt::AlignVCenter,
            opt.fontMetrics.elidedText(description, Qt::ElideRight, descriptionRect.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setHeight(std::max(size.height(), 2 * option.fontMetrics.height() + 10));
        return size;
    }

    void updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const override {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        QRect rect = lines(opt).first;
        rect.setHeight(std::max(rect.height(), editor->sizeHint().height()));
        editor->setGeometry(rect);
    }

private:
    static std::pair<QRect, QRect> lines(const QStyleOptionViewItem& opt) {
        const QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
        const QRect text = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
        const int half = text.height() / 2;
        return {QRect(text.left(), text.top(), text.width(), half),
                QRect(text.left(), text.top() + half, text.width(), text.height() - half)};
    }
};

double lastTestAccuracy(const RunSnapshot& snapshot) {
    for (auto it = snapshot.history.rbegin(); it != snapshot.history.rend(); ++it)
        if (it->hasTest()) return it->testAccuracy;
    return std::nan("");
}

}  // namespace

RunListPanel::RunListPanel(QWidget* parent) : QWidget(parent) {
    m_model = new QStandardItemModel(this);
    m_view = new QListView(this);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new RunItemDelegate(m_view));
    m_view->setIconSize(QSize(18, 18));
    m_view->setUniformItemSizes(true);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setMinimumSize(220, 120);

    m_keep = new QPushButton(this);
    m_rename = new QPushButton(this);
    m_remove = new QPushButton(this);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_keep);
    buttons->addStretch(1);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_remove);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(m_model, &QStandardItemModel::itemChanged, this, &RunListPanel::onItemChanged);
    connect(m_keep, &QPushButton::clicked, this, &RunListPanel::keepRequested);
    connect(m_rename, &QPushButton::clicked, this, [this] {
        if (m_view->currentIndex().isValid()) m_view->edit(m_view->currentIndex());
    });
    auto removeCurrent = [this] {
        const QModelIndex index = m_view->currentIndex();
        if (index.isValid() && !index.data(LiveRole).toBool())
            emit removeRequested(index.data(IdRole).toInt());
    };
    connect(m_remove, &QPushButton::clicked, this, removeCurrent);
    connect(new QShortcut(QKeySequence::Delete, m_view, nullptr, nullptr, Qt::WidgetShortcut),
            &QShortcut::activated, this, removeCurrent);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RunListPanel::updateButtons);
    retranslate();
}

void RunListPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) retranslate();
}

// The rows' descriptions follow with the next setRuns(), which the window sends at once.
void RunListPanel::retranslate() {
    m_view->setToolTip(tr("Runs to compare. Tick a run to overlay its curves on the charts in "
                          "its colour; double-click or press F2 to rename it."));
    m_keep->setText(tr("Keep current run"));
    m_keep->setToolTip(tr("Copy the run you are training into this list, so that the next run "
                          "can be compared with it."));
    m_rename->setText(tr("Rename"));
    m_rename->setToolTip(tr("Rename the selected run (F2)."));
    m_remove->setText(tr("Remove"));
    updateButtons();
}

QString RunListPanel::describe(const RunRecord& run) {
    QStringList parts;
    if (run.live) parts << tr("live");
    if (!run.snapshot) {
        parts << tr("no data yet");
        return parts.join(QStringLiteral(" · "));
    }
    const auto& sparsity = run.snapshot->config.sparsity;
    parts << QString::fromStdString(sparsity.method);
    // What the method aims at: regularizers have no target (the measured sparsity instead),
    // N:M has its pattern, structured removes a fraction of units.
    if (run.snapshot->emergentSparsity)
        parts << tr("%1% sparse (emergent)")
                     .arg(QLocale().toString(100.0 * run.snapshot->overallSparsity, 'g', 3));
    else if (sl::methodHeadline(sparsity.method) == sl::MethodHeadline::NmPattern)
        parts << QStringLiteral("%1:%2").arg(sparsity.nmN).arg(sparsity.nmM);
    else if (sl::methodHeadline(sparsity.method) == sl::MethodHeadline::UnitsRemoved)
        parts
            << tr("%1% of units removed").arg(QLocale().toString(100.0 * sparsity.target, 'g', 3));
    else if (sl::methodHeadline(sparsity.method) != sl::MethodHeadline::None)
        parts << tr("%1% sparse").arg(QLocale().toString(100.0 * sparsity.target, 'g', 3));
    const double accuracy = lastTestAccuracy(*run.snapshot);
    if (!std::isnan(accuracy))
        parts << tr("test acc %1%").arg(QLocale().toString(100.0 * accuracy, 'f', 1));
    else parts << tr("step %1").arg(QLocale().toString(run.snapshot->step));
    return parts.join(QStringLiteral(" · "));
}

void RunListPanel::fillItem(QStandardItem* item, const RunRecord& run) {
    item->setData(run.id, IdRole);
    item->setData(run.live, LiveRole);
    if (item->text() != run.name) item->setText(run.name);
    item->setData(run.name, NameRole);
    item->setData(run.color, Qt::DecorationRole);
    item->setCheckable(true);
    item->setCheckState(run.visible ? Qt::Checked : Qt::Unchecked);
    item->setData(run.visible, VisibleRole);
    const QString description = describe(run);
    item->setData(description, DescriptionRole);
    item->setToolTip(tr("<b>%1</b><br>%2<br>Tick to show its curves; double-click or F2 to "
                        "rename.")
                         .arg(run.name.toHtmlEscaped(), description.toHtmlEscaped()));
}

void RunListPanel::setRuns(const RunList& runs) {
    m_updating = true;
    bool sameRows = m_model->rowCount() == static_cast<int>(runs.size());
    for (int row = 0; sameRows && row < m_model->rowCount(); ++row)
        sameRows = m_model->item(row)->data(IdRole).toInt() == runs[row].id;
    // Same runs in the same order (the usual case: the live run's numbers moved): update in
    // place, so a selection or a rename in progress survives.
    if (!sameRows) {
        const int current = currentRunId();
        m_model->clear();
        for (std::size_t i = 0; i < runs.size(); ++i) m_model->appendRow(new QStandardItem);
        for (int row = 0; row < m_model->rowCount(); ++row)
            if (runs[row].id == current) m_view->setCurrentIndex(m_model->index(row, 0));
    }
    for (int row = 0; row < m_model->rowCount(); ++row) fillItem(m_model->item(row), runs[row]);
    m_updating = false;
    updateButtons();
}

int RunListPanel::currentRunId() const {
    const QModelIndex index = m_view->currentIndex();
    return index.isValid() ? index.data(IdRole).toInt() : -1;
}

void RunListPanel::onItemChanged(QStandardItem* item) {
    if (m_updating) return;
    const int id = item->data(IdRole).toInt();
    const bool visible = item->checkState() == Qt::Checked;
    if (visible != item->data(VisibleRole).toBool()) {
        m_updating = true;
        item->setData(visible, VisibleRole);
        m_updating = false;
        emit visibilityChanged(id, visible);
    }
    const QString name = item->text().trimmed();
    const QString previous = item->data(NameRole).toString();
    if (item->text() != previous) {
        m_updating = true;
        // An empty name would leave a legend entry nobody can point at: keep the old one.
        item->setText(name.isEmpty() ? previous : name);
        item->setData(item->text(), NameRole);
        m_updating = false;
        if (!name.isEmpty() && name != previous) emit renamed(id, name);
    }
}

void RunListPanel::updateButtons() {
    const QModelIndex index = m_view->currentIndex();
    m_rename->setEnabled(index.isValid());
    const bool live = index.isValid() && index.data(LiveRole).toBool();
    m_remove->setEnabled(index.isValid() && !live);
    m_remove->setToolTip(live ? tr("The live run cannot be removed; keep it and reset instead.")
                              : tr("Remove the selected kept run from the list (Delete)."));
}

}  // namespace sl::ui
