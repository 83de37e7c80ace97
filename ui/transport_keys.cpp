#include "transport_keys.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>
#include <QValidator>
#include <QWidget>

namespace sl::ui {

TransportKeys::TransportKeys(QWidget& window, std::vector<QAction*> actions, QObject* parent)
    : QObject(parent), m_window(&window) {
    for (QAction* a : actions) m_actions.emplace_back(a);
}

bool TransportKeys::wantsText(QWidget* focus, const QString& text) {
    if (!focus || text.isEmpty()) return false;
    if (auto* spin = qobject_cast<QAbstractSpinBox*>(focus)) {
        // A number holds no space (QSpinBox's validator trims one away, so it would pass).
        if (spin->isReadOnly() || text.trimmed().isEmpty()) return false;
        // What the spin box would hold with the character typed at the cursor.
        auto* edit = spin->findChild<QLineEdit*>();
        QString candidate = edit ? edit->text() : QString();
        int position = edit ? edit->cursorPosition() : 0;
        if (edit && edit->hasSelectedText()) {
            position = edit->selectionStart();
            candidate.remove(position, edit->selectedText().size());
        }
        candidate.insert(position, text);
        position += int(text.size());
        return spin->validate(candidate, position) != QValidator::Invalid;
    }
    if (auto* combo = qobject_cast<QComboBox*>(focus)) return combo->isEditable();
    if (auto* edit = qobject_cast<QLineEdit*>(focus)) {
        if (edit->isReadOnly()) return false;
        const QValidator* validator = edit->validator();
        if (!validator) return true;
        QString candidate = edit->text();
        int position = edit->cursorPosition();
        candidate.insert(position, text);
        position += int(text.size());
        return validator->validate(candidate, position) != QValidator::Invalid;
    }
    if (auto* edit = qobject_cast<QTextEdit*>(focus)) return !edit->isReadOnly();
    if (auto* edit = qobject_cast<QPlainTextEdit*>(focus)) return !edit->isReadOnly();
    return false;
}

bool TransportKeys::eventFilter(QObject* watched, QEvent* event) {
    // The shortcut map asks the focus widget first (ShortcutOverride); a widget that accepts
    // gets the key as typing and the window's shortcut never fires.
    if (event->type() != QEvent::ShortcutOverride || !m_window) return false;
    auto* widget = qobject_cast<QWidget*>(watched);
    if (!widget || widget->window() != m_window || !widget->hasFocus()) return false;
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->modifiers() & ~Qt::KeypadModifier) return false;
    const QKeySequence typed(key->key());
    for (const QPointer<QAction>& action : m_actions) {
        if (!action || !action->shortcuts().contains(typed)) continue;
        if (wantsText(widget, key->text())) return false;
        // Swallowed without being accepted: the override is refused and the shortcut fires.
        event->ignore();
        return true;
    }
    return false;
}

}  // namespace sl::ui
