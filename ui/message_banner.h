#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace sl::ui {

// A one-line message across the top of the window: information (a missing data set) or an
// error (a diverged run). Never modal, so the window stays usable, and dismissable.
class MessageBanner : public QFrame {
    Q_OBJECT
public:
    explicit MessageBanner(QWidget* parent = nullptr);
    void showInfo(const QString& text);
    void showError(const QString& text);
    QString text() const;
    bool isError() const { return m_error; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void showText(const QString& text, bool error);
    QLabel* m_label;
    QToolButton* m_close;
    bool m_error = false;
};

}  // namespace sl::ui
