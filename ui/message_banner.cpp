#include "message_banner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace sl::ui {

MessageBanner::MessageBanner(QWidget* parent)
    : QFrame(parent), m_label(new QLabel), m_close(new QToolButton) {
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = m_close;
    close->setText("×");
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss this message"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 4, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(close);
    hide();
}

void MessageBanner::changeEvent(QEvent* event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) m_close->setToolTip(tr("Dismiss this message"));
}

void MessageBanner::showInfo(const QString& text) { showText(text, false); }
void MessageBanner::showError(const QString& text) { showText(text, true); }
QString MessageBanner::text() const { return m_label->text(); }

void MessageBanner::showText(const QString& text, bool error) {
    m_error = error;
    m_label->setText(text);
    setStyleSheet(error ? "MessageBanner { background: #fbe3d6; border: 1px solid #d55e00; }"
                        : "MessageBanner { background: #dcecf7; border: 1px solid #0072b2; }");
    show();
}

}  // namespace sl::ui
