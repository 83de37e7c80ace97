#pragma once

#include <QObject>
#include <QPointer>
#include <vector>

class QAction;
class QWidget;

namespace sl::ui {

// Lets the transport keys (Space play/pause, N next mask update) work wherever the focus is in
// the window (#17): a spin box or a button would otherwise take the key as a shortcut
// override and the class sees nothing happen. A text field keeps a key only when it would
// accept the character: a free-text QLineEdit takes a space, a numeric spin box takes neither
// a space nor an N, so there the run goes on.
class TransportKeys : public QObject {
    Q_OBJECT
public:
    // Watches the application's shortcut overrides for the single-key shortcuts of `actions`
    // while the focus is inside `window`.
    TransportKeys(QWidget& window, std::vector<QAction*> actions, QObject* parent = nullptr);

    // True when the focused widget would take the typed text as input (the transport then
    // leaves the key to it).
    static bool wantsText(QWidget* focus, const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPointer<QWidget> m_window;
    std::vector<QPointer<QAction>> m_actions;
};

}  // namespace sl::ui
